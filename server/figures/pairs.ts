// Which tallies are compared (DESIGN "Disagreements"): two tallies of two sources with the same party,
// metric and period_start, each the other's nearest tally of its source with that period_start —
// nearest in date; on a tie the earlier date, and of several tallies on that date the last in series
// order. So a monthly figure is compared once with a daily series' figure of its day, not with every
// day around it. Whether a compared pair is far enough apart in days, and differs enough to be flagged,
// is decided in SQL over the kept pairs (`exceedsRatio` in server/db/sql/rules.ts; the pairs are kept by
// server/db/store/pair-upkeep.ts and read by server/db/store/disagreements.ts).

import { dayNumber } from '../domain/dates';
import { upperBound } from '../domain/sorted';

/** A tally of one series as the rule needs it. */
export interface PairTally { id: number; date: string; rep: string; fig: number }

/** A compared pair: `a` of the first series given, `b` of the second, with their day numbers. */
export interface ComparedPair { a: PairTally; b: PairTally; aDay: number; bDay: number; days: number }

/** Of each date, the tally last in series order (date, reported-on day, id): only these can be anyone's
 *  nearest. Input in any order; output by date. */
export function representatives(tallies: readonly PairTally[]): PairTally[] {
  const byDate = new Map<string, PairTally>();
  for (const t of tallies) {
    const c = byDate.get(t.date);
    if (!c || c.rep < t.rep || (c.rep === t.rep && c.id < t.id)) byDate.set(t.date, t);
  }
  return [...byDate.values()].sort((x, y) => (x.date < y.date ? -1 : 1));
}

/** The index in `reps` (by date, one per date) of the nearest to day `d`; −1 when `reps` is empty. */
function nearest(reps: readonly PairTally[], days: readonly number[], d: number): number {
  const lo = upperBound(days, d);
  // lo − 1: the last dated on or before d; lo: the first dated after.
  if (lo === 0) return reps.length === 0 ? -1 : 0;
  if (lo === reps.length) return lo - 1;
  return d - days[lo - 1]! <= days[lo]! - d ? lo - 1 : lo;
}

/** A series ready for comparing: its representatives by date and their day numbers. */
export interface PreparedSeries { reps: PairTally[]; days: number[] }

export function prepareSeries(tallies: readonly PairTally[]): PreparedSeries {
  const reps = representatives(tallies);
  return { reps, days: reps.map((t) => dayNumber(t.date)) };
}

/** The compared pairs of two series at most `maxDays` apart: mutual nearest representatives. Either
 *  series may be a part of itself, as long as it holds every tally that can be nearest to the other's
 *  tallies that matter (the caller's window). */
export function comparedPairs(seriesA: PreparedSeries, seriesB: PreparedSeries, maxDays: number): ComparedPair[] {
  const { reps: a, days: aDays } = seriesA;
  const { reps: b, days: bDays } = seriesB;
  const out: ComparedPair[] = [];
  for (let i = 0; i < a.length; i++) {
    const j = nearest(b, bDays, aDays[i]!);
    if (j < 0) break;
    const days = Math.abs(aDays[i]! - bDays[j]!);
    if (days > maxDays) continue;
    if (nearest(a, aDays, bDays[j]!) === i) out.push({ a: a[i]!, b: b[j]!, aDay: aDays[i]!, bDay: bDays[j]!, days });
  }
  return out;
}
