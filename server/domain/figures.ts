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
/** The fields of a tally that charts and tables show beside its count; the whole report (words, link)
 *  is one request away (`GET /api/reports/:id`), so a series answer of thousands of claims stays small. */
export const TALLY_FIELDS = [
  'id', 'source', 'party', 'metric', 'kind', 'date', 'date_precision', 'period_start', 'value', 'qualifier', 'low', 'high', 'reported_on',
] as const;
export type TallyFields = Pick<Report, (typeof TALLY_FIELDS)[number]>;
/** A tally against what was counted over its period; `gap` = figure − computed. */
export interface Claim extends TallyFields { computed: number; gap: number }
export interface Increment { source: string; period_start: string; from_date: string; date: string; value: number; derived: true }
/** A tally lower than the one before it in its series; `previous_id` and `previous_date` name that one. */
export interface Decrease extends TallyFields { previous: number; previous_id: number; previous_date: string }
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
const reportedOn = (r: Pick<Report, 'reported_on' | 'date'>): string => r.reported_on ?? r.date;

// The answers that extend a tally copy its fields into one object literal: much faster to build,
// sort and serialise than a spread, and free of any extra properties the input objects carry.
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

/** A tally as the figures need it: its series, its sort keys and its figure (the fast path reads
 *  these from an index; the plain path takes them from whole reports). */
export interface TallyRef { id: number; source: string; period_start: string; date: string; rep: string; fig: number; fields?: TallyFields }
/** A tally with its report, where the plain path has it. */
interface Entry extends TallyRef { r?: Report }
const entryOf = (r: Report): Entry =>
  ({ r, id: r.id, source: r.source, period_start: r.period_start ?? '', date: r.date, rep: reportedOn(r), fig: figureOf(r) });

/** Series order: date, then reported_on (missing → date), then id. */
const seriesOrder = (a: TallyRef, b: TallyRef): number => cmpStr(a.date, b.date) || cmpStr(a.rep, b.rep) || a.id - b.id;
const byDateThenId = (a: { date: string; id: number }, b: { date: string; id: number }): number =>
  cmpStr(a.date, b.date) || a.id - b.id;

// ---------------------------------------------------------------------------------------------
// Events and the count

/** One counted event: its day, its figure and its band. */
interface CountedEvent { date: string; total: number; low: number; high: number; report: IncidentRow }

/**
 * Groups the counted incidents into events (a shared `event` key; a report without one is its own
 * event). The chosen report is the latest reported_on (missing → date), then the smallest figure,
 * then the lowest id; the event counts on its date with its figure; the band runs over every
 * report's low (else figure) and high (else figure). In no particular order.
 */
/** The fields of an incident the count reads. */
export type IncidentRow = Pick<Report, 'id' | 'kind' | 'source' | 'date' | 'reported_on' | 'value' | 'low' | 'high' | 'event'>;

