// The derived figures as the routes compute them (summary tables on a real SQLite file), against the
// worked examples of test/fixtures/derived-figures.json — which the plain reference under
// test/reference/ must reproduce too, so that the randomized comparison holds production to the
// contract — and against hand-made cases: the size cap, windows, filters, ties and boundaries.
import fs from 'node:fs';
import path from 'node:path';
import type { Report } from '../server/domain/report';
import { bucketStart } from '../server/domain/dates';
import type { Bucket, RunningPoint } from '../server/domain/figure-types';
import * as reference from './reference/figures';
import { figureDb, figuresOf, fullReport, writeReports, type FigureDb, type Query } from './support/figure-db';

interface FixtureCase {
  name: string;
  reports: (Partial<Report> & { id: number })[];
  query: Query & { party: string; metric: string };
  expect: Record<string, unknown>;
  also?: { query: Query & { party: string; metric: string }; expect: Record<string, unknown> };
}
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'derived-figures.json'), 'utf8')) as { cases: FixtureCase[] };

/** Keeps only the keys that the expected objects list. */
function project(actual: readonly object[], expected: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return actual.map((a, i) => {
    const keys = Object.keys(expected[i] ?? expected[0] ?? {});
    return Object.fromEntries(keys.map((k) => [k, (a as Record<string, unknown>)[k]]));
  });
}

type Figures = ReturnType<typeof figuresOf>;

function check(got: Figures, want: Record<string, unknown>): void {
  if ('running' in want) expect(got.series.running).toEqual(want.running);
  for (const key of ['claims', 'increments', 'decreases'] as const) {
    if (!(key in want)) continue;
    const exp = want[key] as Record<string, unknown>[];
    expect(project(got.series[key], exp)).toEqual(exp);
    expect(got.series[key]).toHaveLength(exp.length);
  }
  if ('events' in want) {
    expect(got.events.map((e) => ({ date: e.date, figure: e.figure, low: e.low, high: e.high, chosen: e.chosen.id, other_ids: e.other_ids }))).toEqual(want.events);
  }
  if ('disagreement_pairs' in want) {
    expect(got.disagreements.items.map((d) => [d.a.id, d.b.id].sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!)).toEqual(want.disagreement_pairs);
  }
  if ('disagreement_groups' in want) expect(got.disagreements.groups).toEqual(want.disagreement_groups);
  if ('compare' in want) {
    const exp = want.compare as { day: string; sources: Record<string, unknown>[]; derived: Record<string, unknown>[]; count: Record<string, unknown> };
    expect(got.compare.day).toBe(exp.day);
    expect(project(got.compare.sources, exp.sources)).toEqual(exp.sources);
    expect(got.compare.sources).toHaveLength(exp.sources.length);
    expect(project(got.compare.derived, exp.derived)).toEqual(exp.derived);
    expect(got.compare.derived).toHaveLength(exp.derived.length);
    expect(project([got.compare.count], [exp.count])).toEqual([exp.count]);
  }
}

/** The plain reference's answers in the same shape. */
function referenceFigures(reports: Report[], q: Query): Figures {
  const d = reference.disagreements(reports, q);
  return {
    series: reference.series(reports, q),
    compare: reference.compare(reports, q),
    disagreements: { items: d.pairs, total: d.pairs.length, limit: 1000, offset: 0, groups: d.groups, groups_total: d.groups.length, groups_limit: 1000, groups_offset: 0 },
    events: reference.countedEvents(reports, q),
  };
}

describe('the worked examples', () => {
  const runs = fixtures.cases.flatMap((c) => [['query', c, c.query, c.expect] as const, ...(c.also ? [['also', c, c.also.query, c.also.expect] as const] : [])]);
  let f: FigureDb;
  beforeEach(() => { f = figureDb(); });
  afterEach(() => f.close());

  test.each(runs.map(([which, c, q, e]) => [c.name, which, c, q, e] as const))('%s (%s): production', (_n, _w, c, q, e) => {
    writeReports(f.store, c.reports);
    check(figuresOf(f.store, q.party, q.metric as Report['metric'], q), e);
  });

  test.each(runs.map(([which, c, q, e]) => [c.name, which, c, q, e] as const))('%s (%s): the plain reference', (_n, _w, c, q, e) => {
    const reports = c.reports.map(fullReport).filter((r) => r.party === q.party && r.metric === q.metric);
    check(referenceFigures(reports, q), e);
  });
});

