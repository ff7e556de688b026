// npm run bench -- [--rows=1000000] [--profile=standard|many-sources] [--parts=import,reads,export,writes,dashboard]
//                  [--keep=DIR] [--out=FILE]
// Generates a deterministic synthetic dataset of the chosen shape (scripts/bench/dataset.ts), imports it
// with `npm run import`, starts the real server on it and measures each target against SQLite itself in
// the same run; prints one table with the machine (docs/benchmarks.md holds the last runs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { PROFILES, generateCsv, type Profile } from './bench/dataset';
import { measureImport } from './bench/import';
import { measureReads, type Busiest } from './bench/reads';
import { measureExport, measureWrites } from './bench/export-writes';
import { ROOT, agent, quantile, sampler, startServer, type Row } from './bench/measure';

async function measureDashboard(port: number, pm: string): Promise<Row> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    const t0 = Date.now();
    await page.goto(`http://127.0.0.1:${port}/?${pm}`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && Boolean((window as unknown as { __charts?: { main(): unknown } }).__charts?.main()), undefined, { timeout: 60000 });
    times.push(Date.now() - t0);
    await page.close();
  }
  await browser.close();
  const p95 = quantile(times, 0.95);
  return { measure: 'dashboard: navigation to main chart drawn (5 loads)', median: quantile(times, 0.5).toFixed(0), p95: p95.toFixed(0), target: '≤ 2000 ms', ok: p95 <= 2000 };
}

/** The party and metric with the most reports, its busiest incident source, and a source with tallies
 *  in its busiest period start (the reads' writes add tallies there). */
function busiestOf(dbFile: string): Busiest {
  const db = new Database(dbFile, { readonly: true });
  try {
    const b = db.prepare(`SELECT party, metric, count(*) AS n FROM reports WHERE deleted = 0 AND kind != 'estimate' GROUP BY party, metric ORDER BY n DESC LIMIT 1`).get() as { party: string; metric: string; n: number };
    const topIncidentSource = db.prepare(`SELECT source FROM reports WHERE deleted = 0 AND party = ? AND metric = ? AND kind = 'incident' GROUP BY source ORDER BY count(*) DESC LIMIT 1`).pluck().get(b.party, b.metric) as string;
    const tally = db.prepare(`SELECT period_start, source FROM reports WHERE deleted = 0 AND party = ? AND metric = ? AND kind = 'tally'
      GROUP BY period_start, source ORDER BY count(*) DESC LIMIT 1`).get(b.party, b.metric) as { period_start: string; source: string } | undefined;
    return { ...b, topIncidentSource, tallySource: tally?.source ?? null, periodStart: tally?.period_start ?? null };
  } finally {
    db.close();
  }
}

