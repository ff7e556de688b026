// The rules of DESIGN.md's derived figures as SQL fragments, each written once: the summary tables'
// triggers (generated into a migration by scripts/generate-summaries.ts), their rebuild, and the
// store's queries all take them from here. `r` is a row prefix such as 'new.', 'old.' or 'q.'.
import type { Bucket } from '../../domain/figure-types';

/** A report's figure in all arithmetic: its value, or, for a range stated without one, its low. */
export const figure = (r = '') => `coalesce(${r}value, ${r}low)`;
/** The low and high end a report gives to its event's band. */
export const bandLow = (r = '') => `coalesce(${r}low, ${r}value)`;
export const bandHigh = (r = '') => `coalesce(${r}high, ${r}value, ${r}low)`;
/** The day a report counts as reported on: its reported_on, else its date. */
export const reportedOn = (r = '') => `coalesce(${r}reported_on, ${r}date)`;

/** An event's chosen report comes first in this order: the latest reported_on, then the smallest
 *  figure, then the earliest date, then the source (code points: SQLite's BINARY collation of UTF-8),
 *  then the lowest id. The result does not depend on the order reports were entered. */
export const eventOrder = (r = '') => `${reportedOn(r)} DESC, ${figure(r)}, ${r}date, ${r}source, ${r}id`;

/** Series order of tallies: date, then reported-on day, then id (`DESC` reverses every key). */
export const seriesOrder = (r = '', dir: '' | ' DESC' = '') =>
  `${r}date${dir}, ${reportedOn(r)}${dir}, ${r}id${dir}`;
/** The same order as a row value, for comparisons such as `(…) < (…)`. */
export const seriesKey = (r = '') => `(${r}date, ${reportedOn(r)}, ${r}id)`;

/** The reports an event's summary reads: live incidents. */
export const liveIncident = (r = '') => `${r}deleted = 0 AND ${r}kind = 'incident'`;
export const liveTally = (r = '') => `${r}deleted = 0 AND ${r}kind = 'tally'`;

/** The first day of the bucket a day falls in: the same boundaries as bucketStart in
 *  server/domain/dates.ts (ISO weeks from Monday); a test holds the two equal over every bucket. */
export function bucketStart(bucket: Bucket, d: string): string {
  switch (bucket) {
    case 'day': return d;
    case 'week': return `date(${d}, '-' || ((CAST(strftime('%w', ${d}) AS INTEGER) + 6) % 7) || ' days')`;
    case 'month': return `substr(${d}, 1, 8) || '01'`;
    case 'quarter': return `substr(${d}, 1, 5) || printf('%02d', ((CAST(substr(${d}, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01'`;
    case 'year': return `substr(${d}, 1, 4) || '-01-01'`;
  }
}

/** The last day of the bucket that starts on `start` (SQLite's date() ends with year 9999: the last
 *  bucket ends on 9999-12-31). */
export function bucketEndOfStart(bucket: Bucket, start: string): string {
  switch (bucket) {
    case 'day': return start;
    case 'week': return `coalesce(date(${start}, '+6 days'), '9999-12-31')`;
    case 'month': return `coalesce(date(${start}, '+1 month', '-1 day'), '9999-12-31')`;
    case 'quarter': return `coalesce(date(${start}, '+3 months', '-1 day'), '9999-12-31')`;
    case 'year': return `substr(${start}, 1, 4) || '-12-31'`;
  }
}

/** A compared pair is flagged when its figures differ by more than `ratio` of the larger (strictly),
 *  compared in whole millionths so floating point cannot flag a pair that differs by exactly the ratio.
 *  `ratioPpm` is an SQL expression or literal: round(ratio × 1,000,000). */
export const exceedsRatio = (ratioPpm: string, r = '') => `${r}difference * 1000000 > ${ratioPpm} * ${r}larger`;

/** The order of flagged pairs from the largest difference relative to the larger figure: the ratio as
 *  a double, which orders exactly for figures below 94,906,265 (√2⁵³); then the earlier tally, then ids. */
export const largestFirst = (r = '') => `${r}rel DESC, ${r}first_day, ${r}a_id, ${r}b_id`;
