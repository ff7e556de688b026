// npm run mirror: 2,000 random creates, edits, deletes and restores on a real server (eight at a time,
// the mirror running once while they go on), replayed from pages of 100 changes into empty databases:
// the copy gives the byte-identical CSV export and the same figures; a copy made with a token keeps
// every revision, ids and all.
import { spawnSync, spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { openDatabase, type DB } from '../server/db/connection';
import { MirrorRefused, createStore } from '../server/db/store';
import { createApp } from '../server/http/app';
import { rng } from '../scripts/random';
import { TOKEN, tempDir, testApp, type TestApp } from './helpers';

const ROOT = path.join(__dirname, '..');
const SEED = Number(process.env.MIRROR_SEED ?? 20211202);
const OPERATIONS = 2000;

let source: TestApp;
let server: Server;
let base: string;
const dir = tempDir('tally-mirror-');

beforeAll(async () => {
  source = testApp();
  server = source.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  source.close();
});

/** `npm run mirror -- URL --limit=100` into the database file, as a user runs it. */
function runMirror(file: string, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'mirror.ts'), base, '--limit=100'], {
      cwd: ROOT, env: { ...process.env, TALLY_DB: file, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const PARTIES = ['Ukrainian forces', 'Civilians', 'Russian forces'];
const SOURCES = ['AFP', 'Ukrainian army', 'Reuters', 'Kyiv "Independent"', 'ОБСЄ'];

/** A random valid report: incidents (some sharing an event key), tallies over two periods, estimates. */
function randomReport(r: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const day = `2021-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const base = { source: pick(SOURCES), party: pick(PARTIES), date: day, quote: r() < 0.3 ? `“${Math.floor(r() * 100)}”, said ${pick(SOURCES)}; =SUM(A1)` : undefined };
  const k = r();
  if (k < 0.5) return { ...base, metric: pick(['killed', 'wounded']), kind: 'incident', value: Math.floor(r() * 9), event: r() < 0.3 ? `e${Math.floor(r() * 40)}` : undefined };
  if (k < 0.85) return { ...base, metric: 'killed', kind: 'tally', period_start: r() < 0.7 ? '2021-01-01' : '2014-04-01', value: Math.floor(r() * 3000), qualifier: pick(['exact', 'about', 'at_least']) };
  return { ...base, metric: 'troops', kind: 'estimate', value: 1000 * Math.floor(r() * 150), low: r() < 0.3 ? 1000 : undefined, high: r() < 0.3 ? 200_000 : undefined };
}

async function randomWrites(count: number, r: () => number, live: Set<number>, deleted: Set<number>): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
  const pickOf = (s: Set<number>) => [...s][Math.floor(r() * s.size)];
  const one = async (): Promise<void> => {
    const k = r();
    let op: string;
    let res: Response;
    if (k < 0.45 || live.size === 0) {
      op = 'create';
      res = await fetch(`${base}/api/reports`, { method: 'POST', headers, body: JSON.stringify(randomReport(r)) });
      if (res.status === 201) live.add(((await res.json()) as { id: number }).id);
    } else if (k < 0.7) {
      op = 'edit';
      res = await fetch(`${base}/api/reports/${pickOf(live)}`, { method: 'PUT', headers, body: JSON.stringify(randomReport(r)) });
    } else if (k < 0.85 || deleted.size === 0) {
      op = 'delete';
      const id = pickOf(live)!;
      live.delete(id);
      res = await fetch(`${base}/api/reports/${id}`, { method: 'DELETE', headers });
      if (res.status === 204) deleted.add(id);
    } else {
      op = 'restore';
      const id = pickOf(deleted)!;
      deleted.delete(id);
      res = await fetch(`${base}/api/reports/${id}/restore`, { method: 'POST', headers });
      if (res.status === 200) live.add(id);
    }
    // A write aimed at a report another write of the same batch just deleted finds it gone: 404.
    if (![200, 201, 204, 404].includes(res.status)) throw new Error(`${op} answered ${res.status}: ${await res.text()}`);
    const key = `${op} ${res.status}`;
    done[key] = (done[key] ?? 0) + 1;
  };
  for (let i = 0; i < count; i += 8) await Promise.all(Array.from({ length: Math.min(8, count - i) }, one));
  return done;
}

async function sameAnswers(copy: DB): Promise<number> {
  const here = request(createApp(copy, { token: TOKEN }));
  const there = request(source.app);
  const csvThere = await there.get('/api/reports.csv');
  const csvHere = await here.get('/api/reports.csv');
  expect(csvHere.status).toBe(200);
  expect(Buffer.from(csvHere.text).equals(Buffer.from(csvThere.text))).toBe(true);
  expect((await here.get('/api/facets')).body).toEqual((await there.get('/api/facets')).body);
  for (const party of PARTIES) {
    for (const metric of ['killed', 'wounded', 'troops']) {
      for (const route of ['series', 'compare', 'disagreements']) {
        const q = `/api/${route}?party=${encodeURIComponent(party)}&metric=${metric}`;
        const [a, b] = [await here.get(q), await there.get(q)];
        expect([q, a.status, a.body]).toEqual([q, 200, b.body]);
      }
    }
  }
  return csvThere.text.split('\r\n').length - 2;
}

test(`${OPERATIONS} random writes, mirrored while they go on and after, give the same CSV bytes and the same figures (seed ${SEED})`, async () => {
  const r = rng(SEED);
  const live = new Set<number>();
  const deleted = new Set<number>();
  const anonymousCopy = path.join(dir, 'anonymous.db');
  const tokenCopy = path.join(dir, 'token.db');

  const firstHalf = await randomWrites(OPERATIONS / 2, r, live, deleted);
  // The mirror reads the change feed while the second half is written.
  const [during, secondHalf] = await Promise.all([runMirror(anonymousCopy), randomWrites(OPERATIONS / 2, r, live, deleted)]);
  expect([during.code, during.stderr]).toEqual([0, expect.stringMatching(/mirror: in step with http:\/\/127\.0\.0\.1:\d+ at cursor \d+/)]);
  // It ran while writes went on: it stopped at a cursor past the first half and short of the end.
  const stoppedAt = Number(/at cursor (\d+)/.exec(during.stderr)![1]);
  const revisionsOfFirstHalf = Object.values(firstHalf).reduce((n, v) => n + v, 0) - (firstHalf['edit 404'] ?? 0);
  expect(stoppedAt).toBeGreaterThanOrEqual(revisionsOfFirstHalf - (firstHalf['edit 200'] ?? 0));
  expect(stoppedAt).toBeLessThan(source.db.prepare('SELECT max(id) FROM revisions').pluck().get() as number);
  const after = await runMirror(anonymousCopy);
  expect(after.code).toBe(0);
  const again = await runMirror(anonymousCopy);
  expect(again.stderr).toMatch(/\(0 new changes\)/);
  const withToken = await runMirror(tokenCopy, { TALLY_MIRROR_TOKEN: TOKEN });
  expect(withToken.code).toBe(0);

  const counts = Object.entries({ ...firstHalf }).concat(Object.entries(secondHalf));
  const total = counts.reduce((n, [, v]) => n + v, 0);
  expect(total).toBe(OPERATIONS);
  const revisions = source.db.prepare('SELECT count(*) FROM revisions').pluck().get() as number;
  expect(revisions).toBeGreaterThan(OPERATIONS * 0.8);

  const anonymous = openDatabase(anonymousCopy);
  const token = openDatabase(tokenCopy);
  try {
    const rows = await sameAnswers(anonymous);
    expect(rows).toBe(live.size);
    await sameAnswers(token);
    // With a token the copy holds every revision as the source does, ids, who and all (the source's
    // accounts are not the copy's: each is marked written by the mirror); and every report.
    const all = (db: DB, sql: string) => db.prepare(sql).raw().all();
    const revisionRows = 'SELECT id, report_id, revision, action, who, at, snapshot FROM revisions ORDER BY id';
    expect(all(token, revisionRows)).toEqual(all(source.db, revisionRows));
    expect(all(token, "SELECT DISTINCT actor, account_id, account_name FROM revisions")).toEqual([['system', null, null]]);
    expect(all(token, 'SELECT * FROM reports ORDER BY id')).toEqual(all(source.db, 'SELECT * FROM reports ORDER BY id'));
    // Anonymously, the copy holds the live reports exactly, ids, revisions and times.
    expect(all(anonymous, 'SELECT * FROM reports WHERE deleted = 0 ORDER BY id')).toEqual(all(source.db, 'SELECT * FROM reports WHERE deleted = 0 ORDER BY id'));
    console.log(`mirror: seed ${SEED}; ${JSON.stringify(Object.fromEntries(counts.reduce((m, [k, v]) => m.set(k, (m.get(k) ?? 0) + v), new Map<string, number>())))}; ${revisions} revisions, ${live.size} live reports`);
  } finally {
    anonymous.close();
    token.close();
  }
});

test('--follow keeps the copy in step: a change made after it started arrives at its next look', async () => {
  const copy = path.join(dir, 'follow.db');
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'mirror.ts'), base, '--follow=1'], {
    cwd: ROOT, env: { ...process.env, TALLY_DB: copy }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const lines = (n: number) => new Promise<void>((resolve) => {
    const check = () => {
      if ((stderr.match(/in step with/g) ?? []).length >= n) resolve();
    };
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      check();
    });
    check();
  });
  try {
    await lines(1);
    const created = await request(source.app).post('/api/reports').set('Authorization', `Bearer ${TOKEN}`).send({ source: 'Follow', party: 'Civilians', metric: 'killed', kind: 'incident', date: '2021-12-24', value: 2 });
    expect(created.status).toBe(201);
    const latest = source.db.prepare('SELECT max(id) FROM revisions').pluck().get() as number;
    await lines(2);
    expect(stderr).toContain(`at cursor ${latest} (1 new change)`);
  } finally {
    child.kill('SIGTERM');
  }
  const db = openDatabase(copy);
  expect(db.prepare("SELECT count(*) FROM reports WHERE source = 'Follow'").pluck().get()).toBe(1);
  db.close();
});

test('a mirror starts from an empty database and keeps to one source; a bad address or an unreachable one is a sentence, exit 1', async () => {
  const t = testApp();
  const store = createStore(t.db);
  try {
    store.insertReport({ source: 'A', party: 'P', metric: 'killed', kind: 'incident', date: '2021-01-01', value: 1, date_precision: 'day', qualifier: 'exact' }, 'local');
    expect(() => store.applyChanges('http://elsewhere', [], '0')).toThrow(new MirrorRefused('this database has reports of its own: a mirror starts from an empty database'));
  } finally {
    t.close();
  }
  const copy = path.join(dir, 'one-source.db');
  expect((await runMirror(copy)).code).toBe(0);
  const db = openDatabase(copy);
  expect(() => createStore(db).applyChanges('http://127.0.0.1:1', [], '0')).toThrow(/this database mirrors http:\/\/127\.0\.0\.1:\d+, not http:\/\/127\.0\.0\.1:1/);
  db.close();
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'mirror.ts'), ...args], {
    cwd: ROOT, env: { ...process.env, TALLY_DB: path.join(dir, 'cli.db') }, encoding: 'utf8',
  });
  const noUrl = cli([]);
  expect([noUrl.status, noUrl.stderr.trim()]).toEqual([2, 'usage: npm run mirror -- URL [--limit=100] [--follow=SECONDS]   (database: TALLY_DB; token: TALLY_MIRROR_TOKEN)']);
  const withSecret = cli(['http://127.0.0.1:1/?token=abc']);
  expect([withSecret.status, withSecret.stderr.trim()]).toEqual([1, 'mirror: the address carries no credentials or query: give a token with TALLY_MIRROR_TOKEN']);
  const unreachable = cli(['http://127.0.0.1:1']);
  expect([unreachable.status, unreachable.stderr]).toEqual([1, expect.stringMatching(/^mirror: could not reach http:\/\/127\.0\.0\.1:1: /)]);
});
