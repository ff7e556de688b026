// Backup under writes: `npm run backup` (scripts/backup.ts, in its own process) copies the database while
// the server keeps answering writes; the copy passes integrity_check; restored as README.md says (copy the
// file into place, no -wal/-shm beside it), it holds every report acknowledged before the backup started,
// at its acknowledged revision or later, and the server runs on it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { openDatabase } from '../../server/db/connection';
import { createStore } from '../../server/db/store';
import { importCsv } from '../../server/csv/import';
import { createApp } from '../../server/http/app';
import { TOKEN, incident, tempDir } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');

function runBackup(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'backup.ts'), ...args], {
      cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function post(port: number, agent: http.Agent, method: string, p: string, body: unknown): Promise<{ status: number; json: { id: number; revision: number } }> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request({ host: '127.0.0.1', port, method, path: p, agent, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as { id: number; revision: number } }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('npm run backup', () => {
  const dir = tempDir('tally-backup-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a backup taken under writes restores with every report acknowledged before it started', async () => {
    const file = path.join(dir, 'live.db');
    const db = openDatabase(file);
    // Enough rows that the copy takes a while and writes overlap it.
    const rows = ['date,source,party,metric,kind,value,notes'];
    for (let i = 0; i < 8000; i++) rows.push(`2021-03-${String(1 + (i % 28)).padStart(2, '0')},Backup ${i % 50},Civilians,killed,incident,${i},${'filler text '.repeat(8)}${i}`);
    await importCsv(createStore(db), rows.join('\n'), { who: 'test' });
    // Every write from here on stays in the WAL (no automatic checkpoint): a backup that copied the main
    // file alone would lose them, and must not.
    db.pragma('wal_autocheckpoint = 0');
    const server = http.createServer(createApp(db, { token: TOKEN })).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

    const acked = new Map<number, number>();
    let writing = true;
    let writes = 0;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const ids = [...acked.keys()];
        const res = i % 3 === 2 && ids.length > 0
          ? await post(port, agent, 'PUT', `/api/reports/${ids[i % ids.length]}`, incident({ value: i, notes: `writer ${w} edit ${i}` }))
          : await post(port, agent, 'POST', '/api/reports', incident({ value: i, notes: `writer ${w} write ${i}` }));
        expect([200, 201]).toContain(res.status);
        acked.set(res.json.id, Math.max(res.json.revision, acked.get(res.json.id) ?? 0));
        writes++;
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    // The reports acknowledged before the backup starts, with their revisions.
    const before = new Map(acked);
    const writesBefore = writes;
    const backupFile = path.join(dir, 'backup.db');
    const result = await runBackup([backupFile, '--db', file]);
    const writesDuring = writes - writesBefore;
    await new Promise((resolve) => setTimeout(resolve, 100));
    writing = false;
    await Promise.all(writers);
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
    db.close();

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/integrity_check ok; \d+ reports, \d+ revisions/);
    console.log(`backup: ${result.stdout.trim()}; ${before.size} reports acknowledged before it started, ${writesDuring} writes answered while it ran`);
    expect(writesDuring).toBeGreaterThan(0);

    // Restore as README.md says: the backup file copied into place, nothing beside it.
    const restored = path.join(dir, 'restored', 'tally.db');
    fs.mkdirSync(path.dirname(restored));
    fs.copyFileSync(backupFile, restored);
    const rdb = openDatabase(restored);
    try {
      expect(rdb.pragma('integrity_check', { simple: true })).toBe('ok');
      const rev = rdb.prepare('SELECT revision FROM reports WHERE id = ? AND deleted = 0').pluck();
      const hist = rdb.prepare('SELECT count(*) FROM revisions WHERE report_id = ? AND revision = ?').pluck();
      const missing = [...before].filter(([id, revision]) => !((rev.get(id) as number | undefined ?? 0) >= revision && hist.get(id, revision) === 1));
      expect(missing).toEqual([]);
      // The copy is one consistent snapshot: every report has its history up to its revision.
      expect(rdb.prepare('SELECT count(*) FROM reports r WHERE (SELECT count(*) FROM revisions v WHERE v.report_id = r.id) <> r.revision').pluck().get()).toBe(0);
      const app = createApp(rdb, { token: TOKEN });
      const health = await request(app).get('/api/health');
      expect(health.status).toBe(200);
      expect(health.body.reports).toBeGreaterThanOrEqual(8000 + before.size);
    } finally {
      rdb.close();
    }
  }, 60_000);

  test('exits 1 on a missing database and refuses to overwrite a file', async () => {
    const missing = await runBackup([path.join(dir, 'x.db'), '--db', path.join(dir, 'nope.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no database/);
    const existing = path.join(dir, 'exists.db');
    fs.writeFileSync(existing, 'x');
    const db = openDatabase(path.join(dir, 'small.db'));
    db.close();
    const clash = await runBackup([existing], { TALLY_DB: path.join(dir, 'small.db') });
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/exists already/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('x');
  }, 30_000);
});
