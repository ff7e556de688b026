// Calendar days written YYYY-MM-DD (string order is date order) and the buckets of DESIGN's "Size".
// Imports nothing: shared by the server's figures and the page's wording.
import type { Bucket } from './figure-types';

/** Days since 1970-01-01 of an ISO day. */
export function dayNumber(day: string): number {
  return Math.round(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000);
}

/** An ISO day from days since 1970-01-01. */
export function dayOfNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

export const addDays = (day: string, n: number): string => dayOfNumber(dayNumber(day) + n);

export const yearOf = (day: string): number => Number(day.slice(0, 4));
const yearString = (y: number): string => String(y).padStart(4, '0');
export const yearStart = (y: number): string => `${yearString(y)}-01-01`;
export const yearEnd = (y: number): string => `${yearString(y)}-12-31`;

/** The same calendar day one year earlier; 29 February → 28 February. */
export function sameDayYearBefore(day: string): string {
  const md = day.slice(5);
  return `${yearString(yearOf(day) - 1)}-${md === '02-29' ? '02-28' : md}`;
}

/** The first day of the bucket a day falls in (ISO weeks start on Monday). The summary tables use the
 *  same boundaries, written once in SQL (server/db/sql/rules.ts); a test holds the two equal. */
export function bucketStart(day: string, bucket: Bucket): string {
  switch (bucket) {
    case 'day': return day;
    case 'week': {
      const n = dayNumber(day);
      // 1970-01-01 was a Thursday: (n + 3) mod 7 is 0 on Mondays.
      return dayOfNumber(n - (((n + 3) % 7) + 7) % 7);
    }
    case 'month': return `${day.slice(0, 7)}-01`;
    case 'quarter': return `${day.slice(0, 5)}${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year': return `${day.slice(0, 4)}-01-01`;
  }
}

/** The last day a report may be dated (the schema's calendar ends with year 9999). */
export const LAST_DAY = '9999-12-31';

/** The first and last day of the bucket a day falls in (the last bucket ends on LAST_DAY). */
export function bucketSpan(day: string, bucket: Bucket): [string, string] {
  const start = bucketStart(day, bucket);
  switch (bucket) {
    case 'day': return [start, start];
    case 'week': return [start, start >= '9999-12-25' ? LAST_DAY : addDays(start, 6)];
    case 'year': return [start, `${day.slice(0, 4)}-12-31`];
    case 'month':
    case 'quarter': {
      const y = Number(start.slice(0, 4));
      const m = Number(start.slice(5, 7)) + (bucket === 'month' ? 1 : 3);
      if (m > 12 && y === 9999) return [start, LAST_DAY];
      const next = m > 12 ? `${yearString(y + 1)}-01-01` : `${yearString(y)}-${String(m).padStart(2, '0')}-01`;
      return [start, addDays(next, -1)];
    }
  }
}

/** Code-point order of two strings (DESIGN's order of sources; SQLite's BINARY collation of UTF-8
 *  agrees). JavaScript's `<` compares UTF-16 units, which puts U+10000… before U+E000…U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF) stand for code points above FFFF: they sort after every other unit.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
