// GET /api/changes: every revision after a cursor, in commit order, whole; anonymous readers see a
// deleted report's changes as id and revision only and no `who`; a cursor is never skipped or
// repeated, with writes going on, a long transaction open on another connection, or one rolled back.
import Database from 'better-sqlite3';
import { ReportInput } from '../server/domain/report';
import { createStore } from '../server/db/store';
import { incident, tally, testApp, type TestApp } from './helpers';

let t: TestApp;
beforeEach(() => {
  t = testApp();
});
afterEach(() => t.close());

type Page = { items: Record<string, unknown>[]; next: string; more: boolean };
const page = async (after: string | number, limit = 100, auth?: Record<string, string>): Promise<Page> => {
  const res = await t.http.get(`/api/changes?after=${after}&limit=${limit}`).set(auth ?? {});
  expect(res.status).toBe(200);
  return res.body as Page;
};

/** Every change from the start, a page of `limit` at a time. */
async function all(limit: number, auth?: Record<string, string>): Promise<Page['items']> {
  const out: Page['items'] = [];
  let after = '0';
  for (;;) {
    const p = await page(after, limit, auth);
    out.push(...p.items);
    after = p.next;
    if (!p.more) return out;
  }
}

test('creates, updates, deletes and restores, each whole, in commit order; who only to signed-in readers; a deleted report is its id and revision only to others', async () => {
  const a = (await t.http.post('/api/reports').set(t.auth).send(tally({ quote: 'Some 61, "so far" — <b>' }))).body as { id: number };
  const b = (await t.http.post('/api/reports').set(t.auth).send(incident())).body as { id: number };
  const a2 = (await t.http.put(`/api/reports/${a.id}`).set(t.auth).send(tally({ value: 62 }))).body as Record<string, unknown>;
  await t.http.delete(`/api/reports/${b.id}`).set(t.auth).expect(204);

  const signedIn = await page(0, 100, t.auth);
  const revisions = t.db.prepare('SELECT id, report_id, revision, action, who, at, snapshot FROM revisions ORDER BY id').all() as
    { id: number; report_id: number; revision: number; action: string; who: string; at: string; snapshot: string }[];
  expect(signedIn).toEqual({
    items: revisions.map((r) => ({ cursor: String(r.id), action: r.action, id: r.report_id, revision: r.revision, at: r.at, who: 'bootstrap token', report: JSON.parse(r.snapshot) })),
    next: String(revisions[3]!.id),
    more: false,
  });
  expect(signedIn.items[2]!.report).toEqual(a2);

  const anonymous = await page(0);
  expect(anonymous).toEqual({
    items: [
      { cursor: String(revisions[0]!.id), action: 'create', id: a.id, revision: 1, at: revisions[0]!.at, report: JSON.parse(revisions[0]!.snapshot) },
      { cursor: String(revisions[1]!.id), action: 'create', id: b.id, revision: 1 },
      { cursor: String(revisions[2]!.id), action: 'update', id: a.id, revision: 2, at: revisions[2]!.at, report: a2 },
      { cursor: String(revisions[3]!.id), action: 'delete', id: b.id, revision: 2 },
    ],
    next: String(revisions[3]!.id),
    more: false,
  });
  expect(JSON.stringify(anonymous)).not.toContain('"who"');

  // Restored, the report's changes are whole again, the delete still its id and revision alone.
  await t.http.post(`/api/reports/${b.id}/restore`).set(t.auth).expect(200);
  const after = await page(0);
  expect(after.items.map((c) => [c.action, c.id, 'report' in c])).toEqual([
    ['create', a.id, true], ['create', b.id, true], ['update', a.id, true], ['delete', b.id, true], ['restore', b.id, true],
  ]);
  expect(after.items[3]!.report).toMatchObject({ id: b.id, revision: 2 });
});

test('pages of any size give every change once, in order, and an empty page keeps the cursor', async () => {
  for (let i = 0; i < 23; i++) await t.http.post('/api/reports').set(t.auth).send(incident({ date: `2021-11-${String(i + 1).padStart(2, '0')}` }));
  const cursors = (t.db.prepare('SELECT id FROM revisions ORDER BY id').pluck().all() as number[]).map(String);
  for (const limit of [1, 7, 23, 100]) expect((await all(limit)).map((c) => c.cursor)).toEqual(cursors);
  const first = await page(0, 10);
  expect([first.items.length, first.next, first.more]).toEqual([10, cursors[9], true]);
  expect(await page(cursors[22]!, 10)).toEqual({ items: [], next: cursors[22], more: false });
});

test('a cursor beyond the newest change is refused (a copy of a newer state, or of another server), and bad parameters are 400', async () => {
  await t.http.post('/api/reports').set(t.auth).send(incident());
  const res = await t.http.get('/api/changes?after=99');
  expect([res.status, res.body.error]).toEqual([404, 'not_found']);
  expect(res.body.message).toMatch(/^No change 99 here: the newest is 1\./);
  for (const q of ['after=-1', 'after=x', 'after=1&after=2', 'limit=0', 'limit=1001', 'since=3']) {
    const bad = await t.http.get(`/api/changes?${q}`);
    expect([q, bad.status, bad.body.error]).toEqual([q, 400, 'validation_failed']);
  }
});

