// The running total of counted events: per-day sums with prefix sums, and its reduction to buckets.
import { bucketStart } from '../domain/dates';
import type { Bucket, RunningPoint } from '../domain/figure-types';
import { lowerBound, upperBound } from '../domain/sorted';
import type { DayRow, Window } from './source';

/** Per-day sums with prefix sums, for the count over any span in O(log n). */
export class DailyCount {
  readonly days: string[] = [];
  readonly total: number[] = [];
  readonly low: number[] = [];
  readonly high: number[] = [];
  /** How many counted events in all. */
  readonly events: number = 0;
  /** cum[i] = sum of total over days[0..i-1] (cum has days.length + 1 entries). */
  private readonly cum: number[] = [0];

  /** `rows` ordered by day, one per day. */
  constructor(rows: readonly DayRow[]) {
    let s = 0;
    let events = 0;
    for (const d of rows) {
      this.days.push(d.date);
      this.total.push(d.total);
      this.low.push(d.low);
      this.high.push(d.high);
      this.cum.push((s += d.total));
      events += d.events;
    }
    this.events = events;
  }

  /** The count over from … to, both ends included. */
  over(from: string, to: string): number {
    if (from > to) return 0;
    return this.cum[upperBound(this.days, to)]! - this.cum[lowerBound(this.days, from)]!;
  }

  /** The last day with events on or before `day`, or null. */
  lastDayUpTo(day: string): string | null {
    const i = upperBound(this.days, day) - 1;
    return i >= 0 ? this.days[i]! : null;
  }
}

export const windowTest = (w: Window) => (d: string): boolean => (w.from === undefined || d >= w.from) && (w.to === undefined || d <= w.to);

/** The running total: one point per day with events in the window, summed from the window's start. */
export function runningOf(daily: DailyCount, inWindow: (d: string) => boolean): RunningPoint[] {
  const running: RunningPoint[] = [];
  let total = 0;
  let low = 0;
  let high = 0;
  for (let i = 0; i < daily.days.length; i++) {
    const d = daily.days[i]!;
    if (!inWindow(d)) continue;
    total += daily.total[i]!;
    low += daily.low[i]!;
    high += daily.high[i]!;
    running.push({ date: d, total, low, high });
  }
  return running;
}

/** How many buckets the (sorted) dates fall in. */
export function countBuckets(dates: readonly string[], bucket: Bucket): number {
  let n = 0;
  let prev: string | undefined;
  for (const d of dates) {
    const k = bucketStart(d, bucket);
    if (k !== prev) n++;
    prev = k;
  }
  return n;
}

/** Keeps the last element of each run of equal buckets (input sorted by date). */
export function lastPerBucket<T>(items: readonly T[], dateOf: (t: T) => string, bucket: Bucket): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const next = items[i + 1];
    if (next === undefined || bucketStart(dateOf(items[i]!), bucket) !== bucketStart(dateOf(next), bucket)) out.push(items[i]!);
  }
  return out;
}
