// Every worked example of test/fixtures/derived-figures.json (the contract's worked examples), loaded into a
// fresh database through the HTTP API in two orders, and as one bulk import, and read back through the
// HTTP API.
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { importCsv } from '../server/csv/import';
import { CSV_COLUMNS } from '../server/domain/csv';
import { testApp, type TestApp } from './helpers';

interface FixtureReport { id: number; [field: string]: unknown }
interface Expect {
  running?: unknown[];
  claims?: Record<string, unknown>[];
  increments?: unknown[];
  decreases?: Record<string, unknown>[];
  disagreement_pairs?: [number, number][];
  compare?: Record<string, unknown>;
  events?: { date: string; figure: number; low: number; high: number; chosen: number; other_ids: number[] }[];
  disagreement_groups?: { sources: string[]; period_start: string; compared: number; flagged: number; largest: { a_id: number; b_id: number; days: number; difference: number; ratio: number } | null }[];
}
interface Query { party: string; metric: string; count_source?: string[]; source?: string[]; year?: number }
interface Case { name: string; reports: FixtureReport[]; query: Query; expect: Expect; also?: { query: Query; expect: Expect } }

const FIXTURES = path.join(__dirname, 'fixtures', 'derived-figures.json');
const cases = (JSON.parse(fs.readFileSync(FIXTURES, 'utf8')) as { cases: Case[] }).cases;

/** Keeps only the fields the fixture lists (the fixture says the others are not checked). */
const project = (items: Record<string, unknown>[], like: Record<string, unknown>[] | undefined) =>
  // A field the server leaves out stays undefined, so an expected null does not hide it.
  items.map((item, i) => Object.fromEntries(Object.keys(like?.[i] ?? like?.[0] ?? item).map((k) => [k, k in item ? item[k] : undefined])));

/** The query as one route takes it: each route accepts only its own parameters. */
function queryString(q: Query, omit: (keyof Query)[] = []): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (omit.includes(k as keyof Query)) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  }
  return p.toString();
}

/** Each report through the API, one by one: fixture id → the id the database gave. */
async function entered(t: TestApp, reports: FixtureReport[]): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  for (const r of reports) {
    const { id, ...body } = r;
    const res = await t.http.post('/api/reports').set(t.auth).send(body);
    expect(res.status).toBe(201);
    ids.set(id, res.body.id);
  }
  return ids;
}

/** All the reports as one CSV through the bulk path of the import (set-based writes, summaries and
 *  pairs rebuilt): ids follow the file's order. */
async function bulkImported(t: TestApp, reports: FixtureReport[]): Promise<Map<number, number>> {
  const columns = CSV_COLUMNS.filter((c) => c !== 'id');
  const rows = reports.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] === undefined || r[c] === null ? '' : String(r[c])])));
  const before = t.store.maxId();
  const result = await importCsv(t.store, stringify(rows, { header: true, columns, record_delimiter: 'windows' }), { who: 'fixture', bulkRows: 1 });
  expect([result.inserted, result.rejected]).toEqual([reports.length, []]);
  return new Map(reports.map((r, i) => [r.id, before + i + 1]));
}

/** Two orders of entry: the figures must not depend on which report was entered first (ids follow
 *  the order of entry, so every tie-break that falls back on ids would show); and a bulk-imported copy,
 *  whose summaries are rebuilt by set rather than kept by the triggers. */
const ENTRIES = [
  ['entered in reverse order', (t: TestApp, rs: FixtureReport[]) => entered(t, [...rs].reverse())],
  ['entered odd places first, then even', (t: TestApp, rs: FixtureReport[]) => entered(t, [...rs.filter((_r, i) => i % 2 === 1), ...rs.filter((_r, i) => i % 2 === 0)])],
  ['imported in bulk', bulkImported],
] as const;

