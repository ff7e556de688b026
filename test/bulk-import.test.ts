// The bulk path of an import against the per-row path on random data: the same answer, and the same
// database after it — reports, revisions, the search index, the facet counts and every summary table as
// the per-row triggers leave them — for a first import, a second one with edits, unchanged rows, new rows
// and renames across parties, a dry run, and a rejected file.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { openDatabase, type DB } from '../server/db/connection';
import { createStore, type Store } from '../server/db/store';
import { importCsv } from '../server/csv/import';
import { CSV_COLUMNS } from '../server/domain/csv';
import { rng } from '../scripts/random';
import { tempDir } from './helpers';

const PARTIES = ['Ukrainian forces', 'Civilians', 'Мирні жителі'];
const SOURCES = ['AFP', 'Reuters', 'Ukrainian army', 'OHCHR', 'Source, with "quotes"'];
const STARTS = ['2020-01-01', '2021-01-01', '2020-11-16'];

function day(r: () => number): string {
  return new Date(Date.UTC(2020, 10, 1) + Math.floor(r() * 200) * 86_400_000).toISOString().slice(0, 10);
}
const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** A random CSV row (our columns, id blank unless given). */
function row(r: () => number, id: number | null = null): Record<string, string> {
  const kind = r() < 0.6 ? 'incident' : r() < 0.95 ? 'tally' : 'estimate';
  const date = day(r);
  const value = Math.floor(r() * (r() < 0.5 ? 5 : 300));
  const ranged = r() < 0.2;
  const starts = STARTS.filter((s) => s <= date);
  return {
    id: id === null ? '' : String(id), date, date_precision: 'day',
    period_start: kind === 'tally' ? (starts.length ? pick(r, starts) : date) : '',
    source: pick(r, SOURCES), via: r() < 0.3 ? 'AFP' : '', party: pick(r, PARTIES), metric: kind === 'estimate' ? 'troops' : pick(r, ['killed', 'wounded']),
    kind, value: String(value), qualifier: pick(r, ['exact', 'about']), low: ranged ? String(Math.max(0, value - 2)) : '', high: ranged ? String(value + 3) : '',
    location: r() < 0.5 ? pick(r, ['Donetsk', 'Харків', '=cmd']) : '', event: kind === 'incident' && r() < 0.4 ? `e${Math.floor(r() * 15)}` : '',
    reported_on: r() < 0.7 ? day(r) : '', url: '', quote: r() < 0.5 ? `said "${value}",\nlater` : '', notes: '',
  };
}
const csv = (rows: Record<string, string>[]) => stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });

/** Everything an import writes, as comparable text: timestamps of the import made equal. */
function dump(db: DB): Record<string, unknown[]> {
  const all = (sql: string) => db.prepare(sql).raw(true).all();
  const tables = ['figure_events', 'figure_days', 'figure_source_events', 'figure_source_days', 'figure_tally_buckets', 'figure_decreases', 'facet_counts'];
  const sorted = (rows: unknown[]) => rows.map((x) => JSON.stringify(x)).sort();
  const out: Record<string, unknown[]> = Object.fromEntries(tables.map((t) => [t, sorted(all(`SELECT * FROM ${t}`))]));
  out.reports = all('SELECT * FROM reports ORDER BY id').map((r) => (r as unknown[]).map((v) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? 'at' : v)));
  out.revisions = (db.prepare('SELECT report_id, revision, action, who, snapshot FROM revisions ORDER BY report_id, revision').all() as { snapshot: string }[])
    .map((r) => ({ ...r, snapshot: { ...JSON.parse(r.snapshot), created_at: 'at', updated_at: 'at' } }));
  out.groups = all('SELECT party, metric, period_start, source_a, source_b, compared, flagged, largest_a_day FROM figure_pair_groups WHERE compared > 0 ORDER BY 1, 2, 3, 4, 5');
  out.pairs = all(`SELECT g.party, g.metric, g.period_start, g.source_a, g.source_b, p.a_day, p.b_day, p.a_id, p.b_id, p.a_figure, p.b_figure
    FROM figure_pairs AS p JOIN figure_pair_groups AS g ON g.id = p.group_id ORDER BY 1, 2, 3, 4, 5, 6`);
  // The search index: what a few words find, through the index itself.
  out.search = ['afp', 'said', 'харків', 'quotes', 'cmd'].map((w) => all(`SELECT rowid FROM reports_fts WHERE reports_fts MATCH '"${w}"*' ORDER BY rowid`));
  out.integrity = [db.pragma('integrity_check', { simple: true }), all("SELECT * FROM reports_fts WHERE reports_fts MATCH 'x' LIMIT 0")];
  return out;
}

