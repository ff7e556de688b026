// Formatting of figures, dates and periods for the dashboard. Pure (no DOM, no fetch): every number
// shown comes from the API; this module only words it ("about 40", "more than 13,000",
// "189,500–223,000", "Oct 2021"). Unit-tested in test/format.unit.test.ts.
import type { DatePrecision } from '../server/domain/report-fields';

export { formatDay, formatFigure, formatNumber, qualifierWords, type FigureFields } from '../server/domain/wording';
import { formatDay, formatNumber } from '../server/domain/wording';

/** A signed number for gaps: 60 → "+60", -3 → "−3", 0 → "0". */
export function formatSigned(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n > 0) return `+${formatNumber(n)}`;
  if (n < 0) return `−${formatNumber(Math.abs(n))}`;
  return '0';
}

/** A tally's period: "1 Jan 2021 – 2 Dec 2021"; an undated start gives the date alone. */
export function formatPeriod(periodStart: string | null | undefined, date: string, precision: DatePrecision = 'day'): string {
  if (!periodStart) return formatDay(date, precision);
  return `${formatDay(periodStart)} – ${formatDay(date, precision)}`;
}

/** "1 report", "3 reports" */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** Label for a metric: "killed" → "Killed". */
export function metricLabel(metric: string): string {
  return metric.length ? metric[0]!.toUpperCase() + metric.slice(1) : metric;
}

/** Label for a kind in the plural: "incident" → "incidents". */
export function kindLabel(kind: string): string {
  return kind === 'tally' ? 'tallies' : `${kind}s`;
}
