// The list's total for the commonest filters comes from the trigger-kept facet counts; it must equal a
// count(*) of the same filter after any mix of writes, edits, deletes, restores and renames.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReportInput, type Metric } from '../server/domain/report';
import { openDatabase } from '../server/db/connection';
import { createStore, type ReportFilter } from '../server/db/store';

const PARTIES = ['Ukrainian forces', 'Civilians', 'Pro-Russia separatists'];
const SOURCES = ['AFP', 'Reuters', 'Ukrainian army'];
const METRICS: Metric[] = ['killed', 'wounded'];

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-totals-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('totals from the facet counts equal count(*) for no filter, party, party and metric, one source', () => {
  let seed = 7;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const db = openDatabase(path.join(dir, 'totals.db'));
  const store = createStore(db);
  const input = () => ReportInput.parse({ source: pick(SOURCES), party: pick(PARTIES), metric: pick(METRICS), kind: 'incident', date: '2022-03-01', value: 1 });
  const ids: number[] = [];
  const filters: ReportFilter[] = [{}, ...PARTIES.map((party) => ({ party })), ...SOURCES.map((s) => ({ source: [s] })),
    ...PARTIES.flatMap((party) => METRICS.map((metric) => ({ party, metric }))), { party: 'Nobody' }, { source: ['Nobody'] }];
  const plain = (f: ReportFilter) => {
    const where = ['deleted = 0'];
    const params: string[] = [];
    if (f.party !== undefined) { where.push('party = ?'); params.push(f.party); }
    if (f.metric !== undefined) { where.push('metric = ?'); params.push(f.metric); }
    if (f.source) { where.push('source = ?'); params.push(f.source[0]!); }
    return db.prepare(`SELECT count(*) FROM reports WHERE ${where.join(' AND ')}`).pluck().get(...params) as number;
  };
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 40; i++) {
      const x = r();
      if (x < 0.5 || ids.length === 0) ids.push(store.insertReport(input(), 'test').id);
      else if (x < 0.65) store.updateReport(pick(ids), input(), 'test');
      else if (x < 0.8) store.deleteReport(pick(ids), 'test');
      else if (x < 0.95) store.restoreReport(pick(ids), 'test');
      else store.renameValue(r() < 0.5 ? 'party' : 'source', pick(r() < 0.5 ? PARTIES : SOURCES), pick(r() < 0.5 ? PARTIES : SOURCES), 'test');
    }
    for (const f of filters) {
      expect([f, store.listReports(f, { limit: 1, offset: 0, sort: 'date' }).total]).toEqual([f, plain(f)]);
    }
  }
  expect(plain({})).toBeGreaterThan(20);
  db.close();
});
