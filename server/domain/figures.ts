// The derived figures of DESIGN.md ("Derived figures"), computed from the live reports of one party
// and metric. Pure: imports nothing from Node, the database or express (the browser bundle may take
// the types from here; the arithmetic lives on the server).
//
// Everything here is O(n log n) in the number of reports: sorted arrays, prefix sums and binary
// search, maps for grouping. Dates are ISO days (YYYY-MM-DD), so string order is date order.
import { figureOf, type Report } from './report';

// ---------------------------------------------------------------------------------------------
// Public types

export interface SeriesOptions {
  /** Sources whose tallies and estimates are shown (default: all). */
  source?: string[];
  /** Sources whose incidents are counted (default: all). */
  count_source?: string[];
  /** Window of the running total, claims, increments, decreases and estimates (by `date`). */
  from?: string;
  to?: string;
  /** Cap on points per chart line (default 5000). */
  max_points?: number;
}
export interface RunningPoint { date: string; total: number; low: number; high: number }
export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
/** A tally against what was counted over its period; `gap` = figure − computed. */
export interface Claim extends Report { computed: number; gap: number }
export interface Increment { source: string; period_start: string; from_date: string; date: string; value: number; derived: true }
/** A tally lower than the one before it in its series; `previous_id` and `previous_date` name that one. */
export interface Decrease extends Report { previous: number; previous_id: number; previous_date: string }
export interface SeriesResult {
  running: RunningPoint[];
  claims: Claim[];
  increments: Increment[];
  decreases: Decrease[];
  estimates: Report[];
  bucket: Bucket;
}

export interface DisagreementOptions { source?: string[]; days?: number; ratio?: number }
/** `a` has the smaller id; `difference` = |figure a − figure b|; `days` = |date a − date b| in days. */
export interface Disagreement { a: Report; b: Report; days: number; difference: number }

export interface CompareSourceRow {
  source: string;
  so_far: number | null;
  so_far_id: number | null;
  so_far_date: string | null;
  prev_same_day: number | null;
  prev_same_day_id: number | null;
  prev_same_day_date: string | null;
  prev_full: number | null;
  prev_full_id: number | null;
  prev_full_is_full: boolean;
  prev_full_date: string | null;
}
export interface CompareDerivedRow {
  source: string;
  period_start: string;
  derived: true;
  so_far: number | null;
  prev_same_day: number | null;
  prev_full: number | null;
  /** The tally each figure ends on (null when the figure is null). */
  so_far_id: number | null;
  prev_same_day_id: number | null;
  prev_full_id: number | null;
}
export interface CompareCount { so_far: number; prev_same_day: number; prev_full: number }
export interface CompareResult {
  year: number | null;
  day: string | null;
  /** The same calendar day in year − 1 (29 February → 28 February); null when `day` is. */
  prev_day: string | null;
  sources: CompareSourceRow[];
  derived: CompareDerivedRow[];
  count: CompareCount;
}
export interface CompareOptions { source?: string[]; count_source?: string[]; year?: number }

export const DEFAULT_MAX_POINTS = 5000;
export const DEFAULT_DISAGREEMENT_DAYS = 7;
export const DEFAULT_DISAGREEMENT_RATIO = 0.1;
export const BUCKETS: readonly Bucket[] = ['day', 'week', 'month', 'quarter', 'year'];

// ---------------------------------------------------------------------------------------------
// Small helpers

