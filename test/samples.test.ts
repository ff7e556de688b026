// The two real samples, loaded by the command a newcomer runs (npm run sample -- gaza lebanon), read back
// through the HTTP API: the disagreements and comparisons issue 11 names.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { openDatabase, type DB } from '../server/db/connection';
import { createApp } from '../server/http/app';
import { tempDir, TOKEN } from './helpers';

let dir: string;
let db: DB;
let http: ReturnType<typeof request>;

beforeAll(() => {
  dir = tempDir('tally-samples-');
  const file = path.join(dir, 'samples.db');
  const run = (...names: string[]) => execFileSync(path.join(__dirname, '..', 'node_modules', '.bin', 'tsx'), ['scripts/sample.ts', ...names], {
    cwd: path.join(__dirname, '..'), env: { ...process.env, TALLY_DB: file, LOG_LEVEL: 'silent' }, encoding: 'utf8',
  });
  expect(run('gaza', 'lebanon')).toBe(`sample gaza into ${file}: 2302 inserted, 0 updated, 0 unchanged\nsample lebanon into ${file}: 374 inserted, 0 updated, 0 unchanged\n`);
  expect(run('lebanon')).toBe(`sample lebanon into ${file}: 0 inserted, 0 updated, 374 unchanged\n`);
  db = openDatabase(file);
  http = request(createApp(db, { token: TOKEN }));
}, 60_000);
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('Gaza: two flagged pairs, one group of the two sources since 7 Oct 2023 (8 compared, 2 flagged)', async () => {
  const res = await http.get('/api/disagreements?party=Palestinians%20in%20Gaza&metric=killed');
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(2);
  expect(res.body.items.map((p: { a: { source: string; date: string; value: number }; b: { date: string; value: number }; days: number }) =>
    [p.a.source, p.a.date, p.a.value, p.b.date, p.b.value, p.days])).toEqual([
    ['Gaza Government Media Office', '2023-10-11', 1100, '2023-10-10', 900, 1],
    ['Gaza Government Media Office', '2023-10-17', 3000, '2023-10-18', 3478, 1],
  ]);
  expect(res.body.groups).toEqual([{
    sources: ['Gaza Government Media Office', 'Gaza Ministry of Health'], period_start: '2023-10-07', compared: 8, flagged: 2,
    largest: { a_id: res.body.items[0].a.id, b_id: res.body.items[0].b.id, days: 1, difference: 200, ratio: 0.181818 },
  }]);
  expect(res.body.groups_total).toBe(1);
});

test('Lebanon 2026: one derived row, the count restarted on 2 Mar 2026: 4,346 from 2 Mar to 16 Aug 2026', async () => {
  const res = await http.get('/api/compare?party=People%20in%20Lebanon&metric=killed&year=2026');
  expect(res.status).toBe(200);
  expect(res.body.sources).toEqual([]);
  expect(res.body.derived).toEqual([expect.objectContaining({
    source: 'Lebanon Ministry of Public Health', period_start: '2026-03-02', so_far: 4346, so_far_from: '2026-03-02', so_far_to: '2026-08-16',
    so_far_base_id: null, prev_same_day: null, prev_full: null,
  })]);
});

test('Lebanon 2024: the first count, 3,929 from 27 Dec 2023 (after its tally of 26 Dec) to 4 Dec 2024', async () => {
  const res = await http.get('/api/compare?party=People%20in%20Lebanon&metric=killed&year=2024');
  expect(res.body.derived).toEqual([expect.objectContaining({
    source: 'Lebanon Ministry of Public Health', period_start: '2023-10-08', so_far: 3929, so_far_from: '2023-12-27', so_far_to: '2024-12-04',
    prev_full: 118, prev_full_from: '2023-10-08', prev_full_to: '2023-12-26',
  })]);
});

test('Gaza 2026, the Ministry of Health: 2,150 from 1 Jan to 22 Aug 2026, against 25,728 for 2025 in full', async () => {
  const res = await http.get('/api/compare?party=Palestinians%20in%20Gaza&metric=killed&year=2026&source=Gaza%20Ministry%20of%20Health');
  expect(res.body.day).toBe('2026-08-22');
  expect(res.body.derived).toEqual([expect.objectContaining({
    source: 'Gaza Ministry of Health', so_far: 2150, so_far_from: '2026-01-01', so_far_to: '2026-08-22',
    prev_full: 25728, prev_full_from: '2025-01-01', prev_full_to: '2025-12-31',
  })]);
  // No incidents are counted in this view: the comparison says so instead of a count of 0 per span.
  expect(res.body.count.events).toBe(0);
});