let nextId = 1000;
const incident = (date: string, value: number, extra: Partial<Report> = {}) =>
  fullReport({ id: nextId++, party: 'P', metric: 'killed', kind: 'incident', source: 'A', date, value, ...extra });
const tally = (source: string, period_start: string, date: string, value: number, extra: Partial<Report> = {}) =>
  fullReport({ id: nextId++, party: 'P', metric: 'killed', kind: 'tally', source, period_start, date, value, ...extra });
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The figures of reports written into a fresh database. */
function figures(reports: Report[], q: Query = {}, metric: Report['metric'] = 'killed'): Figures {
  const f = figureDb();
  try {
    writeReports(f.store, reports);
    return figuresOf(f.store, 'P', metric, q);
  } finally {
    f.close();
  }
}

describe('size cap', () => {
  const incidents = Array.from({ length: 400 }, (_, i) => incident(addDays('2022-01-01', i), (i % 5) + 1, { low: (i % 5), high: (i % 5) + 3 }));
  const full = figures(incidents).series;
  const byDate = new Map<string, RunningPoint>(full.running.map((p) => [p.date, p]));

  test('no reduction below max_points', () => {
    expect(full.bucket).toBe('day');
    expect(full.running).toHaveLength(400);
  });

  test('400 daily points with max_points 100 reduce to weeks, exact at bucket ends', () => {
    const small = figures(incidents, { max_points: 100 }).series;
    expect(small.bucket).toBe('week'); // 400 days = 58 ISO weeks
    expect(small.running.length).toBeLessThanOrEqual(100);
    expect(small.running.at(-1)).toEqual(full.running.at(-1));
    for (const p of small.running) expect(p).toEqual(byDate.get(p.date));
    const weeks = small.running.map((p) => bucketStart(p.date, 'week'));
    expect(new Set(weeks).size).toBe(weeks.length);
    for (const p of small.running.slice(0, -1)) expect(new Date(`${p.date}T00:00:00Z`).getUTCDay()).toBe(0); // Sunday
  });

  test.each([[50, 'month'], [10, 'quarter'], [3, 'year']] as [number, Bucket][])('max_points %d → %s', (max, bucket) => {
    const small = figures(incidents, { max_points: max }).series;
    expect(small.bucket).toBe(bucket);
    expect(small.running.length).toBeLessThanOrEqual(max);
    expect(small.running.at(-1)).toEqual(full.running.at(-1));
    for (const p of small.running) expect(p).toEqual(byDate.get(p.date));
  });

  test('the main chart (running total and all claims together) fits max_points: every series reduced with one bucket', () => {
    const long = Array.from({ length: 300 }, (_, i) => tally('Long', '2022-01-01', addDays('2022-01-01', i), i * 2));
    const short = [tally('Short', '2022-01-01', '2022-03-01', 5), tally('Short', '2022-01-01', '2022-03-02', 6)];
    const all = [...incidents.slice(0, 10), ...long, ...short];
    const res = figures(all, { max_points: 100 }).series;
    expect(res.bucket).toBe('week');
    expect(res.running.map((p) => p.date)).toEqual(['2022-01-02', '2022-01-09', '2022-01-10']); // ISO weeks: Sat–Sun, Mon–Sun, Mon
    expect(res.running.length + res.claims.length).toBeLessThanOrEqual(100);
    const longClaims = res.claims.filter((c) => c.source === 'Long');
    expect(longClaims).toHaveLength(44); // 1 Jan – 27 Oct 2022: Sat–Sun, 42 whole ISO weeks, Mon 24 – Thu 27 Oct
    expect(longClaims.at(-1)!.id).toBe(long.at(-1)!.id);
    expect(res.claims.filter((c) => c.source === 'Short').map((c) => c.id)).toEqual([short[1]!.id]);
    const unreduced = new Map(figures(all).series.claims.map((c) => [c.id, c]));
    for (const c of res.claims) expect(c).toEqual(unreduced.get(c.id));
  });
});

