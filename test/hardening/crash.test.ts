// Crash consistency: a child process writing single reports and importing CSV files (crash-child.ts,
// bundled once with esbuild so each start is quick) is killed with SIGKILL at random moments, some of
// them aimed inside an import's transaction, again and again on the same database file. After each kill:
// `PRAGMA integrity_check` is ok, every write the child saw acknowledged is there with (at least) its
// revision and that revision's history row, and every import is stored whole or not at all.
// CRASH_KILLS overrides the number of kills (default 54).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { tempDir } from '../helpers';

const KILLS = Number(process.env.CRASH_KILLS ?? 54);

interface Run {
  acks: Map<number, number>;
  started: Map<string, number>;
  inTx: Set<string>;
  importAcked: Set<string>;
}

describe('crash consistency under SIGKILL', () => {
  const dir = tempDir('tally-crash-');
  const file = path.join(dir, 'tally.db');
  // The bundle lives inside the project (dist/, ignored by git): it finds the project's files, such as
  // the migrations, from the nearest package.json above it, as dist/server.js does.
  const dist = path.join(__dirname, '..', '..', 'dist');
  fs.mkdirSync(dist, { recursive: true });
  const bundleDir = fs.mkdtempSync(path.join(dist, 'crash-'));
  const child = path.join(bundleDir, 'crash-child.js');

  beforeAll(async () => {
    await build({
      entryPoints: [path.join(__dirname, 'crash-child.ts')], bundle: true, platform: 'node', format: 'cjs',
      target: 'node20', outfile: child, external: ['better-sqlite3'], logLevel: 'silent',
      // The bundle resolves better-sqlite3 from the project.
      nodePaths: [path.join(__dirname, '..', '..', 'node_modules')],
    });
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  /** Starts the writer and kills it: `delay` ms after it is ready, or `txDelay` ms after its next import
   *  transaction begins. Resolves once the process is gone and its output read. */
  function runAndKill(seed: number, aim: { delay: number } | { txDelay: number }, run: Run): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [child, file, String(seed)], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_PATH: path.join(__dirname, '..', '..', 'node_modules') },
      });
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      let timer: NodeJS.Timeout | undefined;
      const kill = () => p.kill('SIGKILL');
      // A writer that never gets to its aim (a slow start) is killed anyway.
      const guard = setTimeout(kill, 10_000);
      readline.createInterface({ input: p.stdout }).on('line', (line) => {
        const [what, a, b] = line.split(' ');
        if (what === 'ready') {
          if ('delay' in aim) timer = setTimeout(kill, aim.delay);
        } else if (what === 'ack') {
          run.acks.set(Number(a), Math.max(Number(b), run.acks.get(Number(a)) ?? 0));
        } else if (what === 'import-start') {
          run.started.set(a!, Number(b));
        } else if (what === 'import-in-tx') {
          run.inTx.add(a!);
          if ('txDelay' in aim && timer === undefined) timer = setTimeout(kill, aim.txDelay);
        } else if (what === 'import-ack') {
          run.importAcked.add(a!);
        }
      });
      p.on('error', reject);
      // 'close': the process has exited and its stdout has been read to the end.
      p.on('close', (_code, signal) => {
        clearTimeout(guard);
        clearTimeout(timer);
        resolve({ signal, stderr });
      });
    });
  }

  test(`${KILLS} SIGKILLs: integrity ok, every acknowledged write present with its revision, no import half-stored`, async () => {
    const run: Run = { acks: new Map(), started: new Map(), inTx: new Set(), importAcked: new Set() };
    let killedInTx = 0;
    let rolledBack = 0;
    let committedUnacked = 0;
    const started = Date.now();

    for (let k = 0; k < KILLS; k++) {
      const inTxBefore = new Set(run.inTx);
      const ackedBefore = new Set(run.importAcked);
      // Two kills in five are aimed at an import's transaction (0–12 ms after it begins); the others
      // fall anywhere 5–350 ms after the writer is ready: between single writes, in a commit, while a file is parsed.
      // One in five is aimed just after an import commits (120–300 ms after its transaction begins).
      const aim = k % 5 < 2 ? { txDelay: Math.floor(Math.random() * 12) }
        : k % 5 === 2 ? { txDelay: 120 + Math.floor(Math.random() * 180) }
          : { delay: 5 + Math.floor(Math.random() * 345) };
      const t0 = Date.now();
      const { signal, stderr } = await runAndKill(1000 + k, aim, run);
      const t1 = Date.now();
      expect({ k, signal, stderr }).toEqual({ k, signal: 'SIGKILL', stderr: '' });

      // Was an import's transaction open when the kill came?
      const openTx = [...run.inTx].filter((m) => !inTxBefore.has(m) && !run.importAcked.has(m));
      if (openTx.length > 0) killedInTx++;

      const db = new Database(file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);

        // Every acknowledged single write: present, at its revision or later, with that revision's history row.
        const reportRev = db.prepare('SELECT revision FROM reports WHERE id = ?').pluck();
        const revRow = db.prepare('SELECT count(*) FROM revisions WHERE report_id = ? AND revision = ?').pluck();
        for (const [id, revision] of run.acks) {
          const stored = reportRev.get(id) as number | undefined;
          if (stored === undefined || stored < revision || revRow.get(id, revision) !== 1) {
            throw new Error(`kill ${k}: acknowledged write of report ${id} at revision ${revision} is missing (stored: ${stored})`);
          }
        }

        // Every import: all its rows (each with its first revision) or none; an acknowledged one all.
        const perMarker = new Map((db.prepare(`SELECT r.notes AS marker, count(*) AS n, count(v.id) AS revs FROM reports r
          LEFT JOIN revisions v ON v.report_id = r.id AND v.revision = 1 WHERE r.notes LIKE 'batch-%' GROUP BY r.notes`)
          .all() as { marker: string; n: number; revs: number }[]).map((x) => [x.marker, x]));
        for (const [marker, rows] of run.started) {
          const got = perMarker.get(marker);
          const n = got?.n ?? 0;
          if (!(n === 0 || n === rows) || (got && got.revs !== got.n)) throw new Error(`kill ${k}: import ${marker} is half-stored: ${n} of ${rows} rows`);
          if (run.importAcked.has(marker) && n !== rows) throw new Error(`kill ${k}: acknowledged import ${marker} is missing`);
          if (openTx.includes(marker)) {
            if (n === 0) rolledBack++;
            else committedUnacked++;
          }
        }
        for (const marker of perMarker.keys()) expect(run.started.has(marker)).toBe(true);
        expect(ackedBefore.size).toBeLessThanOrEqual(run.importAcked.size);
      } finally {
        db.close();
      }
      if (process.env.CRASH_TRACE) console.log(k, JSON.stringify(aim), 'run', t1 - t0, 'check', Date.now() - t1);
    }

    const seconds = (Date.now() - started) / 1000;
    console.log(`crash: ${KILLS} SIGKILLs in ${seconds.toFixed(1)} s; acknowledged single writes ${run.acks.size} (all present at their revision); ` +
      `imports started ${run.started.size}, acknowledged ${run.importAcked.size}; kills inside an import transaction ${killedInTx} ` +
      `(rolled back whole ${rolledBack}, committed just before the kill ${committedUnacked}); no import half-stored`);
    expect(run.acks.size).toBeGreaterThan(KILLS);
    expect(run.importAcked.size).toBeGreaterThan(0);
    // The kills aimed at transactions must have landed in some, and some of those rolled back.
    expect(killedInTx).toBeGreaterThanOrEqual(Math.floor(KILLS / 10));
    expect(rolledBack).toBeGreaterThan(0);
  }, 180_000);
});
