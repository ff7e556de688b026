// A full disk said plainly: a refused write answers 507 insufficient_storage with a sentence the form and
// the import dialog show, logs one line without a stack, stores nothing, and /api/health says so until
// a write succeeds again. The disk is made full with SQLite's own limit on the file's pages.
import { Writable } from 'node:stream';
import pino from 'pino';
import { counts, incident, testApp, type TestApp } from './helpers';

let t: TestApp;
const lines: string[] = [];
beforeAll(() => {
  t = testApp({ logger: pino({ level: 'info' }, new Writable({ write(c: Buffer, _e, done) { lines.push(c.toString()); done(); } })) });
});
afterAll(() => t.close());

const fill = () => t.db.pragma(`max_page_count = ${t.db.pragma('page_count', { simple: true }) as number}`);
const free = () => t.db.pragma('max_page_count = 1073741823');

test('a write refused for want of space: 507, nothing stored, one log line without a stack; health says so until a write succeeds', async () => {
  expect((await t.http.get('/api/health')).body).toEqual({ ok: true, reports: 0 });
  fill();
  const before = counts(t.db);
  // Enough text that the report cannot fit in the pages left.
  const res = await t.http.post('/api/reports').set(t.auth).send(incident({ quote: 'x'.repeat(1900), notes: 'y'.repeat(1900) }));
  expect(res.status).toBe(507);
  expect(res.body).toEqual({
    error: 'insufficient_storage',
    message: 'The server\'s disk is full, so nothing of this request was stored. Tell whoever runs the server; writing works again once space is freed.',
  });
  expect(counts(t.db)).toEqual(before);
  const logged = lines.map((l) => JSON.parse(l) as { msg: string; err?: unknown; code?: string }).filter((l) => l.code === 'SQLITE_FULL');
  expect(logged).toEqual([expect.objectContaining({ msg: 'the disk is full: a write was refused, nothing of it stored' })]);
  expect(lines.join('')).not.toMatch(/"stack"|\bat [\w.]+ \(/);

  const health = await t.http.get('/api/health');
  expect(health.status).toBe(503);
  expect(health.body).toMatchObject({ ok: false, storage: 'full' });

  // The import is refused the same way.
  const csv = `source,party,metric,kind,date,value,quote,notes\r\nA,P,killed,incident,2022-01-01,1,${'q'.repeat(1900)},${'n'.repeat(1900)}\r\n`;
  const imported = await t.http.post('/api/import').set(t.auth).set('Content-Type', 'text/csv').send(csv);
  expect(imported.status).toBe(507);
  expect(imported.body.error).toBe('insufficient_storage');
  expect(counts(t.db)).toEqual(before);

  free();
  expect((await t.http.post('/api/reports').set(t.auth).send(incident())).status).toBe(201);
  expect((await t.http.get('/api/health')).body).toEqual({ ok: true, reports: 1 });
});