describe('rules', () => {
  test('window: running sums from `from`; claims in the window; computed ignores the window', () => {
    const rs = [incident('2022-01-01', 1), incident('2022-01-05', 2), incident('2022-01-10', 4), tally('T', '2022-01-01', '2022-01-07', 10), tally('T', '2021-12-01', '2021-12-31', 0)];
    const res = figures(rs, { from: '2022-01-02', to: '2022-01-09' }).series;
    expect(res.running).toEqual([{ date: '2022-01-05', total: 2, low: 2, high: 2 }]);
    expect(res.claims.map((c) => [c.date, c.computed, c.gap])).toEqual([['2022-01-07', 3, 7]]);
  });

  test('source filters tallies and estimates, never incidents', () => {
    const rs = [incident('2022-01-01', 1, { source: 'X' }), tally('A', '2022-01-01', '2022-01-02', 3), tally('B', '2022-01-01', '2022-01-02', 5)];
    const res = figures(rs, { source: ['A'] }).series;
    expect(res.running).toHaveLength(1);
    expect(res.claims.map((c) => c.source)).toEqual(['A']);
    const estimates = [fullReport({ id: 1, party: 'P', metric: 'troops', kind: 'estimate', source: 'B', date: '2022-01-01', value: 100 })];
    expect(figures(estimates, { source: ['A'] }, 'troops').series.estimates).toEqual([]);
    expect(figures(estimates, { source: ['B'] }, 'troops').series.estimates.map((e) => e.id)).toEqual([1]);
  });

  test('series order: same date, then reported_on, then id', () => {
    const a = tally('S', '2022-01-01', '2022-02-01', 10, { reported_on: '2022-02-05' });
    const b = tally('S', '2022-01-01', '2022-02-01', 12, { reported_on: '2022-02-02' });
    const c = tally('S', '2022-01-01', '2022-02-03', 11);
    const res = figures([a, b, c]).series;
    expect(res.increments.map((x) => x.value)).toEqual([-2, 1]);
    expect(res.decreases.map((x) => [x.id, x.previous, x.previous_id, x.previous_date])).toEqual([[a.id, 12, b.id, '2022-02-01']]);
  });

  test('disagreement: nearest on a distance tie is the earlier; the last in series order of that day; days inclusive', () => {
    const t = tally('A', '2022-01-01', '2022-03-10', 100);
    const before = tally('B', '2022-01-01', '2022-03-07', 150);
    const after = tally('B', '2022-01-01', '2022-03-13', 100);
    const pairs = (rs: Report[], q: Query = {}) => figures(rs, q).disagreements.items.map((d) => [d.a.id, d.b.id, d.days, d.difference]);
    expect(pairs([t, before, after])).toEqual([[t.id, before.id, 3, 50]]);
    // Of two tallies of B on the nearest day, the last in series order (a later reported_on) is compared.
    const sameDay = tally('B', '2022-01-01', '2022-03-07', 90, { reported_on: '2022-03-20' });
    expect(pairs([t, before, sameDay])).toEqual([]); // 90 against 100: 10 is not more than 10
    expect(pairs([t, tally('C', '2022-01-01', '2022-03-17', 200)], { days: 6 })).toEqual([]);
    expect(pairs([t, tally('C', '2022-01-01', '2022-03-17', 200)], { days: 7 })).toHaveLength(1);
  });

  test.each([
    // ratio, figures a and b, flagged: "more than the ratio of the larger", strictly, at the boundary
    [0.29, 100, 71, false], [0.29, 100, 70, true], [0.57, 100, 43, false], [0.58, 100, 42, false],
    [0.1, 100, 90, false], [0.1, 100, 89, true], [0.1, 1000, 900, false], [0.1, 1000, 899, true], [0, 5, 5, false], [0, 5, 4, true],
  ])('ratio %s: %s against %s flagged = %s', (ratio, a, b, flagged) => {
    const rs = [tally('A', '2022-01-01', '2022-01-01', a), tally('B', '2022-01-01', '2022-01-02', b)];
    const got = figures(rs, { ratio }).disagreements;
    expect(got.items.length > 0).toBe(flagged);
    expect(got.groups.map((g) => [g.compared, g.flagged])).toEqual([[1, flagged ? 1 : 0]]);
  });

  test('compare: no reports', () => {
    expect(figures([]).compare).toEqual({
      year: null, day: null, prev_day: null, sources: [], derived: [],
      count: { so_far: null, so_far_from: null, so_far_to: null, prev_same_day: null, prev_same_day_from: null, prev_same_day_to: null, prev_full: null, prev_full_from: null, prev_full_to: null, events: 0 },
    });
  });

  test('compare: a year with nothing in it has no day, and nothing so far', () => {
    const res = figures([incident('2021-03-01', 2), tally('S', '2021-01-01', '2021-12-31', 9)], { year: 2022 }).compare;
    expect(res).toMatchObject({ year: 2022, day: null, prev_day: null });
    expect(res.sources).toEqual([expect.objectContaining({ source: 'S', so_far: null, so_far_to: null, prev_same_day: null, prev_full: 9, prev_full_to: '2021-12-31', prev_full_is_full: true })]);
    expect(res.count).toMatchObject({ so_far: null, prev_same_day: null, prev_full: 2, events: 1 });
  });

  test('compare: default year from the latest incident when there are no tallies', () => {
    const res = figures([incident('2021-03-01', 2), incident('2022-02-01', 3), incident('2021-02-01', 5)]).compare;
    expect(res.year).toBe(2022);
    expect(res.day).toBe('2022-02-01');
    expect(res.count).toEqual({
      so_far: 3, so_far_from: '2022-01-01', so_far_to: '2022-02-01', prev_same_day: 5, prev_same_day_from: '2021-01-01', prev_same_day_to: '2021-02-01',
      prev_full: 7, prev_full_from: '2021-01-01', prev_full_to: '2021-12-31', events: 3,
    });
  });

  test('compare: a series starting on 1 January of an earlier year is derived, from a base of 25–31 December', () => {
    const w = [tally('W', '2019-01-01', '2019-12-31', 100), tally('W', '2019-01-01', '2020-12-25', 250), tally('W', '2019-01-01', '2021-06-30', 300)];
    const r = figures(w, { year: 2021 }).compare;
    expect(r.sources).toEqual([]);
    expect(r.derived).toEqual([{
      source: 'W', period_start: '2019-01-01', derived: true,
      so_far: 50, so_far_from: '2020-12-26', so_far_to: '2021-06-30', so_far_id: w[2]!.id, so_far_base_id: w[1]!.id,
      prev_same_day: null, prev_same_day_from: null, prev_same_day_to: null, prev_same_day_id: null, prev_same_day_base_id: null,
      prev_full: 150, prev_full_from: '2020-01-01', prev_full_to: '2020-12-25', prev_full_id: w[1]!.id, prev_full_base_id: w[0]!.id,
    }]);
    // A base dated 24 December is not in the last seven days of its year: null, never a guess.
    const early = [tally('V', '2019-01-01', '2020-12-24', 250), tally('V', '2019-01-01', '2021-06-30', 300)];
    expect(figures(early, { year: 2021 }).compare.derived).toEqual([]);
  });

  test('counted events: the chosen report and the others, by date, then chosen id; count_source forms events from its sources only', () => {
    const a = incident('2022-05-10', 4, { source: 'A', event: 'e', reported_on: '2022-05-10' });
    const b = incident('2022-05-10', 6, { source: 'B', event: 'e', reported_on: '2022-05-13' });
    const c = incident('2022-05-09', 1, { source: 'C' });
    const all = figures([a, b, c]).events;
    expect(all.map((e) => [e.date, e.figure, e.chosen.id, e.other_ids])).toEqual([['2022-05-09', 1, c.id, []], ['2022-05-10', 6, b.id, [a.id]]]);
    expect(all[1]!.chosen).toMatchObject({ source: 'B', value: 6, reported_on: '2022-05-13' });
    const onlyA = figures([a, b, c], { count_source: ['A'] }).events;
    expect(onlyA.map((e) => [e.figure, e.chosen.id, e.other_ids])).toEqual([[4, a.id, []]]);
    const aAndC = figures([a, b, c], { count_source: ['A', 'C'] }).events;
    expect(aAndC.map((e) => [e.figure, e.chosen.id, e.other_ids])).toEqual([[1, c.id, []], [4, a.id, []]]);
    expect(figures([a, b, c], { from: '2022-05-10' }).events.map((e) => e.chosen.id)).toEqual([b.id]);
  });
});

describe('empty input', () => {
  test('series, disagreements and events', () => {
    const f = figures([]);
    expect(f.series).toEqual({ running: [], claims: [], increments: [], decreases: [], estimates: [], bucket: 'day' });
    expect(f.disagreements).toEqual({ items: [], total: 0, limit: 1000, offset: 0, groups: [], groups_total: 0, groups_limit: 1000, groups_offset: 0 });
    expect(f.events).toEqual([]);
  });
});
