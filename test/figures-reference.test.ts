// The derived figures as the routes compute them (summary tables kept by triggers, compared pairs kept
// by the server, server/figures/) against the plain reference under test/reference/, on random data
// written, edited, deleted, restored and renamed through the real store on a real SQLite file. The two
// must give identical answers for every query shape: source and count_source filters, windows that cut
// buckets, caps that force every bucket size, years, disagreement settings and pages of events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReportInput, type Report } from '../server/domain/report';
import { loadMigrations, migrate, openDatabase } from '../server/db/connection';
import { createStore, type Store } from '../server/db/store';
import { SELECT_PLAIN } from '../server/db/store/rows';
import { rebuildSummaries } from '../server/db/sql/summary-rebuild';
import { rng } from '../scripts/random';
import * as reference from './reference/figures';
import { figuresOf, type Query } from './support/figure-db';

const PARTIES = ['Ukrainian forces', 'Civilians'];
const METRICS = ['killed', 'wounded'] as const;
const SOURCES = ['AFP', 'Reuters', 'Ukrainian army', 'OHCHR'];
const STARTS = ['2020-01-01', '2021-01-01', '2020-11-16', '2021-02-24'];

function day(r: () => number, span: number): string {
  // 2020-11-01 … about 2022-02: crosses months, quarters and two new years; weeks cut by months.
  return new Date(Date.UTC(2020, 10, 1) + Math.floor(r() * span) * 86_400_000).toISOString().slice(0, 10);
}
const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function randomInput(r: () => number, span: number): ReportInput {
  const kind = r() < 0.6 ? 'incident' : 'tally';
  const date = day(r, span);
  const value = Math.floor(r() * (r() < 0.5 ? 5 : 300));
  const ranged = r() < 0.2;
  const noValue = ranged && r() < 0.4;
  const base = {
    source: pick(r, SOURCES), party: pick(r, PARTIES), metric: pick(r, METRICS), kind, date,
    ...(noValue ? { low: value, high: value + Math.floor(r() * 9) } : { value, ...(ranged ? { low: Math.max(0, value - 3), high: value + 4 } : {}) }),
    ...(r() < 0.7 ? { reported_on: day(r, span) } : {}),
  };
  if (kind === 'incident') {
    if (r() < 0.25) {
      // Reports of one event that tie on the publication day and the figure and differ in date and
      // source: only the later tie-breaks (earliest date, then source, then id) choose among them.
      const tie = Math.floor(r() * 4);
      return ReportInput.parse({ ...base, event: `tie${tie}`, reported_on: day(() => 0.9, span), value: 3 + tie, low: undefined, high: undefined });
    }
    return ReportInput.parse({ ...base, ...(r() < 0.45 ? { event: `e${Math.floor(r() * 12)}` } : {}) });
  }
  const starts = STARTS.filter((s) => s <= date);
  return ReportInput.parse({ ...base, period_start: starts.length ? pick(r, starts) : date });
}

function randomOptions(r: () => number, span: number): Query {
  const o: Query = {};
  if (r() < 0.3) o.source = SOURCES.filter(() => r() < 0.5);
  if (r() < 0.3) o.count_source = SOURCES.filter(() => r() < 0.5);
  if (r() < 0.5) o.from = day(r, span);
  if (r() < 0.5) o.to = day(r, span);
  if (r() < 0.1 && o.from !== undefined) o.to = o.from;
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) [o.from, o.to] = [o.to, o.from];
  o.max_points = pick(r, [10, 12, 20, 35, 60, 5000]);
  if (r() < 0.4) o.year = pick(r, [2020, 2021, 2022]);
  if (r() < 0.4) o.days = pick(r, [0, 3, 7, 30]);
  if (r() < 0.4) o.ratio = pick(r, [0, 0.05, 0.1, 0.5]);
  if (r() < 0.15) o.period_start = pick(r, STARTS);
  return o;
}

const liveReports = (store: Store, party: string, metric: string) =>
  store.db.prepare(`${SELECT_PLAIN} WHERE deleted = 0 AND party = ? AND metric = ?`).all(party, metric) as Report[];