function countedEvents(reports: readonly IncidentRow[], countSource?: string[]): CountedEvent[] {
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

/** One day's sums of the counted events (the fast path reads these from a summary table). */
export interface DayRow { date: string; total: number; low: number; high: number }

/** The counted events summed per day, ordered by day. */
export function daysOfIncidents(incidents: readonly IncidentRow[], countSource?: string[]): DayRow[] {
  // Sum per day through a map, then order the (far fewer) days.
  const perDay = new Map<string, DayRow>();
  for (const e of countedEvents(incidents, countSource)) {
    const d = perDay.get(e.date);
    if (d) {
      d.total += e.total;
      d.low += e.low;
      d.high += e.high;
    } else {
      perDay.set(e.date, { date: e.date, total: e.total, low: e.low, high: e.high });
    }
  }
  return [...perDay.values()].sort((a, b) => cmpStr(a.date, b.date));
}

/** Per-day sums with prefix sums, for the count over any span in O(log n). */
class DailyCount {
  readonly days: string[] = [];
  readonly total: number[] = [];
  readonly low: number[] = [];
  readonly high: number[] = [];
  /** cum[i] = sum of total over days[0..i-1] (cum has days.length + 1 entries). */
  private readonly cum: number[] = [0];

  /** `rows` ordered by day, one per day. */
  constructor(rows: readonly DayRow[]) {
    let s = 0;
    for (const d of rows) {
      this.days.push(d.date);
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

/** Tallies grouped into series (source, period_start), each in series order; the list is ordered by
 *  source, then period_start. */
function groupSeries(tallies: Iterable<Entry>): Series[] {
  const bySource = new Map<string, Map<string, Series>>();
  const out: Series[] = [];
  for (const t of tallies) {
    let perStart = bySource.get(t.source);
    if (!perStart) bySource.set(t.source, (perStart = new Map()));
    let s = perStart.get(t.period_start);
    if (!s) {
      perStart.set(t.period_start, (s = { source: t.source, period_start: t.period_start, tallies: [], dates: [] }));
      out.push(s);
    }
    s.tallies.push(t);
  }
  for (const s of out) {
    s.tallies.sort(seriesOrder);
    s.dates = s.tallies.map((t) => t.date);
  }
  out.sort((a, b) => cmpStr(a.source, b.source) || cmpStr(a.period_start, b.period_start));
  return out;
}

/** The tallies of the shown sources grouped into series. */
function tallySeries(reports: readonly Report[], source?: string[]): Series[] {
  const shown = sourceFilter(source);
  const entries: Entry[] = [];
  for (const r of reports) {
    if (r.kind === 'tally' && r.period_start !== null && shown(r.source)) entries.push(entryOf(r));
  }
  return groupSeries(entries);
}

/** The last tally of the series (in series order) dated from … to, or null. */
function lastIn(s: Series, from: string, to: string): Entry | null {
  const i = upperBound(s.dates, to) - 1;
  if (i < 0) return null;
  const t = s.tallies[i]!;
  return t.date >= from ? t : null;
}

// ---------------------------------------------------------------------------------------------
// The fast path's input: what the figures read from the database's summary tables and indexes

/** A window of days; either end may be open. */
export interface Window { from?: string; to?: string }

/**
 * The reads the fast path makes for one party and metric (server/db/store.ts implements it over the
 * summary tables kept by triggers). `source` lists the shown sources (undefined or empty: all).
 */
export interface FigureSource {
  /** The counted events summed per day, ordered by day; `countSource` limits whose incidents count. */
  daily(countSource: string[] | undefined): DayRow[];
  /** How many live tallies are dated in the window, counting no further than `limit`. */
  countTallies(win: Window, source: string[] | undefined, limit: number): number;
  /** The live tallies dated in the window, in any order. */
  tallies(win: Window, source: string[] | undefined): TallyRef[];
  /** How many (series, bucket) pairs have a bucket starting in startFrom … (before) startBefore,
   *  counting no further than `limit`. */
  countBuckets(bucket: Bucket, startFrom: string | undefined, startBefore: string | undefined, source: string[] | undefined, limit: number): number;
  /** The last tally in series order of each such (series, bucket) pair, with its fields. */
  bucketEnds(bucket: Bucket, startFrom: string | undefined, startBefore: string | undefined, source: string[] | undefined): TallyRef[];
  /** The last tally of a series (in series order) dated before `date`. */
  tallyBefore(source: string, periodStart: string, date: string): TallyRef | null;
  /** The last tally of a series (in series order) dated from … to. */
  lastTallyIn(source: string, periodStart: string, from: string, to: string): TallyRef | null;
  /** Every series with its last tally's date, ordered by source, then period_start. */
  series(source: string[] | undefined): { source: string; period_start: string; last_date: string }[];
  /** Every live tally of the given series. */
  seriesTallies(series: readonly { source: string; period_start: string }[]): TallyRef[];
  /** Each live tally in the window lower than the one before it in its series. */
  decreases(win: Window, source: string[] | undefined): { fields: TallyFields; previous: number; previous_id: number; previous_date: string }[];
  /** The shown fields of the live tallies with these ids. */
  tallyFields(ids: readonly number[]): TallyFields[];
  /** The live reports with these ids. */
  reports(ids: readonly number[]): Report[];
  /** The estimates in the window, by date, then id. */
  estimates(win: Window, source: string[] | undefined): Report[];
}

/** An ISO day from days since 1970-01-01. */
function dayOfNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** The first and last day of the bucket a day falls in (the summary table's bucket_start is the first). */
export function bucketSpan(day: string, bucket: Bucket): [string, string] {
  switch (bucket) {
    case 'day': return [day, day];
    case 'week': {
      const monday = bucketKey(day, 'week') as number;
      return [dayOfNumber(monday), dayOfNumber(monday + 6)];
    }
    case 'month': {
      const y = Number(day.slice(0, 4));
      const m = Number(day.slice(5, 7));
      return [`${day.slice(0, 7)}-01`, dayOfNumber(dayNumber(`${yearString(m === 12 ? y + 1 : y)}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`) - 1)];
    }
    case 'quarter': {
      const y = Number(day.slice(0, 4));
      const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3);
      const next = q === 3 ? `${yearString(y + 1)}-01-01` : `${yearString(y)}-${String(q * 3 + 4).padStart(2, '0')}-01`;
      return [`${yearString(y)}-${String(q * 3 + 1).padStart(2, '0')}-01`, dayOfNumber(dayNumber(next) - 1)];
    }
    case 'year': return [`${day.slice(0, 4)}-01-01`, `${day.slice(0, 4)}-12-31`];
  }
}

const dayAfter = (day: string): string => dayOfNumber(dayNumber(day) + 1);

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
      startFrom = dayAfter(be);
      headBucket = bs;
      edges.push({ from, to: to !== undefined && to < be ? to : be });
    }
  }
  if (to !== undefined) {
    const [bs, be] = bucketSpan(to, bucket);
    if (be === to) startBefore = dayAfter(to);
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

const windowTest = (w: Window) => (d: string): boolean => (w.from === undefined || d >= w.from) && (w.to === undefined || d <= w.to);

/** The running total: one point per day with events in the window, summed from the window's start. */
function runningOf(daily: DailyCount, inWindow: (d: string) => boolean): RunningPoint[] {
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

/** One series' shown claims (all its tallies in the window, or the last per bucket), in series order,
 *  and the tally before its first tally in the window, if any. */
interface ShownSeries<T extends TallyRef> { source: string; period_start: string; shown: T[]; before: TallyRef | null }

/**
 * Claims with their count, and the derived increments between consecutive shown claims of a series
 * (the first from the tally before the window). When the answer is reduced to buckets, an increment
 * spans from one bucket's last tally to the next: the series stays exact at bucket ends.
 * `list` is ordered by source, then period_start.
 */
function claimsAndIncrements<T extends TallyRef>(list: readonly ShownSeries<T>[], daily: DailyCount, fieldsOf: (t: T) => TallyFields): { claims: Claim[]; increments: Increment[] } {
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
  // Stable: series order among equal keys.
  increments.sort((a, b) => cmpStr(a.date, b.date) || cmpStr(a.source, b.source) || cmpStr(a.period_start, b.period_start));
  return { claims, increments };
}

/**
 * The plain implementation, over whole reports: the reference the fast path is tested against (and
 * what the fixtures' small cases exercise directly).
 */
export function computeSeries(reports: Report[], opts: SeriesOptions): SeriesResult {
  const maxPoints = opts.max_points ?? DEFAULT_MAX_POINTS;
  const daily = new DailyCount(daysOfIncidents(reports, opts.count_source));
  const inWindow = windowTest(opts);
  let running = runningOf(daily, inWindow);

  const series = tallySeries(reports, opts.source);
  const decreases: Decrease[] = [];
  const inWin: ShownSeries<Entry>[] = [];
  for (const s of series) {
    let first = -1;
    const shown: Entry[] = [];
    for (let i = 0; i < s.tallies.length; i++) {
      const t = s.tallies[i]!;
      if (!inWindow(t.date)) continue;
      if (first < 0) first = i;
      shown.push(t);
      const p = s.tallies[i - 1];
      if (p && t.fig < p.fig) decreases.push(decreaseOf(t.r!, p));
    }
    if (shown.length > 0) inWin.push({ source: s.source, period_start: s.period_start, shown, before: first > 0 ? s.tallies[first - 1]! : null });
  }

  // Size: DESIGN's "no answer carries more than max_points points per chart". The main chart holds the
  // running total and every source's claims, so they are counted together; when they do not fit, all of
  // them are reduced to their last point per bucket, with the smallest bucket that fits. Cumulative
  // series stay exact at bucket ends; every report stays reachable through the report list.
  const runningDates = running.map((p) => p.date);
  const rawPoints = running.length + inWin.reduce((n, c) => n + c.shown.length, 0);
  const fits = (b: Bucket): boolean =>
    countBuckets(runningDates, b) + inWin.reduce((n, c) => n + countBuckets(c.shown.map((x) => x.date), b), 0) <= maxPoints;
  const reduce = rawPoints > maxPoints;
  const bucket: Bucket = reduce ? (BUCKETS.find(fits) ?? 'year') : 'day';
  if (reduce) {
    running = lastPerBucket(running, (p) => p.date, bucket);
    for (const s of inWin) s.shown = lastPerBucket(s.shown, (y) => y.date, bucket);
  }
  const { claims, increments } = claimsAndIncrements(inWin, daily, (t) => t.r!);
  decreases.sort(byDateThenId);

  const shownSource = sourceFilter(opts.source);
  const estimates = reports
    .filter((r) => r.kind === 'estimate' && shownSource(r.source) && inWindow(r.date))
    .sort(byDateThenId);

  return { running, claims, increments, decreases, estimates, bucket };
}

/** The series answer from the summary tables: the same answer as computeSeries, without reading every
 *  report of the party. */
export function computeSeriesFrom(src: FigureSource, opts: SeriesOptions): SeriesResult {
  const maxPoints = opts.max_points ?? DEFAULT_MAX_POINTS;
  const win: Window = { from: opts.from, to: opts.to };
  const daily = new DailyCount(src.daily(opts.count_source));
  const inWindow = windowTest(win);
  let running = runningOf(daily, inWindow);

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

  const list: ShownSeries<TallyRef>[] = groupSeries(shown).map((s) => ({
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

// ---------------------------------------------------------------------------------------------
// Disagreements

/** A flagged pair of tallies: `a` has the smaller id. */
export interface DisagreementPair { a: TallyRef; b: TallyRef; days: number; difference: number }

/**
 * Every flagged pair, once, ordered by a.date, then a.id, then b.id (a being the smaller id).
 * Each tally is compared with the nearest tally (by date) of every other source with the same
 * period_start at most `days` away; on a tie in distance the earlier date, and among several
 * tallies of that source on the chosen date the first in series order. A pair is flagged when
 * |fa − fb| > ratio × max(fa, fb).
 */
function disagreementPairs(series: readonly Series[], opts: DisagreementOptions): DisagreementPair[] {
  const maxDays = opts.days ?? DEFAULT_DISAGREEMENT_DAYS;
  const ratio = opts.ratio ?? DEFAULT_DISAGREEMENT_RATIO;

  // Group the series by period_start: each group holds one series per source.
  const byPeriod = new Map<string, DaySeries[]>();
  for (const s of series) {
    let g = byPeriod.get(s.period_start);
    if (!g) byPeriod.set(s.period_start, (g = []));
    g.push({ s, days: s.dates.map(dayNumber) });
  }

  const out: DisagreementPair[] = [];
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
          out.push(t.id < n.id ? { a: t, b: n, days, difference } : { a: n, b: t, days, difference });
        }
      }
    }
  }
  out.sort((x, y) => (x.a.date === y.a.date ? x.a.id - y.a.id || x.b.id - y.b.id : x.a.date < y.a.date ? -1 : 1));
  return out;
}

/** The plain implementation over whole reports (the fast path's reference). */
export function computeDisagreements(reports: Report[], opts: DisagreementOptions): Disagreement[] {
  return disagreementPairs(tallySeries(reports, opts.source), opts)
    .map((p) => ({ a: (p.a as Entry).r!, b: (p.b as Entry).r!, days: p.days, difference: p.difference }));
}

/** One page of the disagreements from the summary tables, and how many there are in all. Only series
 *  whose period_start another shown source shares are read. */
export function disagreementsFrom(src: FigureSource, opts: DisagreementOptions, page: { limit: number; offset: number }): { items: Disagreement[]; total: number } {
  const list = src.series(opts.source);
  const sourcesPerStart = new Map<string, number>();
  for (const s of list) sourcesPerStart.set(s.period_start, (sourcesPerStart.get(s.period_start) ?? 0) + 1);
  const shared = list.filter((s) => sourcesPerStart.get(s.period_start)! > 1);
  const pairs = shared.length === 0 ? [] : disagreementPairs(groupSeries(src.seriesTallies(shared)), opts);
  const slice = pairs.slice(page.offset, page.offset + page.limit);
  const byId = new Map(src.reports(slice.flatMap((p) => [p.a.id, p.b.id])).map((r) => [r.id, r]));
  return {
    items: slice.map((p) => ({ a: byId.get(p.a.id)!, b: byId.get(p.b.id)!, days: p.days, difference: p.difference })),
    total: pairs.length,
  };
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

/** A series as the comparison reads it: its last tally's date, and its last tally in a span. */
interface SeriesView { source: string; period_start: string; lastDate: string | null; lastIn(from: string, to: string): TallyRef | null }

/** The plain implementation over whole reports (the fast path's reference). */
export function computeCompare(reports: Report[], opts: CompareOptions): CompareResult {
  const daily = new DailyCount(daysOfIncidents(reports, opts.count_source));
  const views = tallySeries(reports, opts.source).map((s): SeriesView => ({
    source: s.source,
    period_start: s.period_start,
    lastDate: s.dates[s.dates.length - 1] ?? null,
    lastIn: (from, to) => lastIn(s, from, to),
  }));
  return compareOf(daily, views, opts.year);
}

/** The comparison from the summary tables: a handful of index lookups per series. */
export function computeCompareFrom(src: FigureSource, opts: CompareOptions): CompareResult {
  const daily = new DailyCount(src.daily(opts.count_source));
  const views = src.series(opts.source).map((s): SeriesView => ({
    source: s.source,
    period_start: s.period_start,
    lastDate: s.last_date,
    lastIn: (from, to) => src.lastTallyIn(s.source, s.period_start, from, to),
  }));
  return compareOf(daily, views, opts.year);
}

/** `series` ordered by source, then period_start. */
function compareOf(daily: DailyCount, series: readonly SeriesView[], givenYear: number | undefined): CompareResult {
  // The year: as given, else the year of the latest tally in view, else of the latest counted event.
  let latestTally: string | null = null;
  for (const s of series) {
    const d = s.lastDate;
    if (d !== null && (latestTally === null || d > latestTally)) latestTally = d;
  }
  const latestEvent = daily.days[daily.days.length - 1] ?? null;
  const year = givenYear ?? (latestTally !== null ? yearOf(latestTally) : latestEvent !== null ? yearOf(latestEvent) : null);
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
    const t = s.lastIn(yStart, yEnd);
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
  const yearStartSeries = new Map<string, { cur?: SeriesView; prev?: SeriesView }>();
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
    const soFar = cur ? cur.lastIn(yStart, yEnd) : null;
    const sameDay = prev && prevDay !== null ? prev.lastIn(pStart, prevDay) : null;
    const full = prev ? prev.lastIn(pStart, pEnd) : null;
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
function derivedRow(s: SeriesView, year: number, day: string | null, prevDay: string | null): CompareDerivedRow {
  const base = (y: number): number | null => {
    if (s.period_start > yearEnd(y)) return 0;
    const t = s.lastIn(yearStart(y), yearEnd(y));
    return t ? t.fig : null;
  };
  const span = (y: number, end: string | null): { value: number | null; id: number | null } => {
    if (end === null || end < s.period_start) return { value: null, id: null };
    const t = s.lastIn(yearStart(y), end);
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
