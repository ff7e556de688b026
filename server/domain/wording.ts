// Figures and days in words, for people: "about 40", "more than 13,000", "189,500–223,000", "2 Dec 2021",
// "Oct 2021", and a report as one sentence ("AFP: 61 Ukrainian forces killed from 1 Jan 2021, as of
// 2 Dec 2021"). Shared by the dashboard and the server's feed. Pure: imports nothing but types.
import type { DatePrecision, Qualifier, Report } from './report-fields';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** 13000 → "13,000"; null → "—". */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return numberFormat.format(n);
}

/** An ISO day written for people, at its precision: "2 Dec 2021", "Oct 2021", "2021". */
export function formatDay(day: string | null | undefined, precision: DatePrecision = 'day'): string {
  if (!day) return '—';
  const m = /^(-?\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const year = m[1]!;
  const month = MONTHS[Number(m[2]) - 1];
  if (month === undefined) return day;
  if (precision === 'year') return year;
  if (precision === 'month') return `${month} ${year}`;
  return `${Number(m[3])} ${month} ${year}`;
}

const QUALIFIER_WORDS: Record<Qualifier, string> = {
  exact: '',
  about: 'about',
  at_least: 'more than',
  at_most: 'up to',
};

/** The words put before a figure for its qualifier ("" for exact). */
export function qualifierWords(q: Qualifier | null | undefined): string {
  return q ? QUALIFIER_WORDS[q] ?? '' : '';
}

export interface FigureFields {
  value: number | null;
  qualifier?: Qualifier | null;
  low?: number | null;
  high?: number | null;
}

/**
 * A report's figure as stated, with its qualifier and range:
 * "61", "about 40", "more than 13,000", "189,500–223,000", "about 61 (50–70)", "61 (at least 50)".
 */
export function formatFigure(r: FigureFields): string {
  const q = qualifierWords(r.qualifier);
  const low = r.low ?? null;
  const high = r.high ?? null;
  let core: string;
  if (r.value === null) {
    if (low !== null && high !== null) core = `${formatNumber(low)}–${formatNumber(high)}`;
    else if (low !== null) core = formatNumber(low);
    else if (high !== null) core = formatNumber(high);
    else return '—';
    return q ? `${q} ${core}` : core;
  }
  core = formatNumber(r.value);
  let range = '';
  if (low !== null && high !== null) range = ` (${formatNumber(low)}–${formatNumber(high)})`;
  else if (low !== null) range = ` (at least ${formatNumber(low)})`;
  else if (high !== null) range = ` (at most ${formatNumber(high)})`;
  return `${q ? `${q} ` : ''}${core}${range}`;
}

/** When a report's figure holds: an incident's day ("on 1 Dec 2021", "in Oct 2021"), a tally's period
 *  ("from 1 Jan 2021, as of 2 Dec 2021"), an estimate's moment ("as of 2 Dec 2021"). */
function whenOf(r: Pick<Report, 'kind' | 'date' | 'date_precision' | 'period_start'>): string {
  const date = formatDay(r.date, r.date_precision);
  if (r.kind === 'incident') return r.date_precision === 'day' ? `on ${date}` : `in ${date}`;
  if (r.kind === 'tally' && r.period_start) return `from ${formatDay(r.period_start)}, as of ${date}`;
  return `as of ${date}`;
}

/** A report in one sentence: "AFP: 61 Ukrainian forces killed from 1 Jan 2021, as of 2 Dec 2021". */
export function reportSentence(r: Pick<Report, 'source' | 'party' | 'metric' | 'kind' | 'date' | 'date_precision' | 'period_start' | 'value' | 'qualifier' | 'low' | 'high'>): string {
  return `${r.source}: ${formatFigure(r)} ${r.party} ${r.metric} ${whenOf(r)}`;
}