function expectSameFigures(store: Store, r: () => number, span: number, rounds: number) {
  for (const party of PARTIES) {
    for (const metric of METRICS) {
      const reports = liveReports(store, party, metric);
      for (let i = 0; i < rounds; i++) {
        const o = randomOptions(r, span);
        const label = JSON.stringify({ party, metric, o });
        const got = figuresOf(store, party, metric, o);
        expect([label, got.series]).toEqual([label, reference.series(reports, o)]);
        const inWindow = (d: string) => (o.from === undefined || d >= o.from) && (o.to === undefined || d <= o.to);
        const shown = (x: Report) => !o.source || o.source.length === 0 || o.source.includes(x.source);
        const raw = reports.filter((x) => x.kind === 'tally' && shown(x) && inWindow(x.date)).length;
        const reduced = raw + new Set(got.series.running.map((p) => p.date)).size > (o.max_points ?? 5000) ? '+reduced' : '';
        seen.add(`${got.series.bucket}${reduced}${got.series.claims.length > 0 ? '+claims' : ''}${o.from !== undefined || o.to !== undefined ? '+window' : ''}`);
        if (got.series.decreases.length > 0) seen.add('decreases');
        if (o.count_source && o.count_source.length > 0 && got.series.running.length > 0) seen.add(o.count_source.length === 1 ? 'one count_source' : 'count_sources');
        if (got.series.increments.length > 0) seen.add('increments');

        expect([label, got.compare]).toEqual([label, reference.compare(reports, o)]);
        if (got.compare.derived.some((d) => d.so_far !== null && d.so_far_base_id !== null)) seen.add('derived from a base');
        if (got.compare.derived.some((d) => d.prev_full !== null && d.prev_full_base_id === null)) seen.add('derived from zero');
        if (got.compare.sources.some((d) => d.prev_same_day !== null)) seen.add('year-start');

        const all = reference.disagreements(reports, o);
        if (all.pairs.length > 0) seen.add(o.days === undefined && o.ratio === undefined ? 'disagreements (kept counts)' : 'disagreements (filtered)');
        if (all.groups.some((g) => g.flagged === 0)) seen.add('a group compared, none flagged');
        const page = { limit: 1 + Math.floor(r() * 5), offset: Math.floor(r() * 3), groups_limit: 1 + Math.floor(r() * 4), groups_offset: Math.floor(r() * 2) };
        expect([label, store.disagreements(party, metric, o, page)]).toEqual([label, {
          items: all.pairs.slice(page.offset, page.offset + page.limit), total: all.pairs.length, limit: page.limit, offset: page.offset,
          groups: all.groups.slice(page.groups_offset, page.groups_offset + page.groups_limit), groups_total: all.groups.length,
          groups_limit: page.groups_limit, groups_offset: page.groups_offset,
        }]);

        const events = reference.countedEvents(reports, o);
        if (events.some((e) => e.other_ids.length > 0)) seen.add('events with other reports');
        if (events.some((e) => e.chosen.event?.startsWith('tie') && e.other_ids.length > 0)) seen.add('events decided by the date or the source');
        const ep = { limit: 1 + Math.floor(r() * 8), offset: Math.floor(r() * 4) };
        expect([label, store.eventsPage(party, metric, o, ep)])
          .toEqual([label, { items: events.slice(ep.offset, ep.offset + ep.limit), total: events.length, ...ep }]);
      }
    }
  }
}

/** The summary tables as the triggers and the pair upkeep left them equal what a rebuild from the
 *  reports gives (then rolled back): what the figures read and what they do not (bucket counts). */
