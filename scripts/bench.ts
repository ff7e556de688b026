// npm run bench -- [--rows=1000000] [--parts=import,reads,export,writes,dashboard] [--out=docs/benchmarks.md]
// Generates a realistic synthetic dataset, imports it with `npm run import`, starts the real server on
// it and measures each target of the scale issue against SQLite's own speed in the same run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { csvLine } from '../server/domain/csv';
import { ReportInput, REPORT_INPUT_FIELDS } from '../server/domain/report';
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { parseCsvSync } from '../server/csv/parse';
import { csvRecordToInput } from '../server/domain/csv';
import { rng } from './random';

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const TOKEN = 'bench-token-0123456789abcdef';

// ---------------------------------------------------------------- dataset

const DAY = 86_400_000;
const START = Date.UTC(2015, 0, 1);
const DAYS = 3652;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const PARTIES = Array.from({ length: 40 }, (_, i) => `Party ${String(i + 1).padStart(2, '0')}`);
const SOURCES = Array.from({ length: 300 }, (_, i) => `Source ${String(i + 1).padStart(3, '0')}`);
const WORDS = ['shelling', 'drone', 'artillery', 'convoy', 'checkpoint', 'village', 'frontline', 'airstrike', 'mortar', 'sniper', 'Київ', 'Донецьк', 'Харків'];

/** Zipf-like pick: low indexes much more often, as real data has a few busy parties and sources. */
const zipf = (r: () => number, n: number) => Math.min(n - 1, Math.floor(n * Math.pow(r(), 2.2)));

export function generateCsv(file: string, rows: number): void {
  const r = rng(42);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, csvLine(['date', 'date_precision', 'period_start', 'source', 'via', 'party', 'metric', 'kind', 'value', 'qualifier', 'low', 'high', 'location', 'event', 'reported_on', 'url', 'quote', 'notes']));
  let buf = '';
  const flush = () => { fs.writeSync(fd, buf); buf = ''; };
  // A quarter are tallies in daily cumulative series: (source, party, metric) series running day by day.
  const tallies = Math.floor(rows / 4);
  const estimates = Math.floor(rows / 200);
  const incidents = rows - tallies - estimates;
  let written = 0;
  let event = 0;
  while (written < incidents) {
    const day = iso(START + Math.floor(r() * DAYS) * DAY);
    const party = PARTIES[zipf(r, PARTIES.length)]!;
    const metric = r() < 0.65 ? 'killed' : r() < 0.7 ? 'wounded' : r() < 0.5 ? 'missing' : 'captured';
    const value = 1 + Math.floor(r() * r() * 30);
    const word = WORDS[Math.floor(r() * WORDS.length)]!;
    // One event in ten is reported by two or three sources, with figures that differ a little.
    const reporters = r() < 0.1 ? 2 + Math.floor(r() * 2) : 1;
    const key = reporters > 1 ? `ev-${++event}` : '';
    for (let k = 0; k < reporters && written < incidents; k++, written++) {
      const v = Math.max(0, value + (k === 0 ? 0 : Math.floor(r() * 5) - 2));
      const ranged = r() < 0.05;
      buf += csvLine([day, 'day', '', SOURCES[zipf(r, SOURCES.length)]!, r() < 0.3 ? 'AFP' : '', party, metric, 'incident', String(v),
        r() < 0.2 ? 'about' : 'exact', ranged ? String(Math.max(0, v - 2)) : '', ranged ? String(v + 3) : '', `Oblast ${1 + Math.floor(r() * 25)}`, key,
        iso(Date.parse(day) + Math.floor(r() * 3) * DAY), `https://news.example/${written}`, `${v} killed in ${word} near Oblast, officials said`, '']);
    }
    if (buf.length > 1 << 20) flush();
  }
  // Daily cumulative series: each runs from a start day for up to ~3 years, one tally a day.
  let t = 0;
  let series = 0;
  while (t < tallies) {
    series++;
    const source = SOURCES[zipf(r, 40)]!;
    const party = PARTIES[zipf(r, PARTIES.length)]!;
    const metric = r() < 0.8 ? 'killed' : 'wounded';
    const first = Math.floor(r() * (DAYS - 400));
    const length = Math.min(tallies - t, 300 + Math.floor(r() * 800), DAYS - first);
    const periodStart = iso(START + first * DAY);
    let total = Math.floor(r() * 100);
    for (let d = 0; d < length; d++, t++) {
      total += Math.floor(r() * 8);
      // Now and then a source revises its tally down.
      const v = r() < 0.01 ? Math.max(0, total - 5) : total;
      buf += csvLine([iso(START + (first + d) * DAY), 'day', periodStart, source, '', party, metric, 'tally', String(v), 'exact', '', '', '', '',
        iso(START + (first + d) * DAY), '', `${source} says ${v} ${metric} since ${periodStart}`, `series ${series}`]);
      if (buf.length > 1 << 20) flush();
    }
  }
  for (let e = 0; e < estimates; e++) {
    buf += csvLine([iso(START + Math.floor(r() * DAYS) * DAY), 'day', '', SOURCES[zipf(r, 30)]!, '', PARTIES[zipf(r, 10)]!, 'troops', 'estimate',
      String(1000 * (10 + Math.floor(r() * 200))), r() < 0.5 ? 'about' : 'at_least', '', '', 'near the border', '', '', '', 'troops massed', '']);
  }
  flush();
  fs.closeSync(fd);
}

