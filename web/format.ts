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

/** "since 1 Jan 2021" */
export function formatSince(periodStart: string): string {
  return `since ${formatDay(periodStart)}`;
}

export interface CompareSourceLike {
  source: string;
  so_far: number | null;
  so_far_to?: string | null;
  prev_same_day: number | null;
  prev_same_day_to?: string | null;
  prev_full: number | null;
  prev_full_is_full?: boolean;
  prev_full_to?: string | null;
}

/** The words for a year's "so far" figure and the year before, as the API gives them. */
export function compareSentence(
  row: CompareSourceLike,
  year: number,
  prevYear: number,
  opts: { soFarText?: string; prevFullText?: string; prevSameDayText?: string; derived?: boolean; day?: string | null } = {},
): string {
  const soFar = opts.soFarText ?? formatNumber(row.so_far);
  const prevFull = opts.prevFullText ?? formatNumber(row.prev_full);
  const parts: string[] = [];
  if (row.so_far !== null) {
    const to = row.so_far_to ?? opts.day ?? null;
    parts.push(`${soFar} so far in ${year}${to ? ` (to ${formatDay(to)})` : ''}`);
  } else {
    parts.push(`no figure yet for ${year}`);
  }
  if (row.prev_full !== null) {
    const full = opts.derived || row.prev_full_is_full !== false;
    const when = full ? `in all of ${prevYear}` : `in ${prevYear} (latest tally, ${formatDay(row.prev_full_to ?? null)})`;
    parts.push(`against ${prevFull} ${when}`);
  } else {
    parts.push(`no figure for ${prevYear}`);
  }
  const sentence = `${row.source}: ${parts.join(', ')}`;
  return opts.derived ? `${sentence} (derived from a cumulative series)` : sentence;
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