function expectSummariesAsRebuilt(store: Store) {
  const tables = ['figure_events', 'figure_days', 'figure_source_events', 'figure_source_days', 'figure_tally_buckets', 'figure_decreases'];
  const dump = () => ({
    ...Object.fromEntries(tables.map((t) => [t, (store.db.prepare(`SELECT * FROM ${t}`).raw(true).all()).map((x) => JSON.stringify(x)).sort()])),
    pairs: (store.db.prepare(`SELECT g.party, g.metric, g.period_start, g.source_a, g.source_b, g.compared, g.flagged, g.largest_a_day, p.a_day, p.b_day, p.a_id, p.b_id
      FROM figure_pair_groups AS g LEFT JOIN figure_pairs AS p ON p.group_id = g.id WHERE g.compared > 0`).raw(true).all()).map((x) => JSON.stringify(x)).sort(),
  });
  const kept = dump();
  store.db.exec('SAVEPOINT rebuild');
  try {
    const restore = store.suspendTriggers();
    store.db.exec(rebuildSummaries('all'));
    restore();
    store.catchUpPairs();
    expect(kept).toEqual(dump());
  } finally {
    store.db.exec('ROLLBACK TO rebuild; RELEASE rebuild');
  }
}

/** What the random queries exercised: checked at the end, so the comparison cannot pass by never
 *  reaching a bucket size, a cut window or a kind of answer. */
const seen = new Set<string>();

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-fast-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the figures as the routes compute them equal the plain reference', () => {
  test.each([1, 2, 3, 4, 5, 6])('random writes, edits, deletes, restores and renames (seed %i)', (seed) => {
    const r = rng(seed);
    // Wide data (480 days) makes long series; dense data (90 days) shared days; very dense data (12
    // days) several tallies a day in one series, so that a reduction to days is needed.
    const span = [480, 90, 12][seed % 3]!;
    const db = openDatabase(path.join(dir, `seed-${seed}.db`));
    const store = createStore(db);
    const ids: number[] = [];
    for (let i = 0; i < 220; i++) ids.push(store.insertReport(randomInput(r, span), 'test').id);
    expectSameFigures(store, r, span, 6);

    for (let i = 0; i < 160; i++) {
      const id = pick(r, ids);
      const x = r();
      if (x < 0.45) store.updateReport(id, randomInput(r, span), 'test');
      else if (x < 0.7) store.deleteReport(id, 'test');
      else if (x < 0.9) store.restoreReport(id, 'test');
      else if (x < 0.95) ids.push(store.insertReport(randomInput(r, span), 'test').id);
      else {
        // Renames move reports between series and events between parties (and back, now and then).
        const field = r() < 0.5 ? 'source' : 'party';
        const names = field === 'source' ? SOURCES : PARTIES;
        store.renameValue(field, pick(r, names), pick(r, names), 'test');
      }
      if (i % 40 === 39) expectSameFigures(store, r, span, 3);
    }
    expectSameFigures(store, r, span, 8);
    expectSummariesAsRebuilt(store);
    db.close();
  });

  test('the migration fills the summary tables from reports stored before it', () => {
    const r = rng(99);
    const file = path.join(dir, 'backfill.db');
    const db = openDatabase(file, { migrate: false });
    migrate(db, loadMigrations().filter((m) => m.version < 5));
    const insert = db.prepare(`INSERT INTO reports (source, party, metric, kind, date, period_start, value, low, high, event, reported_on, deleted, created_at, updated_at)
      VALUES (@source, @party, @metric, @kind, @date, @period_start, @value, @low, @high, @event, @reported_on, @deleted, 'x', 'x')`);
    for (let i = 0; i < 400; i++) {
      const input = randomInput(r, 480);
      insert.run({ period_start: null, value: null, low: null, high: null, event: null, reported_on: null, ...input, deleted: r() < 0.1 ? 1 : 0 });
    }
    migrate(db);
    const store = createStore(db);
    expectSameFigures(store, r, 480, 10);
    db.close();
  });

  test('the random queries reached every bucket size with cut windows, and every kind of answer', () => {
    const wanted = ['day', 'week', 'month', 'quarter', 'year'].map((b) => `${b}+reduced+claims+window`)
      .concat(['decreases', 'increments', 'derived from a base', 'derived from zero', 'year-start', 'disagreements (kept counts)',
        'disagreements (filtered)', 'a group compared, none flagged', 'events with other reports', 'events decided by the date or the source', 'one count_source', 'count_sources']);
    expect(wanted.filter((w) => !seen.has(w))).toEqual([]);
  });
});
