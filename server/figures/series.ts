// The series answer (DESIGN "Derived figures"): the running total, each tally against what was counted
// over its period, the derived increments, the decreases and the estimates, reduced to buckets when the
// main chart would carry more than max_points points.
import { addDays, bucketSpan, compareCodePoints } from '../domain/dates';
import {
  BUCKETS, DEFAULT_MAX_POINTS,
  type Bucket, type Claim, type Decrease, type Increment, type SeriesOptions, type SeriesResult, type TallyFields,
} from '../domain/figure-types';
import { DailyCount, countBuckets, lastPerBucket, runningOf, windowTest } from './running';
import type { FigureSource, TallyRef, Window } from './source';

/** Series order: date, then reported_on (missing → date), then id. */
export const seriesOrder = (a: TallyRef, b: TallyRef): number =>
  (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0) || a.id - b.id;
const byDateThenId = (a: { date: string; id: number }, b: { date: string; id: number }): number =>
  (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || a.id - b.id;

// The answers that extend a tally copy its fields into one object literal: much faster to build, sort
// and serialise than a spread, and free of any extra properties the input objects carry.
function claimOf(r: TallyFields, computed: number, gap: number): Claim {
  return {
    id: r.id, source: r.source, party: r.party, metric: r.metric, kind: r.kind, date: r.date, date_precision: r.date_precision,
    period_start: r.period_start, value: r.value, qualifier: r.qualifier, low: r.low, high: r.high, reported_on: r.reported_on,
    computed, gap,
  };
}
function decreaseOf(r: TallyFields, before: { fig: number; id: number; date: string }): Decrease {
  return {
    id: r.id, source: r.source, party: r.party, metric: r.metric, kind: r.kind, date: r.date, date_precision: r.date_precision,
    period_start: r.period_start, value: r.value, qualifier: r.qualifier, low: r.low, high: r.high, reported_on: r.reported_on,
    previous: before.fig, previous_id: before.id, previous_date: before.date,
  };
}

/** One series' shown claims (all its tallies in the window, or the last per bucket), in series order,
 *  and the tally before its first tally in the window, if any. */
interface ShownSeries { source: string; period_start: string; shown: TallyRef[]; before: TallyRef | null }

/** The tallies grouped into series, each in series order, ordered by source then period_start. */
function groupSeries(tallies: readonly TallyRef[]): { source: string; period_start: string; tallies: TallyRef[] }[] {
  const byKey = new Map<string, { source: string; period_start: string; tallies: TallyRef[] }>();
  for (const t of tallies) {
    const key = `${t.source}\u001f${t.period_start}`;
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { source: t.source, period_start: t.period_start, tallies: [] }));
    s.tallies.push(t);
  }
  const out = [...byKey.values()];
  for (const s of out) s.tallies.sort(seriesOrder);
  return out.sort((a, b) => compareCodePoints(a.source, b.source) || compareCodePoints(a.period_start, b.period_start));
}

/**
 * Claims with their count, and the derived increments between consecutive shown claims of a series
 * (the first from the tally before the window). When the answer is reduced to buckets, an increment
 * spans from one bucket's last tally to the next: the series stays exact at bucket ends.
 */
function claimsAndIncrements(list: readonly ShownSeries[], daily: DailyCount, fieldsOf: (t: TallyRef) => TallyFields): { claims: Claim[]; increments: Increment[] } {
  const claims: Claim[] = [];
  const increments: Increment[] = [];
  for (const s of list) {
    let prev = s.before;
    for (const t of s.shown) {
      const computed = daily.over(s.period_start, t.date);
      claims.push(claimOf(fieldsOf(t), computed, t.fig - computed));
      if (prev) increments.push({ source: s.source, period_start: s.period_start, from_date: prev.date, date: t.date, value: t.fig - prev.fig, derived: true });
      prev = t;
    }
  }
  claims.sort(byDateThenId);
  increments.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || compareCodePoints(a.source, b.source) || compareCodePoints(a.period_start, b.period_start));
  return { claims, increments };
}

/**
 * The last tally per (series, bucket) among the tallies dated in the window, or null when there are
 * `limit` or more of them. Buckets wholly inside the window come from the summary table; a bucket
 * the window cuts (at most one at each end) is read from the tallies themselves.
 */