async function main() {
  const { values } = parseArgs({ options: {
    rows: { type: 'string', default: '1000000' }, profile: { type: 'string', default: 'standard' },
    parts: { type: 'string', default: 'import,reads,export,writes,dashboard' },
    out: { type: 'string' }, 'reads-n': { type: 'string', default: '60' }, 'write-seconds': { type: 'string', default: '20' },
    keep: { type: 'string' },
  } });
  const profile = values.profile as Profile;
  const rows = Number(values.rows);
  const parts = new Set(values.parts!.split(','));
  const PARTS = ['import', 'reads', 'export', 'writes', 'dashboard'];
  const wrong = [
    ...(PROFILES.includes(profile) ? [] : [`--profile must be one of ${PROFILES.join(', ')}`]),
    ...(Number.isInteger(rows) && rows >= 1000 ? [] : ['--rows must be a whole number of at least 1000']),
    ...[...parts].filter((p) => !PARTS.includes(p)).map((p) => `--parts: no part "${p}" (${PARTS.join(', ')})`),
  ];
  if (wrong.length) throw new UsageError(wrong.join('\n'));
  const dir = values.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tally-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const csvFile = path.join(dir, `reports-${profile}.csv`);
  const dbFile = path.join(dir, `app-${profile}.db`);
  const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
  const table: Row[] = [];
  const mem = new Database(':memory:');
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version, sqlite: (mem.prepare('SELECT sqlite_version()').pluck().get() as string),
    sqlite_cli: spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0] ?? 'missing',
  };
  mem.close();

  if (!fs.existsSync(csvFile)) {
    log(`generating ${rows.toLocaleString('en')} reports (${profile}) into ${csvFile}`);
    generateCsv(csvFile, rows, profile);
  }
  const fileRows = fs.readFileSync(csvFile, 'utf8').split('\n').length - 2;
  let progress: string[] = [];
  if (parts.has('import') || !fs.existsSync(dbFile)) {
    const imported = await measureImport(csvFile, dbFile, dir, fileRows, log);
    table.push(...imported.table);
    progress = imported.progress;
  }

  const serverParts = ['reads', 'export', 'writes', 'dashboard'].filter((p) => parts.has(p));
  const busiest = busiestOf(dbFile);
  const pm = `party=${encodeURIComponent(busiest.party)}&metric=${busiest.metric}`;
  if (serverParts.length > 0) {
    const port = 40100 + Math.floor(Math.random() * 500);
    log('building the server and the dashboard (npm run build), then starting the server');
    const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
    const server = await startServer(dbFile, port);
    const serverMem = sampler(server.pid!);
    // The server's peak after each part: where its memory goes.
    const peaks: string[] = [`started ${serverMem.peak().toFixed(0)}`];
    const peakAfter = (part: string) => peaks.push(`${part} ${serverMem.peak().toFixed(0)}`);
    try {
      if (parts.has('reads')) {
        log('reads, each after a write');
        table.push(...await measureReads(port, busiest, Number(values['reads-n'])));
        peakAfter('reads');
      }
      if (parts.has('export')) {
        log('export: the app against sqlite3 -csv, twice each, alternating, after a warm-up of each');
        table.push(...await measureExport(port, server.pid!, dbFile));
        peakAfter('export');
      }
      if (parts.has('writes')) {
        log('writes: 20 clients');
        table.push(...await measureWrites(port, dbFile, dir, Number(values['write-seconds'])));
        peakAfter('writes');
      }
      if (parts.has('dashboard')) {
        log('dashboard: headless Chromium');
        table.push(await measureDashboard(port, pm));
        peakAfter('dashboard');
      }
    } finally {
      serverMem.stop();
      server.kill('SIGTERM');
    }
    table.push({ measure: `server peak RSS through all of the above (MB, peak so far: ${peaks.join(', ')})`, figure: `${serverMem.peak().toFixed(0)} MB`, target: '≤ 300 MB', ok: serverMem.peak() <= 300 });
  }

  const lines = [
    `Profile: ${profile}. Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}; Node ${machine.node}; SQLite ${machine.sqlite} (CLI ${machine.sqlite_cli}); ${fileRows.toLocaleString('en')} reports.`,
    `Busiest party and metric: ${busiest.party} / ${busiest.metric}, ${busiest.n.toLocaleString('en')} reports.`,
    '',
    '| measure | median ms | p95 ms | figure | target | met |',
    '|---|---:|---:|---|---|---|',
    ...table.map((r) => `| ${r.measure} | ${r.median ?? ''} | ${r.p95 ?? ''} | ${r.figure ?? ''} | ${r.target} | ${r.ok === null ? '' : r.ok ? 'yes' : '**no**'} |`),
    ...(progress.length ? ['', 'The first import\'s progress lines (every one in a terminal rewrites the line before it):', '', '```', ...progress, '```'] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (values.out) fs.writeFileSync(values.out, lines.join('\n') + '\n');
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  agent.destroy();
}

class UsageError extends Error {}

// A mistyped option is said in a line; anything else with its stack (it is a fault of the bench).
main().catch((e: unknown) => {
  process.stderr.write(e instanceof UsageError ? `bench: ${e.message.replace(/\n/g, '\nbench: ')}\n` : `bench: ${(e as Error).stack}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