// ---------------------------------------------------------------- measuring
function rssMb(pid: number): number {
  try {
    let kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      for (const c of children ? children.split(/\s+/) : []) kb += rssMb(Number(c)) * 1024;
    }
    return kb / 1024;
  } catch {
    return 0;
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Answer { status: number; ms: number; bytes: number; body: string; etag?: string }

function get(port: number, url: string, headers: Record<string, string> = {}, keepBody = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path: url, agent, headers }, (res) => {
      let bytes = 0;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => { bytes += d.length; if (keepBody) parts.push(d); });
      res.on('end', () => resolve({ status: res.statusCode!, bytes, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: keepBody ? Buffer.concat(parts).toString() : '', etag: res.headers.etag }));
    });
    req.on('error', reject);
    req.end();
  });
}

function post(port: number, url: string, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path: url, method: 'POST', agent,
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, bytes: 0, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: Buffer.concat(parts).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
};

function startServer(db: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['server/index.ts'], { cwd: ROOT, env: { ...process.env, TALLY_DB: db, PORT: String(port), TALLY_TOKEN: TOKEN, TALLY_SEED: 'off', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('dashboard at')) resolve(child); });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

interface Row { measure: string; median?: string; p95?: string; figure?: string; target: string; ok: boolean | null }

async function main() {
  const { values } = parseArgs({ options: {
    rows: { type: 'string', default: '1000000' },
    parts: { type: 'string', default: 'import,reads,export,writes,dashboard' },
    out: { type: 'string' }, 'reads-n': { type: 'string', default: '60' }, 'write-seconds': { type: 'string', default: '20' },
    keep: { type: 'string' },
  } });
  const rows = Number(values.rows);
  const parts = new Set(values.parts!.split(','));
  const readsN = Number(values['reads-n']);
  const dir = values.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tally-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const csvFile = path.join(dir, 'reports.csv');
  const dbFile = path.join(dir, 'app.db');
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
    log(`generating ${rows.toLocaleString('en')} reports into ${csvFile}`);
    generateCsv(csvFile, rows);
  }

  // 1. Import: the script against prepared-statement inserts of the same parsed rows.
  if (parts.has('import') || !fs.existsSync(dbFile)) {
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
    log('import: npm run import');
    // The import names the account it acts for.
    const setup = openDatabase(dbFile);
    createStore(setup).createAccount('bench', 'editor');
    setup.close();
    const t0 = Date.now();
    const imp = spawnSync(TSX, ['scripts/import.ts', csvFile, '--as', 'bench'], { cwd: ROOT, env: { ...process.env, TALLY_DB: dbFile }, encoding: 'utf8', maxBuffer: 1 << 26 });
    const appSecs = (Date.now() - t0) / 1000;
    if (imp.status !== 0) throw new Error(`import failed: ${imp.stderr}`);
    log('import baseline: parsing the same rows, then timing prepared inserts of reports and revisions in one transaction');
    const parsed = parseCsvSync(fs.readFileSync(csvFile)).map((r) => ReportInput.parse(csvRecordToInput(r.record).input));
    const baseFile = path.join(dir, 'baseline.db');
    for (const f of [baseFile, `${baseFile}-wal`, `${baseFile}-shm`]) fs.rmSync(f, { force: true });
    const base = openDatabase(baseFile);
    const insert = base.prepare(`INSERT INTO reports (${REPORT_INPUT_FIELDS.join(', ')}, created_at, updated_at, revision) VALUES (${REPORT_INPUT_FIELDS.map((f) => '@' + f).join(', ')}, @now, @now, 1)`);
    const revision = base.prepare('INSERT INTO revisions (report_id, revision, action, who, at, snapshot) VALUES (?, 1, ?, ?, ?, ?)');
    const t1 = Date.now();
    base.transaction(() => {
      const now = new Date().toISOString();
      for (const p of parsed) {
        const cols: Record<string, unknown> = {};
        for (const f of REPORT_INPUT_FIELDS) cols[f] = p[f] ?? null;
        const id = Number(insert.run({ ...cols, now }).lastInsertRowid);
        revision.run(id, 'create', 'baseline', now, JSON.stringify({ id, ...cols, created_at: now, updated_at: now, revision: 1 }));
      }
    })();
    const baseSecs = (Date.now() - t1) / 1000;
    base.close();
    const ratio = (rows / appSecs) / (rows / baseSecs);
    table.push({ measure: `import ${rows.toLocaleString('en')} rows: npm run import vs prepared inserts`, figure: `${Math.round(rows / appSecs).toLocaleString('en')} vs ${Math.round(rows / baseSecs).toLocaleString('en')} rows/s = ${ratio.toFixed(2)}`, target: '≥ 0.4', ok: ratio >= 0.4 });
  }

  const port = 40100 + Math.floor(Math.random() * 500);
  log('starting the server');
  const server = await startServer(dbFile, port);
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, rssMb(server.pid!)); }, 100);
  const results: Record<string, unknown> = { machine, rows };
  try {
    const db = new Database(dbFile, { readonly: true });
    const busiest = db.prepare(`SELECT party, metric, count(*) AS n FROM reports WHERE deleted = 0 AND kind != 'estimate' GROUP BY party, metric ORDER BY n DESC LIMIT 1`).get() as { party: string; metric: string; n: number };
    const topIncidentSource = db.prepare(`SELECT source FROM reports WHERE deleted = 0 AND party = ? AND metric = ? AND kind = 'incident' GROUP BY source ORDER BY count(*) DESC LIMIT 1`).pluck().get(busiest.party, busiest.metric) as string;
    db.close();
    const pm = `party=${encodeURIComponent(busiest.party)}&metric=${busiest.metric}`;
    results.busiest = busiest;

    if (parts.has('reads')) {
      const reads: [string, string, number][] = [
        ['GET /api/series (busiest party and metric)', `/api/series?${pm}`, 50],
        ['GET /api/series with a count_source', `/api/series?${pm}&count_source=${encodeURIComponent(topIncidentSource)}`, 50],
        ['GET /api/compare', `/api/compare?${pm}`, 50],
        ['GET /api/disagreements', `/api/disagreements?${pm}`, 50],
        ['GET /api/reports, two filters, offset 10,000', `/api/reports?${pm}&offset=10000`, 30],
        ['GET /api/reports?q=a word', `/api/reports?q=artillery`, 50],
        ['GET /api/facets', '/api/facets', 20],
      ];
      // A write to the same party and metric before each timed read, so that every read computes its
      // answer afresh (the answer cache keeps an answer only while the data stands): the case of a
      // dashboard read during a news spike. Repeat reads with no write between are measured too.
      let written = 0;
      const touch = async () => {
        const body = JSON.stringify({ source: 'Bench reader', party: busiest.party, metric: busiest.metric, kind: 'incident', date: '2024-06-01', value: 1, notes: `touch ${++written}` });
        const a = await post(port, '/api/reports', body);
        if (a.status !== 201) throw new Error(`touch: ${a.status} ${a.body}`);
      };
      for (const [name, url, target] of reads) {
        const cold = await get(port, url);
        if (cold.status !== 200) throw new Error(`${url}: ${cold.status}`);
        for (let i = 0; i < 3; i++) await get(port, url);
        const fresh: number[] = [];
        for (let i = 0; i < readsN; i++) {
          await touch();
          fresh.push((await get(port, url)).ms);
        }
        const repeat: number[] = [];
        for (let i = 0; i < readsN; i++) repeat.push((await get(port, url)).ms);
        const p95 = quantile(fresh, 0.95);
        table.push({ measure: `${name} (${(cold.bytes / 1024).toFixed(0)} KB; first ${cold.ms.toFixed(0)} ms), each after a write`, median: quantile(fresh, 0.5).toFixed(1), p95: p95.toFixed(1), target: `p95 ≤ ${target} ms`, ok: p95 <= target });
        table.push({ measure: `${name}, repeated with no write between`, median: quantile(repeat, 0.5).toFixed(1), p95: quantile(repeat, 0.95).toFixed(1), target: '(measured)', ok: null });
        // The 304 path: a revalidation with the tag the answer carried.
        if (name === 'GET /api/series (busiest party and metric)') {
          const ms304: number[] = [];
          const tag = (await get(port, url)).etag ?? '';
          for (let i = 0; i < readsN; i++) {
            const a = await get(port, url, { 'If-None-Match': tag });
            if (a.status !== 304) throw new Error(`expected 304, got ${a.status}`);
            ms304.push(a.ms);
          }
          table.push({ measure: 'GET /api/series revalidated (If-None-Match → 304)', median: quantile(ms304, 0.5).toFixed(1), p95: quantile(ms304, 0.95).toFixed(1), target: '(measured)', ok: null });
        }
      }
    }

    if (parts.has('export')) {
      log('export: the app against sqlite3 -csv, twice each, alternating, after a warm-up of each');
      const cols = ['id', ...REPORT_INPUT_FIELDS].join(', ');
      const cliRun = () => {
        const t1 = Date.now();
        const cli = spawnSync('sh', ['-c', `sqlite3 -csv -header '${dbFile}' "SELECT ${cols} FROM reports WHERE deleted = 0 ORDER BY date, id" > /dev/null`]);
        if (cli.status !== 0) throw new Error(`sqlite3 failed: ${cli.stderr}`);
        // spawnSync held the event loop past the server's keep-alive timeout: drop the idle sockets,
        // which the server has closed, or the next request fails with "socket hang up".
        agent.destroy();
        return (Date.now() - t1) / 1000;
      };
      const before = rssMb(server.pid!);
      let exportPeak = before;
      const s2 = setInterval(() => { exportPeak = Math.max(exportPeak, rssMb(server.pid!)); }, 50);
      const appRun = async () => {
        const t0 = Date.now();
        const exp = await get(port, '/api/reports.csv');
        if (exp.status !== 200) throw new Error(`export: ${exp.status}`);
        return { secs: (Date.now() - t0) / 1000, bytes: exp.bytes };
      };
      // Warm-ups: the first pass of either reads the file into the page cache and (the app) warms the
      // JIT; the machine is shared and noisy, so each side is then timed twice, alternating.
      cliRun();
      await appRun();
      const appTimes: number[] = [];
      const cliTimes: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 2; i++) {
        const a = await appRun();
        appTimes.push(a.secs);
        bytes = a.bytes;
        cliTimes.push(cliRun());
      }
      clearInterval(s2);
      const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
      const ratio = mean(cliTimes) / mean(appTimes);
      table.push({ measure: `export ${(bytes / 1e6).toFixed(0)} MB: GET /api/reports.csv vs sqlite3 -csv (mean of 2 each)`, figure: `${appTimes.map((x) => x.toFixed(1)).join(', ')} s vs ${cliTimes.map((x) => x.toFixed(1)).join(', ')} s = ${ratio.toFixed(2)}`, target: '≥ 0.5', ok: ratio >= 0.5 });
      table.push({ measure: 'export: server RSS growth (peak over the three exports)', figure: `${(exportPeak - before).toFixed(0)} MB`, target: '≤ 100 MB', ok: exportPeak - before <= 100 });
    }

    if (parts.has('writes')) {
      const seconds = Number(values['write-seconds']);
      log(`writes: 20 clients for ${seconds} s`);
      const acked: number[] = [];
      let errors = 0;
      const until = Date.now() + seconds * 1000;
      const client = async (c: number) => {
        let i = 0;
        while (Date.now() < until) {
          const body = JSON.stringify({ source: `Writer ${c}`, party: 'Bench party', metric: 'killed', kind: 'incident', date: '2024-01-01', value: i++ });
          const a = await post(port, '/api/reports', body);
          if (a.status === 201) acked.push((JSON.parse(a.body) as { id: number }).id);
          else errors++;
        }
      };
      await Promise.all(Array.from({ length: 20 }, (_, c) => client(c)));
      const check = new Database(dbFile, { readonly: true });
      const found = check.prepare(`SELECT count(*) FROM reports WHERE party = 'Bench party' AND deleted = 0`).pluck().get() as number;
      check.close();
      const appRate = acked.length / seconds;
      // Baseline: single-row commits of a report and its revision, same synchronous setting.
      const baseFile = path.join(dir, 'writes-baseline.db');
      for (const f of [baseFile, `${baseFile}-wal`, `${baseFile}-shm`]) fs.rmSync(f, { force: true });
      const base = openDatabase(baseFile);
      const ins = base.prepare(`INSERT INTO reports (source, party, metric, kind, date, value, created_at, updated_at) VALUES (?, 'Bench party', 'killed', 'incident', '2024-01-01', ?, ?, ?)`);
      const rev = base.prepare(`INSERT INTO revisions (report_id, revision, action, who, at, snapshot) VALUES (?, 1, 'create', 'baseline', ?, ?)`);
      const commit = base.transaction((i: number) => {
        const now = new Date().toISOString();
        const id = Number(ins.run(`Writer ${i % 20}`, i, now, now).lastInsertRowid);
        rev.run(id, now, JSON.stringify({ id, value: i }));
      });
      let commits = 0;
      const end = Date.now() + seconds * 1000;
      while (Date.now() < end) commit(commits++);
      base.close();
      const baseRate = commits / seconds;
      const ratio = appRate / baseRate;
      table.push({ measure: `writes: 20 clients POSTing for ${seconds} s vs single-row commits (synchronous=FULL)`, figure: `${appRate.toFixed(0)} vs ${baseRate.toFixed(0)} /s = ${ratio.toFixed(2)}; ${errors} errors; ${found}/${acked.length} acknowledged found`, target: '≥ 0.5, no error, all found', ok: ratio >= 0.5 && errors === 0 && found === acked.length });
    }

    if (parts.has('dashboard')) {
      log('dashboard: headless Chromium');
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
      table.push({ measure: 'dashboard: navigation to main chart drawn (5 loads)', median: quantile(times, 0.5).toFixed(0), p95: p95.toFixed(0), target: '≤ 2000 ms', ok: p95 <= 2000 });
    }
  } finally {
    clearInterval(sampler);
    server.kill('SIGTERM');
  }
  table.push({ measure: 'server peak RSS through all of the above', figure: `${peak.toFixed(0)} MB`, target: '≤ 300 MB', ok: peak <= 300 });

  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}; Node ${machine.node}; SQLite ${machine.sqlite} (CLI ${machine.sqlite_cli}); ${rows.toLocaleString('en')} reports.`,
    results.busiest ? `Busiest party and metric: ${(results.busiest as { party: string }).party} / ${(results.busiest as { metric: string }).metric}, ${(results.busiest as { n: number }).n.toLocaleString('en')} reports.` : '',
    '',
    '| measure | median ms | p95 ms | figure | target | met |',
    '|---|---:|---:|---|---|---|',
    ...table.map((r) => `| ${r.measure} | ${r.median ?? ''} | ${r.p95 ?? ''} | ${r.figure ?? ''} | ${r.target} | ${r.ok === null ? '' : r.ok ? 'yes' : '**no**'} |`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (values.out) fs.writeFileSync(values.out, lines.join('\n') + '\n');
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  agent.destroy();
}

main().catch((e: unknown) => { process.stderr.write(`bench: ${(e as Error).stack}\n`); process.exit(1); });
