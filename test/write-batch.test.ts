// Group commit: concurrent writes share a transaction, each in its own savepoint, acknowledged only
// once committed.
import { createStore } from '../server/db/store';
import { createWriteBatcher } from '../server/db/write-batch';
import { ReportInput } from '../server/domain/report';
import { counts, incident, testApp } from './helpers';

test('concurrent writes through the API: every acknowledged one stored; a stale If-Match fails alone', async () => {
  const t = testApp();
  try {
    const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident({ value: 1 }))).body;
    const posts = Array.from({ length: 30 }, (_, i) => t.http.post('/api/reports').set(t.auth).send(incident({ value: 100 + i })));
    const puts = [2, 3].map((v) => t.http.put(`/api/reports/${id}`).set(t.auth).set('If-Match', '1').send(incident({ value: v })));
    const results = await Promise.all([...posts, ...puts]);
    expect(results.slice(0, 30).map((r) => r.status)).toEqual(Array(30).fill(201));
    expect(results.slice(30).map((r) => r.status).sort()).toEqual([200, 412]);
    const ids = results.slice(0, 30).map((r) => r.body.id as number);
    expect(new Set(ids).size).toBe(30);
    for (const created of ids) expect((await t.http.get(`/api/reports/${created}`)).status).toBe(200);
    expect(counts(t.db)).toEqual({ reports: 31, revisions: 32 });
  } finally {
    t.close();
  }
});

test('a write that fails inside a batch is undone alone; the others commit', async () => {
  const t = testApp();
  try {
    const store = createStore(t.db);
    const batch = createWriteBatcher(t.db);
    const input = ReportInput.parse(incident());
    const outcomes = await Promise.allSettled([
      batch.run(() => store.insertReport(input, 'a')),
      batch.run(() => {
        store.insertReport(input, 'b');
        throw new Error('fails after its insert');
      }),
      batch.run(() => store.insertReport(input, 'c')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(t.db.prepare('SELECT who FROM revisions ORDER BY id').pluck().all()).toEqual(['a', 'c']);
    expect(counts(t.db)).toEqual({ reports: 2, revisions: 2 });
  } finally {
    t.close();
  }
});

test('a failure that makes SQLite roll back the whole batch: no write answered as stored is missing, none answered as failed is stored', async () => {
  const t = testApp();
  try {
    const store = createStore(t.db);
    const batch = createWriteBatcher(t.db);
    const input = ReportInput.parse(incident());
    // As SQLite does on SQLITE_FULL or an I/O error inside a transaction: it rolls back all of it.
    const lost = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const outcomes = await Promise.allSettled([
      batch.run(() => store.insertReport(input, 'before-1')),
      batch.run(() => store.insertReport(input, 'before-2')),
      batch.run(() => {
        store.insertReport(input, 'failing');
        t.db.exec('ROLLBACK');
        throw lost;
      }),
      batch.run(() => store.insertReport(input, 'after-1')),
      batch.run(() => store.insertReport(input, 'after-2')),
    ]);
    const who = ['before-1', 'before-2', 'failing', 'after-1', 'after-2'];
    const acknowledged = who.filter((_w, i) => outcomes[i]!.status === 'fulfilled');
    const stored = t.db.prepare('SELECT who FROM revisions ORDER BY id').pluck().all();
    expect(stored).toEqual(acknowledged);
    expect(acknowledged).toEqual(['after-1', 'after-2']);
    // The writes lost with the transaction fail with the error that ended it.
    expect(outcomes.slice(0, 3).map((o) => (o as PromiseRejectedResult).reason)).toEqual([lost, lost, lost]);
    expect(t.db.inTransaction).toBe(false);
  } finally {
    t.close();
  }
});