function bucketEndsInWindow(src: FigureSource, bucket: Bucket, win: Window, source: string[] | undefined, limit: number): TallyRef[] | null {
  const { from, to } = win;
  if (from !== undefined && to !== undefined && from > to) return [];
  const edges: Window[] = [];
  let startFrom: string | undefined;
  let startBefore: string | undefined;
  let headBucket: string | undefined;
  if (from !== undefined) {
    const [bs, be] = bucketSpan(from, bucket);
    if (bs === from) startFrom = from;
    else {
      startFrom = addDays(be, 1);
      headBucket = bs;
      edges.push({ from, to: to !== undefined && to < be ? to : be });
    }
  }
  if (to !== undefined) {
    const [bs, be] = bucketSpan(to, bucket);
    if (be === to) startBefore = addDays(to, 1);
    else {
      startBefore = bs;
      if (bs !== headBucket) edges.push({ from: bs, to });
    }
  }
  const innerEmpty = startFrom !== undefined && startBefore !== undefined && startFrom >= startBefore;
  const ends: TallyRef[] = [];
  for (const edge of edges) {
    // The last tally of each series in this part of one bucket.
    const last = new Map<string, TallyRef>();
    for (const t of src.tallies(edge, source)) {
      const key = `${t.source}\u001f${t.period_start}`;
      const c = last.get(key);
      if (!c || seriesOrder(c, t) < 0) last.set(key, t);
    }
    for (const t of last.values()) ends.push(t);
  }
  if (ends.length >= limit) return null;
  if (!innerEmpty) {
    if (Number.isFinite(limit) && src.countBuckets(bucket, startFrom, startBefore, source, limit - ends.length) >= limit - ends.length) return null;
    for (const t of src.bucketEnds(bucket, startFrom, startBefore, source)) ends.push(t);
  }
  return ends;
}

/** The series answer for one party and metric. Size: DESIGN's "no answer carries more than max_points
 *  points per chart". The main chart holds the running total and every source's claims, so they are
 *  counted together; when they do not fit, all of them are reduced to their last point per bucket,
 *  with the smallest bucket that fits. Cumulative series stay exact at bucket ends. */
export function computeSeries(src: FigureSource, opts: SeriesOptions): SeriesResult {
  const maxPoints = opts.max_points ?? DEFAULT_MAX_POINTS;
  const win: Window = { from: opts.from, to: opts.to };
  const daily = new DailyCount(src.daily(opts.count_source));
  let running = runningOf(daily, windowTest(win));

  const budget = maxPoints - running.length;
  const reduce = budget < 0 || src.countTallies(win, opts.source, budget + 1) > budget;
  let bucket: Bucket = 'day';
  let shown: TallyRef[];
  if (!reduce) {
    shown = src.tallies(win, opts.source);
  } else {
    const runningDates = running.map((p) => p.date);
    let chosen: TallyRef[] | null = null;
    for (const b of BUCKETS) {
      const room = maxPoints - countBuckets(runningDates, b);
      if (room < 0) continue;
      chosen = bucketEndsInWindow(src, b, win, opts.source, room + 1);
      if (chosen) {
        bucket = b;
        break;
      }
    }
    if (!chosen) {
      bucket = 'year';
      chosen = bucketEndsInWindow(src, 'year', win, opts.source, Infinity)!;
    }
    shown = chosen;
    running = lastPerBucket(running, (p) => p.date, bucket);
  }

  const list: ShownSeries[] = groupSeries(shown).map((s) => ({
    source: s.source,
    period_start: s.period_start,
    shown: s.tallies,
    before: win.from !== undefined ? src.tallyBefore(s.source, s.period_start, win.from) : null,
  }));
  // Bucket ends come with their fields; tallies read from the index get theirs by id.
  const byId = new Map(src.tallyFields(shown.filter((t) => !t.fields).map((t) => t.id)).map((r) => [r.id, r]));
  const { claims, increments } = claimsAndIncrements(list, daily, (t) => t.fields ?? byId.get(t.id)!);
  const decreases = src.decreases(win, opts.source).map((d) => decreaseOf(d.fields, { fig: d.previous, id: d.previous_id, date: d.previous_date }));
  decreases.sort(byDateThenId);
  return { running, claims, increments, decreases, estimates: src.estimates(win, opts.source), bucket };
}
