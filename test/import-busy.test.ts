// While a large import is stored (in the import worker, its transaction held open by a test hook, not
// a race against the clock), the dashboard's reads are answered from the last committed state and a
// write is answered at once with 503 busy and Retry-After, nothing of it stored; once the import is
// committed the same write is stored. The progress endpoint says where the import is.
import { counts, incident, tally, testApp, type TestApp } from './helpers';

let t: TestApp;
const flag = new SharedArrayBuffer(4);
let holding: () => void;
const held = new Promise<void>((resolve) => { holding = resolve; });

beforeAll(() => {
  t = testApp({ bulkRows: 50, holdImports: { flag, onHolding: () => holding() } });
});
const release = () => {
  Atomics.store(new Int32Array(flag), 0, 1);
  Atomics.notify(new Int32Array(flag), 0);
};
// Whatever happens in the test, the held import is let go before the database closes.
afterAll(() => {
  release();
  t.close();
});

test('reads from the old state, writes refused with 503 and Retry-After, then stored after the commit', async () => {
  expect((await t.http.post('/api/reports').set(t.auth).send(tally({ value: 61 }))).status).toBe(201);
  const before = (await t.http.get('/api/series?party=Ukrainian%20forces&metric=killed')).body;
  const rows = Array.from({ length: 200 }, (_, i) => `Ukrainian army,Ukrainian forces,killed,incident,2021-${String((i % 12) + 1).padStart(2, '0')}-10,${i % 7}`);
  const importing = t.http.post('/api/import').set(t.auth).set('Content-Type', 'text/csv').send(`source,party,metric,kind,date,value\r\n${rows.join('\r\n')}\r\n`).then((r) => r);
  await held;

  const progress = await t.http.get('/api/import/progress').set(t.auth);
  expect(progress.body).toMatchObject({ running: true, phase: 'pairs', who: 'bootstrap token' });
  // Held before its commit, its last phase is complete: no time left in it, a margin for the write.
  expect([progress.body.done, progress.body.seconds_left]).toEqual([progress.body.total, 0]);
  const series = await t.http.get('/api/series?party=Ukrainian%20forces&metric=killed');
  expect(series.status).toBe(200);
  expect(series.body).toEqual(before);
  const stored = counts(t.db);
  const started = Date.now();
  const refused = await t.http.post('/api/reports').set(t.auth).send(incident({ value: 5 }));
  expect(Date.now() - started).toBeLessThan(2000);
  expect(refused.status).toBe(503);
  expect(refused.body).toMatchObject({ error: 'busy' });
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(counts(t.db)).toEqual(stored);
  // Who may not write hears that first; a second import is refused the same way as any write.
  expect((await t.http.post('/api/reports').send(incident({ value: 5 }))).status).toBe(401);
  const second = await t.http.post('/api/import').set(t.auth).set('Content-Type', 'text/csv').send('source,party,metric,kind,date,value\r\nAFP,Civilians,killed,incident,2021-01-01,1\r\n');
  expect([second.status, second.body.error, Number(second.headers['retry-after']) >= 1]).toEqual([503, 'busy', true]);
  expect(counts(t.db)).toEqual(stored);

  release();
  const imported = await importing;
  expect(imported.status).toBe(200);
  expect(imported.body).toMatchObject({ inserted: 200, updated: 0, unchanged: 0, rejected: [] });
  expect((await t.http.get('/api/import/progress').set(t.auth)).body).toEqual({ running: false });
  expect((await t.http.post('/api/reports').set(t.auth).send(incident({ value: 5 }))).status).toBe(201);
  expect(counts(t.db).reports).toBe(stored.reports + 201);
  const after = (await t.http.get('/api/series?party=Ukrainian%20forces&metric=killed')).body;
  expect(after.running.at(-1).total).toBeGreaterThan(0);
});
