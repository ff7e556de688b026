// The words for a figure and the days it covers (DESIGN, "Same-period comparison"): a figure is called
// "so far in Y" only when it starts on 1 January of Y (and then it names its last day), "in all of Y"
// only when it covers 1 January to 31 December; any other figure names its days ("290,000 from 24 Feb
// to 31 Dec 2022", "6 from 1 to 30 Nov 2021"). Pure: no DOM, unit-tested in test/wording.unit.test.ts.
import type { CompareCount, CompareDerivedRow, CompareSourceRow } from '../server/domain/figure-types';
import { formatDay } from './format';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "from 1 to 30 Nov 2021", "from 24 Feb to 31 Dec 2022", "from 27 Dec 2023 to 4 Dec 2024", "on 5 Mar 2022". */
export function daysWords(from: string, to: string): string {
  if (from === to) return `on ${formatDay(to)}`;
  const [fy, fm, fd] = from.split('-');
  const [ty, tm] = to.split('-');
  if (fy === ty && fm === tm) return `from ${Number(fd)} to ${formatDay(to)}`;
  if (fy === ty) return `from ${Number(fd)} ${MONTHS[Number(fm) - 1]} to ${formatDay(to)}`;
  return `from ${formatDay(from)} to ${formatDay(to)}`;
}

/** Two days, the second not before the first: "31 Mar 2022", "10 and 11 Oct 2023", "31 Jan and 1 Feb 2024". */
export function twoDays(d1: string, d2: string): string {
  if (d1 === d2) return formatDay(d1);
  const [fy, fm, fd] = d1.split('-');
  const [ty, tm] = d2.split('-');
  if (fy === ty && fm === tm) return `${Number(fd)} and ${formatDay(d2)}`;
  if (fy === ty) return `${Number(fd)} ${MONTHS[Number(fm) - 1]} and ${formatDay(d2)}`;
  return `${formatDay(d1)} and ${formatDay(d2)}`;
}

/**
 * The span of a figure in words. `soFarYear`: the comparison's year when this is its "so far" figure,
 * which may then be called "so far in Y". Null days (a null figure's) give no words at all
 * rather than a guess.
 */
export function spanWords(from: string | null, to: string | null, soFarYear: number | null = null): string {
  if (!from || !to) return '';
  const y = from.slice(0, 4);
  if (from === `${y}-01-01` && to === `${y}-12-31`) return `in all of ${Number(y)}`;
  if (soFarYear !== null && from === `${String(soFarYear).padStart(4, '0')}-01-01` && to.slice(0, 4) === y) {
    return `so far in ${soFarYear} (to ${formatDay(to)})`;
  }
  return daysWords(from, to);
}

/** One figure of a comparison row: its value, the days it covers, and the tallies it was taken from. */
export interface FigurePhrase {
  value: number;
  from: string | null;
  to: string | null;
  /** The tallies behind it: the one it ends on, and for a derived figure the one it starts after. */
  ids: number[];
  /** The span in words ("so far in 2021 (to 2 Dec 2021)", "from 1 to 30 Nov 2021"). */
  words: string;
}

export type Which = 'so_far' | 'prev_same_day' | 'prev_full';

const pad = (y: number) => String(y).padStart(4, '0');

/** A year-start source's figure: one tally, counted from 1 January of its year. */
export function sourcePhrase(row: CompareSourceRow, which: Which, year: number): FigurePhrase | null {
  const value = row[which];
  if (value === null) return null;
  const to = row[`${which}_to`];
  const y = which === 'so_far' ? year : year - 1;
  const from = `${pad(y)}-01-01`;
  const id = row[`${which}_id`];
  return { value, from, to, ids: id === null ? [] : [id], words: spanWords(from, to, which === 'so_far' ? year : null) };
}

/** A derived figure: the difference between two tallies of a series (or from its start). */
export function derivedPhrase(row: CompareDerivedRow, which: Which, year: number): FigurePhrase | null {
  const value = row[which];
  if (value === null) return null;
  const from = row[`${which}_from`];
  const to = row[`${which}_to`];
  const ids = [row[`${which}_base_id`], row[`${which}_id`]].filter((x): x is number => x !== null);
  return { value, from, to, ids, words: spanWords(from, to, which === 'so_far' ? year : null) };
}

/** The count's figure over a span of the comparison. */
export function countPhrase(count: CompareCount, which: Which, year: number): FigurePhrase | null {
  const value = count[which];
  if (value === null) return null;
  const from = count[`${which}_from`];
  const to = count[`${which}_to`];
  return { value, from, to, ids: [], words: spanWords(from, to, which === 'so_far' ? year : null) };
}

/** The latest tally date a row shows: how recent a source's figures are (the headline's order). */
export function latestTo(row: CompareSourceRow | CompareDerivedRow): string {
  return [row.so_far_to, row.prev_same_day_to, row.prev_full_to].reduce<string>((m, d) => (d && d > m ? d : m), '');
}
