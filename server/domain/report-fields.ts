// The report's fields, kinds and small helpers, without the schemas: the dashboard's first load
// takes these alone, and zod only comes with the form (web/writing.ts is loaded on demand).
// Imports nothing but a type: the browser bundle uses it.
import type { Report } from './api/report';

export const METRICS = ['killed', 'wounded', 'casualties', 'missing', 'captured', 'troops'] as const;
export const KINDS = ['incident', 'tally', 'estimate'] as const;
export const QUALIFIERS = ['exact', 'about', 'at_least', 'at_most'] as const;
export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;

export type Metric = (typeof METRICS)[number];
export type Kind = (typeof KINDS)[number];
export type Qualifier = (typeof QUALIFIERS)[number];
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** The input fields of a report, in CSV header order (after `id`). */
export const REPORT_INPUT_FIELDS = [
  'date', 'date_precision', 'period_start', 'source', 'via', 'party', 'metric', 'kind', 'value',
  'qualifier', 'low', 'high', 'location', 'event', 'reported_on', 'url', 'quote', 'notes',
] as const;
export type ReportInputField = (typeof REPORT_INPUT_FIELDS)[number];

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (rejects 2021-02-30). */
export function isCalendarDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  // Years before 1000 are refused: none is plausible here, and Date.UTC reads 0–99 as 1900–1999.
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The last day of the month of an ISO day: 2021-10-05 -> 2021-10-31. */
export function lastDayOfMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const mo = Number(day.slice(5, 7));
  return `${day.slice(0, 7)}-${String(daysInMonth(y, mo)).padStart(2, '0')}`;
}

/** A stored report as the API returns it: every field present, `null` where absent (its zod schema is
 *  in api/report.ts; the type comes type-only, so this module stays free of zod). */
export type { Report };

/** The figure used in all arithmetic: the value, or for a range stated without one its low. */
export function figureOf(r: Pick<Report, 'value' | 'low'>): number {
  return r.value ?? r.low ?? 0;
}

/** The input fields of a stored report, with null for absent (for comparing and re-writing). */
export function inputOf(r: Report): Record<ReportInputField, string | number | null> {
  const out = {} as Record<ReportInputField, string | number | null>;
  for (const f of REPORT_INPUT_FIELDS) out[f] = r[f];
  return out;
}
