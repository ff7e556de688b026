// Migrations cannot drift: each applied migration's checksum is recorded and start-up refuses a known
// migration whose file changed; the summary tables' migration is what its generator writes; and a
// database that took the first version of migration 005 (which lacked the per-source tables, so a
// count_source answered 500 there) is repaired by migration 006.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MigrationError, checksumOf, loadMigrations, migrate, openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { ReportInput } from '../server/domain/report';
import { SUMMARIES_MIGRATION, summariesMigration } from '../server/db/sql/summaries-migration';
import { createApp } from '../server/http/app';
import request from 'supertest';
import { tempDir, TOKEN } from './helpers';

const MIGRATIONS = path.join(__dirname, '..', 'server', 'db', 'migrations');

let dir: string;
beforeEach(() => { dir = tempDir('tally-migrations-'); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the summary tables\' migration is exactly what the generator writes (npm run generate:summaries)', () => {
  expect(fs.readFileSync(path.join(MIGRATIONS, SUMMARIES_MIGRATION), 'utf8')).toBe(summariesMigration());
});

test('a change of rules written under the next number applies to a current database and rebuilds the same summaries', () => {
  const db = openDatabase(path.join(dir, 'next.db'));
  const store = createStore(db);
  const tally = (source: string, date: string, value: number) => ReportInput.parse({ source, party: 'Civilians', metric: 'killed', kind: 'tally', date, period_start: '2022-01-01', value });
  for (const [i, day] of ['2022-03-01', '2022-03-05', '2022-03-09'].entries()) {
    store.insertReport(tally('AFP', day, 100 + i * 10), 'test');
    store.insertReport(tally('OHCHR', day, 100 + i * 30), 'test');
    store.insertReport(ReportInput.parse({ source: 'AFP', party: 'Civilians', metric: 'killed', kind: 'incident', date: day, value: i + 1 }), 'test');
  }
  const tables = ['figure_events', 'figure_days', 'figure_source_events', 'figure_source_days', 'figure_tally_buckets', 'figure_decreases'];
  const dump = () => ({
    ...Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).raw(true).all()])),
    pairs: db.prepare(`SELECT g.source_a, g.source_b, g.compared, g.flagged, p.a_day, p.b_day, p.a_figure, p.b_figure FROM figure_pairs AS p
      JOIN figure_pair_groups AS g ON g.id = p.group_id ORDER BY 1, 2, 5`).raw(true).all(),
  });
  const before = dump();
  expect((before.pairs as unknown[]).length).toBe(3);
  // Before: its drops were 005's, and "CREATE TABLE figure_pair_groups" failed, the table being there.
  db.transaction(() => db.exec(summariesMigration('010_figure_rules.sql')))();
  store.catchUpPairs();
  expect(dump()).toEqual(before);
  db.close();
});

test('every applied migration\'s checksum is recorded', () => {
  const db = openDatabase(path.join(dir, 'a.db'));
  const rows = db.prepare('SELECT name, checksum FROM schema_migrations ORDER BY version').all() as { name: string; checksum: string }[];
  expect(rows).toEqual(loadMigrations().map((m) => ({ name: m.name, checksum: checksumOf(m.sql) })));
  db.close();
});

test('a migration file changed after the database applied it stops start-up, naming it; the file as it was starts again', () => {
  const copy = path.join(dir, 'migrations');
  fs.cpSync(MIGRATIONS, copy, { recursive: true });
  const db = new Database(path.join(dir, 'b.db'));
  migrate(db, loadMigrations(copy));
  const file = path.join(copy, '003_data_version.sql');
  const original = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, `${original}\n-- a comment is a change too\n`);
  expect(() => migrate(db, loadMigrations(copy))).toThrow(MigrationError);
  expect(() => migrate(db, loadMigrations(copy))).toThrow(/003_data_version\.sql/);
  fs.writeFileSync(file, original);
  expect(migrate(db, loadMigrations(copy))).toEqual([]);
  db.close();
});

test('a database applied by code before checksums records them on its next start, from the files', () => {
  const db = new Database(path.join(dir, 'c.db'));
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of loadMigrations().filter((x) => x.version <= 2)) {
    db.exec(m.sql);
    record.run(m.version, m.name, 'then');
  }
  expect(migrate(db)).toEqual(loadMigrations().filter((m) => m.version > 2).map((m) => m.version));
  expect(db.prepare('SELECT checksum FROM schema_migrations WHERE version = 1').pluck().get()).toBe(checksumOf(loadMigrations()[0]!.sql));
  db.close();
});

test('a database that took the first version of migration 005 is repaired by 006: one counted source answers again', async () => {
  // As the code of that time left it: migrations applied and recorded without checksums, 005 in its
  // first version (no figure_source_events, no figure_source_days).
  const file = path.join(dir, 'first-005.db');
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of loadMigrations().filter((x) => x.version < 5)) {
    db.exec(m.sql);
    record.run(m.version, m.name, 'then');
  }
  db.exec(fs.readFileSync(path.join(__dirname, 'fixtures', 'migrations', '005_figure_summaries.first-version.sql'), 'utf8'));
  record.run(5, '005_figure_summaries.sql', 'then');
  const insert = db.prepare(`INSERT INTO reports (source, party, metric, kind, date, period_start, value, event, reported_on, created_at, updated_at)
    VALUES (?, 'P', 'killed', ?, ?, ?, ?, ?, ?, 'x', 'x')`);
  insert.run('A', 'incident', '2022-01-01', null, 3, 'e1', '2022-01-02');
  insert.run('B', 'incident', '2022-01-01', null, 5, 'e1', '2022-01-03');
  insert.run('A', 'incident', '2022-01-04', null, 2, null, null);
  insert.run('T', 'tally', '2022-01-05', '2022-01-01', 9, null, null);
  expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'figure_source_days'").pluck().get()).toBe(0);
  db.close();

  const repaired = openDatabase(file);
  // Every migration after the first 005 ran: 006, which repairs it, and any that came since.
  expect(repaired.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(Math.max(...loadMigrations().map((m) => m.version)));
  const http = request(createApp(repaired, { token: TOKEN }));
  const res = await http.get('/api/series?party=P&metric=killed&count_source=A');
  expect(res.status).toBe(200);
  expect(res.body.running).toEqual([{ date: '2022-01-01', total: 3, low: 3, high: 3 }, { date: '2022-01-04', total: 5, low: 5, high: 5 }]);
  expect(res.body.claims.map((c: { computed: number; gap: number }) => [c.computed, c.gap])).toEqual([[5, 4]]);
  // Over all sources the event counts once, with the latest reported (B's 5).
  expect((await http.get('/api/series?party=P&metric=killed')).body.running.at(-1)).toEqual({ date: '2022-01-04', total: 7, low: 5, high: 7 });
  expect(createStore(repaired).eventsPage('P', 'killed', {}, { limit: 10, offset: 0 }).items.map((e) => e.figure)).toEqual([5, 2]);
  repaired.close();
});