let dir: string;
let perRow: { db: DB; store: Store };
let bulk: { db: DB; store: Store };
beforeAll(() => {
  dir = tempDir('tally-bulk-');
  perRow = { db: openDatabase(path.join(dir, 'per-row.db')), store: undefined as unknown as Store };
  bulk = { db: openDatabase(path.join(dir, 'bulk.db')), store: undefined as unknown as Store };
  perRow.store = createStore(perRow.db);
  bulk.store = createStore(bulk.db);
});
afterAll(() => {
  perRow.db.close();
  bulk.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function both(file: string, opts: { dryRun?: boolean; ids?: 'ignore' } = {}) {
  const a = await importCsv(perRow.store, file, { who: 'test', bulkRows: Infinity, ...opts });
  const b = await importCsv(bulk.store, file, { who: 'test', bulkRows: 1, ...opts });
  expect(b).toEqual(a);
  expect(dump(bulk.db)).toEqual(dump(perRow.db));
  return a;
}

test('a first import of 1,500 random rows: the same answer and the same database', async () => {
  const r = rng(7);
  const result = await both(csv(Array.from({ length: 1500 }, () => row(r))));
  expect(result.inserted).toBe(1500);
  expect(dump(bulk.db).groups!.length).toBeGreaterThan(0);
});

test('a second import: rows by id changed and unchanged, rows equal to stored ones, new rows', async () => {
  const r = rng(8);
  const ids = (bulk.db.prepare('SELECT id FROM reports ORDER BY id').pluck().all() as number[]);
  const stored = bulk.db.prepare(`SELECT ${CSV_COLUMNS.join(', ')} FROM reports WHERE id = ?`);
  const rows: Record<string, string>[] = [];
  for (const id of ids.filter(() => r() < 0.3)) {
    const current = Object.fromEntries(Object.entries(stored.get(id) as Record<string, unknown>).map(([k, v]) => [k, v === null ? '' : String(v)]));
    // A third of them moved to another party or source (their old summaries must go too), a third re-dated, a third as they are.
    const x = r();
    rows.push(x < 0.33 ? { ...current, party: pick(r, PARTIES), source: pick(r, SOURCES) } : x < 0.66 ? { ...current, date: current.kind === 'tally' ? current.date! : day(r), value: String(Number(current.value || 0) + 1) } : current);
  }
  for (let i = 0; i < 300; i++) rows.push(row(r));
  // Without ids, equal to stored reports: unchanged.
  rows.push(...(bulk.db.prepare(`SELECT ${CSV_COLUMNS.join(', ')} FROM reports ORDER BY id LIMIT 40`).all() as Record<string, unknown>[])
    .map((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, k === 'id' || v === null ? '' : String(v)]))));
  const result = await both(csv(rows));
  expect(result.updated).toBeGreaterThan(100);
  expect(result.unchanged).toBeGreaterThan(40);
  expect(result.inserted).toBe(300);
});

