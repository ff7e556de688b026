// ETags from the database's change counter: 304 on repeat reads, a new tag after any write, even one
// made by another connection (the import script, another process).
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { ReportInput } from '../server/domain/report';
import { incident, testApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = testApp();
  await t.http.post('/api/reports').set(t.auth).send(incident());
});
afterAll(() => t.close());

const READS = ['/api/reports', '/api/series?party=Ukrainian%20forces&metric=killed', '/api/compare?party=Ukrainian%20forces&metric=killed',
  '/api/disagreements?party=Ukrainian%20forces&metric=killed', '/api/facets', '/api/reports.csv'];

test.each(READS)('GET %s: ETag, shared-cache Cache-Control, 304 on If-None-Match', async (url) => {
  const first = await t.http.get(url);
  expect(first.status).toBe(200);
  const etag = first.headers.etag as string;
  expect(etag).toMatch(/^W\/"[0-9a-f]{8}-v\d+"$/);
  expect(first.headers['cache-control']).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=30');
  const again = await t.http.get(url).set('If-None-Match', etag);
  expect(again.status).toBe(304);
  expect(again.text ?? '').toBe('');
});

test('the health check and the writers\' own reads are never tagged: a full disk changes health without a write', async () => {
  for (const url of ['/api/health', '/api/recipes', '/api/import/progress']) {
    const res = await t.http.get(url).set(t.auth);
    expect([url, res.status, res.headers.etag, res.headers['cache-control']]).toEqual([url, 200, undefined, expect.stringContaining('no-store')]);
  }
});

test('a write through the API, or by another connection to the file, changes the ETag', async () => {
  const etag0 = (await t.http.get('/api/facets')).headers.etag as string;
  await t.http.post('/api/reports').set(t.auth).send(incident({ value: 5 }));
  const etag1 = (await t.http.get('/api/facets')).headers.etag as string;
  expect(etag1).not.toBe(etag0);
  expect((await t.http.get('/api/facets').set('If-None-Match', etag0)).status).toBe(200);

  const other = openDatabase(t.file);
  createStore(other).insertReport(ReportInput.parse(incident({ value: 6 })), 'script');
  other.close();
  const etag2 = (await t.http.get('/api/facets')).headers.etag as string;
  expect(etag2).not.toBe(etag1);
  expect((await t.http.get('/api/facets').set('If-None-Match', etag1)).status).toBe(200);
});

test('credentialed reads are checked before any 304, stay private; errors and the session answer are never stored', async () => {
  const res = await t.http.get('/api/reports').set(t.auth);
  expect(res.headers['cache-control']).toBe('private, no-cache');
  const publicTag = (await t.http.get('/api/reports')).headers.etag as string;
  // A wrong token gets its 401 even when it sends the public tag.
  const wrong = await t.http.get('/api/reports').set('Authorization', 'Bearer wrong-wrong-wrong-wrong').set('If-None-Match', publicTag);
  expect(wrong.status).toBe(401);
  const missing = await t.http.get('/api/reports/999999');
  expect(missing.status).toBe(404);
  expect(missing.headers['cache-control']).toBe('private, no-store');
  expect(missing.headers.etag).toBeUndefined();
  expect((await t.http.get('/api/session')).headers['cache-control']).toBe('private, no-store');
});

test('figure answers are recomputed after any write, including one by another connection', async () => {
  const c = testApp();
  try {
    const url = '/api/series?party=Ukrainian%20forces&metric=killed';
    await c.http.post('/api/reports').set(c.auth).send(incident({ value: 2 }));
    expect((await c.http.get(url)).body.running).toEqual([{ date: '2021-12-01', total: 2, low: 2, high: 2 }]);
    expect((await c.http.get(url)).body.running).toEqual([{ date: '2021-12-01', total: 2, low: 2, high: 2 }]);
    await c.http.post('/api/reports').set(c.auth).send(incident({ value: 3, date: '2021-12-02' }));
    expect((await c.http.get(url)).body.running.at(-1)).toEqual({ date: '2021-12-02', total: 5, low: 5, high: 5 });
    const other = openDatabase(c.file);
    createStore(other).insertReport(ReportInput.parse(incident({ value: 4, date: '2021-12-03' })), 'script');
    other.close();
    expect((await c.http.get(url)).body.running.at(-1)).toEqual({ date: '2021-12-03', total: 9, low: 9, high: 9 });
  } finally {
    c.close();
  }
});