test('a wrong token is refused rather than read as anonymous, and the public answer revalidates with 304', async () => {
  await t.http.post('/api/reports').set(t.auth).send(incident());
  expect((await t.http.get('/api/changes').set('Authorization', 'Bearer wrong-token-0000000000')).status).toBe(401);
  const first = await t.http.get('/api/changes');
  expect((await t.http.get('/api/changes').set('If-None-Match', String(first.headers.etag))).status).toBe(304);
  await t.http.post('/api/reports').set(t.auth).send(incident({ date: '2021-12-02' }));
  expect((await t.http.get('/api/changes').set('If-None-Match', String(first.headers.etag))).status).toBe(200);
});

test('a long transaction open on another connection: its changes appear only once it commits, after every change seen before, never in between', async () => {
  await t.http.post('/api/reports').set(t.auth).send(incident());
  const other = new Database(t.file);
  other.pragma('busy_timeout = 5000');
  const otherStore = createStore(other);
  const seen: string[] = [];
  const read = async () => {
    let after = seen.length ? seen[seen.length - 1]! : '0';
    for (;;) {
      const p = await page(after, 3);
      seen.push(...p.items.map((c) => String(c.cursor)));
      after = p.next;
      if (!p.more) return;
    }
  };
  await read();
  other.exec('BEGIN IMMEDIATE');
  for (let i = 0; i < 5; i++) otherStore.insertReport(ReportInput.parse(incident({ date: `2021-10-0${i + 1}` })), 'other process');
  await read();
  expect(seen).toHaveLength(1);
  other.exec('COMMIT');
  await read();
  // A transaction rolled back leaves nothing; the ids it took are given again to the next commit.
  other.exec('BEGIN IMMEDIATE');
  otherStore.insertReport(ReportInput.parse(incident({ date: '2021-09-01' })), 'rolled back');
  await read();
  other.exec('ROLLBACK');
  await t.http.post('/api/reports').set(t.auth).send(incident({ date: '2021-08-01' }));
  await read();
  other.close();
  const all = (t.db.prepare('SELECT id FROM revisions ORDER BY id').pluck().all() as number[]).map(String);
  expect(seen).toEqual(all);
  expect(all).toHaveLength(7);
  expect(t.db.prepare("SELECT count(*) FROM revisions WHERE who = 'rolled back'").pluck().get()).toBe(0);
});

test('read while single writes (group commits) and a CSV import go on: the pages hold every change exactly once, in id order', async () => {
  const seen: number[] = [];
  let after = '0';
  let writing = true;
  const reader = (async () => {
    while (writing || after !== String(t.db.prepare('SELECT max(id) FROM revisions').pluck().get())) {
      const p = await page(after, 7);
      seen.push(...p.items.map((c) => Number(c.cursor)));
      after = p.next;
      await new Promise((r) => setImmediate(r));
    }
  })();
  const csv = ['source,party,metric,kind,date,value', ...Array.from({ length: 300 }, (_, i) => `Importer,Ukrainian forces,killed,incident,2020-01-${String((i % 28) + 1).padStart(2, '0')},${i}`)].join('\r\n');
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < 120; i++) {
    writes.push(t.http.post('/api/reports').set(t.auth).send(incident({ date: `2021-0${(i % 9) + 1}-01`, value: i })).then((r) => {
      if (i % 3 === 0) return t.http.delete(`/api/reports/${(r.body as { id: number }).id}`).set(t.auth);
      return r;
    }));
    if (i === 40) writes.push(t.http.post('/api/import').set(t.auth).set('Content-Type', 'text/csv').send(csv));
  }
  await Promise.all(writes);
  writing = false;
  await reader;
  const ids = t.db.prepare('SELECT id FROM revisions ORDER BY id').pluck().all() as number[];
  expect(ids).toHaveLength(120 + 40 + 300);
  expect(seen).toEqual(ids);
});

test('a large import stored by the import worker\'s bulk path, held open before its commit: pages see none of it, then all of it once, after everything before', async () => {
  const flag = new SharedArrayBuffer(4);
  let holding!: () => void;
  const held = new Promise<void>((resolve) => { holding = resolve; });
  const big = testApp({ bulkRows: 50, holdImports: { flag, onHolding: () => holding() } });
  try {
    const read = async (after: string) => {
      const out: string[] = [];
      for (;;) {
        const p = (await big.http.get(`/api/changes?after=${after}&limit=37`)).body as Page;
        out.push(...p.items.map((c) => String(c.cursor)));
        after = p.next;
        if (!p.more) return { seen: out, next: after };
      }
    };
    await big.http.post('/api/reports').set(big.auth).send(tally()).expect(201);
    const first = await read('0');
    const rows = Array.from({ length: 200 }, (_, i) => `Ukrainian army,Ukrainian forces,killed,incident,2021-${String((i % 12) + 1).padStart(2, '0')}-10,${i % 7}`);
    const importing = big.http.post('/api/import').set(big.auth).set('Content-Type', 'text/csv').send(`source,party,metric,kind,date,value\r\n${rows.join('\r\n')}\r\n`).then((r) => r);
    await held;
    const during = await read(first.next);
    expect(during).toEqual({ seen: [], next: first.next });
    Atomics.store(new Int32Array(flag), 0, 1);
    Atomics.notify(new Int32Array(flag), 0);
    expect((await importing).status).toBe(200);
    const after = await read(first.next);
    const ids = (big.db.prepare('SELECT id FROM revisions ORDER BY id').pluck().all() as number[]).map(String);
    expect([...first.seen, ...after.seen]).toEqual(ids);
    expect(ids).toHaveLength(201);
  } finally {
    big.close();
  }
});