describe.each(cases.flatMap((c) => ENTRIES.map(([how, store]) => [c.name, how, c, store] as const)))('fixture: %s (%s)', (_name, _how, c, store) => {
  let t: TestApp;
  /** fixture id → id the database assigned */
  let idOf = new Map<number, number>();
  const fixtureId = (dbId: number) => [...idOf].find(([, v]) => v === dbId)?.[0];

  beforeAll(async () => {
    t = testApp();
    idOf = await store(t, c.reports);
  });
  afterAll(() => t.close());

  const queries = [['query', c.query, c.expect] as const, ...(c.also ? [['also', c.also.query, c.also.expect] as const] : [])];

  test.each(queries)('%s', async (_which, query, expected) => {
    const series = await t.http.get(`/api/series?${queryString(query, ['year'])}`);
    expect(series.status).toBe(200);
    const withFixtureIds = (items: { id: number }[]) => items.map((x) => ({ ...x, id: fixtureId(x.id) }));
    if (expected.running) expect(series.body.running).toEqual(expected.running);
    if (expected.claims) expect(project(withFixtureIds(series.body.claims), expected.claims)).toEqual(expected.claims);
    if (expected.increments) expect(series.body.increments).toEqual(expected.increments);
    if (expected.decreases) expect(project(withFixtureIds(series.body.decreases), expected.decreases)).toEqual(expected.decreases);
    if (expected.events) {
      const res = await t.http.get(`/api/events?${queryString(query, ['year', 'source'])}`);
      expect(res.status).toBe(200);
      const got = (res.body.items as { date: string; figure: number; low: number; high: number; chosen: { id: number }; other_ids: number[] }[])
        .map((e) => ({ ...e, chosen: fixtureId(e.chosen.id), other_ids: e.other_ids.map(fixtureId).sort((x, y) => x! - y!) }));
      expect(got).toEqual(expected.events);
      expect(res.body.total).toBe(expected.events.length);
    }
    if (expected.disagreement_pairs || expected.disagreement_groups) {
      const res = await t.http.get(`/api/disagreements?${queryString(query, ['year', 'count_source'])}`);
      expect(res.status).toBe(200);
      if (expected.disagreement_pairs) {
        const pairs = (res.body.items as { a: { id: number }; b: { id: number } }[])
          .map((d) => [fixtureId(d.a.id)!, fixtureId(d.b.id)!].sort((x, y) => x - y))
          .sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
        expect(pairs).toEqual(expected.disagreement_pairs);
        expect(res.body.total).toBe(expected.disagreement_pairs.length);
      }
      if (expected.disagreement_groups) {
        const groups = (res.body.groups as { largest: { a_id: number; b_id: number } | null }[])
          .map((g) => ({ ...g, largest: g.largest && { ...g.largest, a_id: fixtureId(g.largest.a_id), b_id: fixtureId(g.largest.b_id) } }));
        expect(groups).toEqual(expected.disagreement_groups);
        expect(res.body.groups_total).toBe(expected.disagreement_groups.length);
      }
    }
    if (expected.compare) {
      const res = await t.http.get(`/api/compare?${queryString(query)}`);
      expect(res.status).toBe(200);
      const want = expected.compare as { day: string; sources: Record<string, unknown>[]; derived: Record<string, unknown>[]; count: Record<string, unknown> };
      expect(res.body.year).toBe(query.year);
      expect(res.body.day).toBe(want.day);
      const ids = (rows: Record<string, unknown>[]) => rows.map((row) => Object.fromEntries(Object.entries(row)
        .map(([k, v]) => [k, k.endsWith('_id') && typeof v === 'number' ? fixtureId(v) : v])));
      expect(project(res.body.sources, want.sources)).toEqual(want.sources);
      expect(res.body.sources).toHaveLength(want.sources.length);
      expect(project(res.body.derived, want.derived)).toEqual(want.derived);
      expect(res.body.derived).toHaveLength(want.derived.length);
      expect(project([res.body.count], [want.count])).toEqual([want.count]);
      // Each figure names the tallies it was taken from: each *_id is a report of the fixture.
      for (const row of ids([...res.body.sources, ...res.body.derived])) {
        for (const [k, v] of Object.entries(row)) if (k.endsWith('_id') && v !== null) expect(c.reports.some((r) => r.id === v)).toBe(true);
      }
    }
  });
});