/** A filter of source names; undefined or empty means every source. */
function sourceFilter(list: string[] | undefined): (source: string) => boolean {
  if (!list || list.length === 0) return () => true;
  const set = new Set(list);
  return (s) => set.has(s);
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Index of the first element of the sorted `arr` that is > `key` (strings). */
function upperBound(arr: readonly string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of the sorted `arr` that is ≥ `key` (strings). */
function lowerBound(arr: readonly string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Days since 1970-01-01 of an ISO day. */
export function dayNumber(day: string): number {
  return Math.round(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000);
}

function yearString(y: number): string {
  // Years ≤ 0 sort before every real date ('-' < '0').
  return y >= 0 ? String(y).padStart(4, '0') : `-${String(-y).padStart(4, '0')}`;
}
const yearStart = (y: number): string => `${yearString(y)}-01-01`;
const yearEnd = (y: number): string => `${yearString(y)}-12-31`;
const yearOf = (day: string): number => Number(day.slice(0, 4));

/** The same calendar day one year earlier; 29 February → 28 February. */
export function sameDayYearBefore(day: string): string {
  const md = day.slice(5);
  return `${yearString(yearOf(day) - 1)}-${md === '02-29' ? '02-28' : md}`;
}

/** The key of the bucket a day falls in (equal keys = same bucket). */
export function bucketKey(day: string, bucket: Bucket): string | number {
  switch (bucket) {
    case 'day': return day;
    case 'week': {
      // ISO week, Monday start: the day number of its Monday (1970-01-01 was a Thursday).
      const n = dayNumber(day);
      return n - (((n + 3) % 7) + 7) % 7;
    }
    case 'month': return day.slice(0, 7);
    case 'quarter': return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3)}`;
    case 'year': return day.slice(0, 4);
  }
}

/** The day a report counts as reported on. */
const reportedOn = (r: Report): string => r.reported_on ?? r.date;

// The answers that extend a report copy its fields into one object literal: much faster to build,
// sort and serialise than a spread, and free of any extra properties the input objects carry.
function claimOf(r: Report, computed: number, gap: number): Claim {
  return {
    id: r.id, date: r.date, date_precision: r.date_precision, period_start: r.period_start, source: r.source,
    via: r.via, party: r.party, metric: r.metric, kind: r.kind, value: r.value, qualifier: r.qualifier,
    low: r.low, high: r.high, location: r.location, event: r.event, reported_on: r.reported_on, url: r.url,
    quote: r.quote, notes: r.notes, created_at: r.created_at, updated_at: r.updated_at, revision: r.revision,
    computed, gap,
  };
}
function decreaseOf(r: Report, before: Entry): Decrease {
  return {
    id: r.id, date: r.date, date_precision: r.date_precision, period_start: r.period_start, source: r.source,
    via: r.via, party: r.party, metric: r.metric, kind: r.kind, value: r.value, qualifier: r.qualifier,
    low: r.low, high: r.high, location: r.location, event: r.event, reported_on: r.reported_on, url: r.url,
    quote: r.quote, notes: r.notes, created_at: r.created_at, updated_at: r.updated_at, revision: r.revision,
    previous: before.fig, previous_id: before.id, previous_date: before.date,
  };
}

/** A report with its sort keys read once (sorting compares these, not the report's fields). */
interface Entry { r: Report; id: number; date: string; rep: string; fig: number }
const entryOf = (r: Report): Entry => ({ r, id: r.id, date: r.date, rep: reportedOn(r), fig: figureOf(r) });

/** Series order: date, then reported_on (missing → date), then id. */
const seriesOrder = (a: Entry, b: Entry): number => cmpStr(a.date, b.date) || cmpStr(a.rep, b.rep) || a.id - b.id;
const byDateThenId = (a: { date: string; id: number }, b: { date: string; id: number }): number =>
  cmpStr(a.date, b.date) || a.id - b.id;

// ---------------------------------------------------------------------------------------------
// Events and the count

/** One counted event: its day, its figure and its band. */
interface CountedEvent { date: string; total: number; low: number; high: number; report: Report }

/**
 * Groups the counted incidents into events (a shared `event` key; a report without one is its own
 * event). The chosen report is the latest reported_on (missing → date), then the smallest figure,
 * then the lowest id; the event counts on its date with its figure; the band runs over every
 * report's low (else figure) and high (else figure). In no particular order.
 */
function countedEvents(reports: readonly Report[], countSource?: string[]): CountedEvent[] {
  const counted = sourceFilter(countSource);
  const groups = new Map<string, CountedEvent>();
  const out: CountedEvent[] = [];
  for (const r of reports) {
    if (r.kind !== 'incident' || !counted(r.source)) continue;
    const f = figureOf(r);
    const lo = r.low ?? f;
    const hi = r.high ?? f;
    if (r.event === null || r.event === '') {
      out.push({ date: r.date, total: f, low: lo, high: hi, report: r });
      continue;
    }
    const g = groups.get(r.event);
    if (!g) {
      groups.set(r.event, { date: r.date, total: f, low: lo, high: hi, report: r });
      continue;
    }
    if (lo < g.low) g.low = lo;
    if (hi > g.high) g.high = hi;
    const c = g.report;
    const better = cmpStr(reportedOn(r), reportedOn(c)) || figureOf(c) - f || c.id - r.id;
    if (better > 0) {
      g.report = r;
      g.date = r.date;
      g.total = f;
    }
  }
  for (const g of groups.values()) out.push(g);
  return out;
}

/** Per-day sums of the events with prefix sums, for the count over any span in O(log n). */
class DailyCount {
  readonly days: string[] = [];
  readonly total: number[] = [];
  readonly low: number[] = [];
  readonly high: number[] = [];
  /** cum[i] = sum of total over days[0..i-1] (cum has days.length + 1 entries). */
  private readonly cum: number[] = [0];

  constructor(events: readonly CountedEvent[]) {
    // Sum per day through a map, then order the (far fewer) days.
    const perDay = new Map<string, { total: number; low: number; high: number }>();
    for (const e of events) {
      const d = perDay.get(e.date);
      if (d) {
        d.total += e.total;
        d.low += e.low;
        d.high += e.high;
      } else {
        perDay.set(e.date, { total: e.total, low: e.low, high: e.high });
      }
    }
    const days = [...perDay.keys()].sort();
    let s = 0;
    for (const day of days) {
      const d = perDay.get(day)!;
      this.days.push(day);
      this.total.push(d.total);
      this.low.push(d.low);
      this.high.push(d.high);
      this.cum.push((s += d.total));
    }
  }

  /** The count over from … to, both ends included. */
  over(from: string, to: string): number {
    if (from > to) return 0;
    return this.cum[upperBound(this.days, to)]! - this.cum[lowerBound(this.days, from)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Series of tallies

interface Series { source: string; period_start: string; tallies: Entry[]; dates: string[] }

/** The tallies of the shown sources grouped into series (source, period_start), each in series order;
 *  the list is ordered by source, then period_start. */
function tallySeries(reports: readonly Report[], source?: string[]): Series[] {
  const shown = sourceFilter(source);
  const bySource = new Map<string, Map<string, Series>>();
  const out: Series[] = [];
  for (const r of reports) {
    if (r.kind !== 'tally' || r.period_start === null || !shown(r.source)) continue;
    let perStart = bySource.get(r.source);
    if (!perStart) bySource.set(r.source, (perStart = new Map()));
    let s = perStart.get(r.period_start);
    if (!s) {
      perStart.set(r.period_start, (s = { source: r.source, period_start: r.period_start, tallies: [], dates: [] }));
      out.push(s);
    }
    s.tallies.push(entryOf(r));
  }
  for (const s of out) {
    s.tallies.sort(seriesOrder);
    s.dates = s.tallies.map((t) => t.date);
  }
  out.sort((a, b) => cmpStr(a.source, b.source) || cmpStr(a.period_start, b.period_start));
  return out;
}

/** The last tally of the series (in series order) dated from … to, or null. */
function lastIn(s: Series, from: string, to: string): Entry | null {
  const i = upperBound(s.dates, to) - 1;
  if (i < 0) return null;
  const t = s.tallies[i]!;
  return t.date >= from ? t : null;
}

// ---------------------------------------------------------------------------------------------
// Series answer: running total, claims, increments, decreases, estimates

function countBuckets(dates: readonly string[], bucket: Bucket): number {
  let n = 0;
  let prev: string | number | undefined;
  for (const d of dates) {
    const k = bucketKey(d, bucket);
    if (k !== prev) n++;
    prev = k;
  }
  return n;
}

/** Keeps the last element of each run of equal bucket keys (input sorted by date). */
function lastPerBucket<T>(items: readonly T[], dateOf: (t: T) => string, bucket: Bucket): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const next = items[i + 1];
    if (next === undefined || bucketKey(dateOf(items[i]!), bucket) !== bucketKey(dateOf(next), bucket)) out.push(items[i]!);
  }
  return out;
}

export function computeSeries(reports: Report[], opts: SeriesOptions): SeriesResult {
  const maxPoints = opts.max_points ?? DEFAULT_MAX_POINTS;
  const events = countedEvents(reports, opts.count_source);
  const daily = new DailyCount(events);
  const inWindow = (d: string) => (opts.from === undefined || d >= opts.from) && (opts.to === undefined || d <= opts.to);

  // Running total: one point per day with events in the window, summed from the window's start.
  let running: RunningPoint[] = [];
  {
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
  }

  // Series of the shown sources; claims, increments and decreases from them.
  const series = tallySeries(reports, opts.source);
  const increments: Increment[] = [];
  const decreases: Decrease[] = [];
  // Claims in the window, one list per series in series order, for the size cap.
  const allSeries: Claim[][] = [];
  for (const s of series) {
    const claims: Claim[] = [];
    for (let i = 0; i < s.tallies.length; i++) {
      const t = s.tallies[i]!;
      if (!inWindow(t.date)) continue;
      const computed = daily.over(s.period_start, t.date);
      claims.push(claimOf(t.r, computed, t.fig - computed));
      if (i === 0) continue;
      const p = s.tallies[i - 1]!;
      const value = t.fig - p.fig;
      increments.push({ source: s.source, period_start: s.period_start, from_date: p.date, date: t.date, value, derived: true });
      if (value < 0) decreases.push(decreaseOf(t.r, p));
    }
    allSeries.push(claims);
  }

  // Size: DESIGN's "no answer carries more than max_points points per chart". The main chart holds the
  // running total and every source's claims, so they are counted together; when they do not fit, all of
  // them are reduced to their last point per bucket, with the smallest bucket that fits. Cumulative
  // series stay exact at bucket ends; every report stays reachable through the report list.
  const runningDates = running.map((p) => p.date);
  const rawPoints = running.length + allSeries.reduce((n, c) => n + c.length, 0);
  const fits = (b: Bucket): boolean =>
    countBuckets(runningDates, b) + allSeries.reduce((n, c) => n + countBuckets(c.map((x) => x.date), b), 0) <= maxPoints;
  const reduce = rawPoints > maxPoints;
  const bucket: Bucket = reduce ? (BUCKETS.find(fits) ?? 'year') : 'day';
  if (reduce) running = lastPerBucket(running, (p) => p.date, bucket);

  const claims: Claim[] = [];
  for (const c of allSeries) {
    for (const x of reduce ? lastPerBucket(c, (y) => y.date, bucket) : c) claims.push(x);
  }
  claims.sort(byDateThenId);

  const shown = sourceFilter(opts.source);
  const estimates = reports
    .filter((r) => r.kind === 'estimate' && shown(r.source) && inWindow(r.date))
    .map(entryOf)
    .sort(byDateThenId)
    .map((e) => e.r);

  // Stable sorts keep series order among equal keys.
  // Increments and decreases were gathered only for tallies in the window.
  const sortedIncrements = increments
    .sort((a, b) => cmpStr(a.date, b.date) || cmpStr(a.source, b.source) || cmpStr(a.period_start, b.period_start));
  decreases.sort(byDateThenId);

  return { running, claims, increments: sortedIncrements, decreases, estimates, bucket };
}

// ---------------------------------------------------------------------------------------------
// Disagreements

/**
 * Every flagged pair, once, ordered by a.date, then a.id, then b.id (a being the smaller id).
 * Each tally is compared with the nearest tally (by date) of every other source with the same
 * period_start at most `days` away; on a tie in distance the earlier date, and among several
 * tallies of that source on the chosen date the first in series order. A pair is flagged when
 * |fa − fb| > ratio × max(fa, fb).
 */
export function computeDisagreements(reports: Report[], opts: DisagreementOptions): Disagreement[] {
  const maxDays = opts.days ?? DEFAULT_DISAGREEMENT_DAYS;
  const ratio = opts.ratio ?? DEFAULT_DISAGREEMENT_RATIO;
  const series = tallySeries(reports, opts.source);

  // Group the series by period_start: each group holds one series per source.
  const byPeriod = new Map<string, DaySeries[]>();
  for (const s of series) {
    let g = byPeriod.get(s.period_start);
    if (!g) byPeriod.set(s.period_start, (g = []));
    g.push({ s, days: s.dates.map(dayNumber) });
  }

  const out: Disagreement[] = [];
  for (const group of byPeriod.values()) {
    if (group.length < 2) continue;
    for (const mine of group) {
      const tallies = mine.s.tallies;
      for (let i = 0; i < tallies.length; i++) {
        const t = tallies[i]!;
        const td = mine.days[i]!;
        for (const other of group) {
          if (other === mine) continue;
          const j = nearest(other, t.date, td, maxDays);
          if (j < 0) continue;
          const n = other.s.tallies[j]!;
          const difference = Math.abs(t.fig - n.fig);
          if (!exceedsRatio(difference, Math.max(t.fig, n.fig), ratio)) continue;
          // Listed once: when n's nearest tally of this source is t as well, the pair is found from
          // both sides and the side with the smaller id lists it.
          if (t.id > n.id && nearest(mine, n.date, other.days[j]!, maxDays) === i) continue;
          const days = Math.abs(td - other.days[j]!);
          out.push(t.id < n.id ? { a: t.r, b: n.r, days, difference } : { a: n.r, b: t.r, days, difference });
        }
      }
    }
  }
  out.sort((x, y) => (x.a.date === y.a.date ? x.a.id - y.a.id || x.b.id - y.b.id : x.a.date < y.a.date ? -1 : 1));
  return out;
}

interface DaySeries { s: Series; days: number[] }

/** Index in `other` of the tally nearest to `date` (day number `day`) at most `maxDays` away, or −1.
 *  On a tie in distance the earlier date; of several tallies on that date, the first in series order. */
function nearest(other: DaySeries, date: string, day: number, maxDays: number): number {
  const dates = other.s.dates;
  const i = lowerBound(dates, date); // first tally dated on or after `date`
  const before = i > 0 ? day - other.days[i - 1]! : Infinity;
  const after = i < dates.length ? other.days[i]! - day : Infinity;
  if (before <= after) {
    if (before > maxDays) return -1;
    return lowerBound(dates, dates[i - 1]!);
  }
  return after > maxDays ? -1 : i;
}

/** `difference > ratio × larger`, in whole millionths so that floating point cannot flag a pair that
 *  differs by exactly the ratio (0.29 × 100 is 28.999999999999996 in binary). */
export function exceedsRatio(difference: number, larger: number, ratio: number): boolean {
  return difference * 1_000_000 > Math.round(ratio * 1_000_000) * larger;
}

// ---------------------------------------------------------------------------------------------
// Same-period comparison

export function computeCompare(reports: Report[], opts: CompareOptions): CompareResult {
  const events = countedEvents(reports, opts.count_source);
  const daily = new DailyCount(events);
  const series = tallySeries(reports, opts.source);

  // The year: as given, else the year of the latest tally in view, else of the latest counted event.
  let latestTally: string | null = null;
  for (const s of series) {
    const d = s.dates[s.dates.length - 1];
    if (d !== undefined && (latestTally === null || d > latestTally)) latestTally = d;
  }
  const latestEvent = daily.days[daily.days.length - 1] ?? null;
  const year = opts.year ?? (latestTally !== null ? yearOf(latestTally) : latestEvent !== null ? yearOf(latestEvent) : null);
  if (year === null) {
    return { year: null, day: null, prev_day: null, sources: [], derived: [], count: { so_far: 0, prev_same_day: 0, prev_full: 0 } };
  }

  const yStart = yearStart(year);
  const yEnd = yearEnd(year);
  const pStart = yearStart(year - 1);
  const pEnd = yearEnd(year - 1);

  // The comparison's day: the latest tally or counted event of Y in view.
  let day: string | null = null;
  for (const s of series) {
    const t = lastIn(s, yStart, yEnd);
    if (t && (day === null || t.date > day)) day = t.date;
  }
  {
    const i = upperBound(daily.days, yEnd) - 1;
    const d = i >= 0 ? daily.days[i]! : null;
    if (d !== null && d >= yStart && (day === null || d > day)) day = d;
  }
  const prevDay = day === null ? null : sameDayYearBefore(day);

  // Sources with year-start tallies: series starting 1 January of Y or of Y − 1. Every other series,
  // one starting 1 January of an earlier year included, is cumulative and gives derived figures.
  const sourceRows: CompareSourceRow[] = [];
  const yearStartSeries = new Map<string, { cur?: Series; prev?: Series }>();
  const derived: CompareDerivedRow[] = [];
  for (const s of series) {
    if (s.period_start === yStart || s.period_start === pStart) {
      let e = yearStartSeries.get(s.source);
      if (!e) yearStartSeries.set(s.source, (e = {}));
      if (s.period_start === yStart) e.cur = s;
      else e.prev = s;
    } else {
      derived.push(derivedRow(s, year, day, prevDay));
    }
  }
  for (const [source, { cur, prev }] of yearStartSeries) {
    const soFar = cur ? lastIn(cur, yStart, yEnd) : null;
    const sameDay = prev && prevDay !== null ? lastIn(prev, pStart, prevDay) : null;
    const full = prev ? lastIn(prev, pStart, pEnd) : null;
    if (!soFar && !full) continue; // no year-start tally dated in Y or Y − 1
    sourceRows.push({
      source,
      so_far: soFar ? soFar.fig : null,
      so_far_id: soFar?.id ?? null,
      so_far_date: soFar?.date ?? null,
      prev_same_day: sameDay ? sameDay.fig : null,
      prev_same_day_id: sameDay?.id ?? null,
      prev_same_day_date: sameDay?.date ?? null,
      prev_full: full ? full.fig : null,
      prev_full_id: full?.id ?? null,
      prev_full_is_full: full !== null && full.date === pEnd,
      prev_full_date: full?.date ?? null,
    });
  }
  sourceRows.sort((a, b) => cmpStr(a.source, b.source));

  const count: CompareCount = {
    so_far: day === null ? 0 : daily.over(yStart, day),
    prev_same_day: prevDay === null ? 0 : daily.over(pStart, prevDay),
    prev_full: daily.over(pStart, pEnd),
  };
  return { year, day, prev_day: prevDay, sources: sourceRows, derived, count };
}

/**
 * A series that does not start on 1 January, read as a cumulative count from zero on its
 * period_start. The figure over a span = the series' last tally in the span's end year up to the
 * span's end, minus its last tally of the year before (0 when the series began after that year).
 * A span ending before the series began, or needing a tally the series lacks, is null.
 */
function derivedRow(s: Series, year: number, day: string | null, prevDay: string | null): CompareDerivedRow {
  const base = (y: number): number | null => {
    if (s.period_start > yearEnd(y)) return 0;
    const t = lastIn(s, yearStart(y), yearEnd(y));
    return t ? t.fig : null;
  };
  const span = (y: number, end: string | null): { value: number | null; id: number | null } => {
    if (end === null || end < s.period_start) return { value: null, id: null };
    const t = lastIn(s, yearStart(y), end);
    const b = base(y - 1);
    if (!t || b === null) return { value: null, id: null };
    return { value: t.fig - b, id: t.id };
  };
  const soFar = span(year, day);
  const sameDay = span(year - 1, prevDay);
  const full = span(year - 1, yearEnd(year - 1));
  return {
    source: s.source,
    period_start: s.period_start,
    derived: true,
    so_far: soFar.value,
    prev_same_day: sameDay.value,
    prev_full: full.value,
    so_far_id: soFar.id,
    prev_same_day_id: sameDay.id,
    prev_full_id: full.id,
  };
}