test('a dry run and a rejected file change nothing, and answer the same', async () => {
  const r = rng(9);
  const before = dump(bulk.db);
  await both(csv(Array.from({ length: 200 }, () => row(r))), { dryRun: true });
  const bad = Array.from({ length: 100 }, () => row(r));
  bad[10] = { ...bad[10]!, id: '999999' };
  bad[20] = { ...bad[20]!, id: '1' };
  bad[30] = { ...bad[30]!, id: '1' };
  const result = await both(csv(bad));
  // The line a record starts on: the header is line 1, and quotes hold line breaks.
  const lineOf = (i: number) => 2 + i + bad.slice(0, i).reduce((n, x) => n + Object.values(x).join('').split('\n').length - 1, 0);
  expect(result.rejected.map((x) => [x.line, x.fields])).toEqual([
    [lineOf(10), { id: ['no live report has this id here: blank the column, or import with ?ids=ignore to add the row as new'] }],
    [lineOf(30), { id: [`appears twice in this file (also on line ${lineOf(20)})`] }],
  ]);
  expect(dump(bulk.db)).toEqual(before);
});

test('a series group a bulk import empties (every tally moved to another party) keeps no compared pairs', async () => {
  const busiest = bulk.db.prepare(`SELECT g.party, g.metric, g.period_start FROM figure_pairs AS p JOIN figure_pair_groups AS g ON g.id = p.group_id
    GROUP BY 1, 2, 3 ORDER BY count(*) DESC LIMIT 1`).get() as { party: string; metric: string; period_start: string };
  const moved = (bulk.db.prepare(`SELECT ${CSV_COLUMNS.join(', ')} FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = ? AND metric = ? AND period_start = ?`)
    .all(busiest.party, busiest.metric, busiest.period_start) as Record<string, unknown>[])
    .map((x) => ({ ...Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v === null ? '' : String(v)])), party: 'Moved party' }));
  expect(moved.length).toBeGreaterThan(1);
  await both(csv(moved));
  // Before: the bulk path marked for recomputing only the groups with tallies after the import.
  expect(bulk.db.prepare('SELECT count(*) FROM figure_pairs AS p JOIN figure_pair_groups AS g ON g.id = p.group_id WHERE g.party = ? AND g.metric = ? AND g.period_start = ?')
    .pluck().get(busiest.party, busiest.metric, busiest.period_start)).toBe(0);
});

test('the bulk path tells each phase in order, each counting up to its total', async () => {
  const r = rng(10);
  const told: { phase: string; done: number; total: number | null }[] = [];
  await importCsv(bulk.store, csv(Array.from({ length: 300 }, () => row(r))), {
    who: 'test', bulkRows: 1, onProgress: (p) => told.push({ phase: p.phase, done: p.done, total: p.total }),
  });
  const phases = told.map((p) => p.phase).filter((p, i, all) => all[i - 1] !== p);
  expect(phases).toEqual(['read', 'store', 'index', 'summaries', 'pairs', 'commit']);
  for (const phase of ['store', 'index', 'summaries', 'pairs', 'commit']) {
    const of = told.filter((p) => p.phase === phase);
    expect(of[0]!.done).toBe(0);
    expect(of[of.length - 1]!.done).toBe(of[0]!.total);
    expect(of.every((p, i) => i === 0 || p.done >= of[i - 1]!.done)).toBe(true);
  }
  expect(told.filter((p) => p.phase === 'store').at(-1)!.total).toBe(300);
});

test('an import holds the database from its start: another connection\'s write once it has read is refused, the import stored whole', async () => {
  const r = rng(11);
  const other = new Database(bulk.db.name);
  other.pragma('busy_timeout = 0');
  const tried: string[] = [];
  let stores = 0;
  const attempt = () => {
    try {
      // A write that always changes a page (a report's edit would bump this counter too).
      other.prepare('UPDATE data_version SET version = version + 1').run();
      tried.push('stored');
    } catch (e) {
      tried.push((e as { code: string }).code);
    }
  };
  const result = await importCsv(bulk.store, csv(Array.from({ length: 50 }, () => row(r))), {
    // `store` is told once the transaction has read, before the rows are classified and written.
    who: 'test', bulkRows: 1, onProgress: (p) => { if (p.phase === 'store' && ++stores === 1) attempt(); },
  });
  other.close();
  // Begun deferred, that write was stored and the import's first write then failed (SQLITE_BUSY_SNAPSHOT).
  expect([tried, result.inserted]).toEqual([['SQLITE_BUSY'], 50]);
});
