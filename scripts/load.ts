// npm run load [-- --seconds 60 --connections 16 --preload 20000]: a bounded mixed read/write load on
// loopback against the real server (server/index.ts in its own process, on a temporary database), with
// autocannon. Reads: series, compare, disagreements, the report list, a search, facets. Writes: POST
// /api/reports with the token. Then checks: no 5xx, no socket errors or timeouts, and every write the
// server acknowledged (201 with an id) is in the database after the server stops. Prints req/s and
// latency percentiles; exit 1 when a check fails. Not part of `npm test`. Figures: docs/load.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { importCsv } from '../server/csv/import';

interface Options { seconds: number; connections: number; preload: number; writeShare: number }

function options(): Options {
  const o: Options = { seconds: 60, connections: 16, preload: 20_000, writeShare: 0.2 };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split('=', 2) as [string, string | undefined];
    const value = inline ?? args[++i];
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number`);
    if (flag === '--seconds') o.seconds = n;
    else if (flag === '--connections') o.connections = Math.max(1, Math.round(n));
    else if (flag === '--preload') o.preload = Math.round(n);
    else if (flag === '--write-share') o.writeShare = Math.min(1, n);
    else throw new Error(`unknown option ${flag} (--seconds, --connections, --preload, --write-share)`);
  }
  return o;
}

// autocannon ships no types; the part of its API used here.
interface Req { method?: string; path: string; headers?: Record<string, string>; body?: string; onResponse?: (status: number, body: string) => void }
interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number; max: number; average: number };
  throughput: { average: number };
  errors: number; timeouts: number; non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface Instance { on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void }
type Autocannon = (opts: Record<string, unknown>, done: (err: Error | null, result: Result) => void) => Instance;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

const ROOT = path.join(__dirname, '..');
const TOKEN = `load-${Math.random().toString(36).slice(2)}-0123456789`;
const PARTIES = ['Ukrainian forces', 'Russian forces', 'Civilians', 'Pro-Russia separatists'];
const SOURCES = ['AFP', 'Reuters', 'Ukrainian army', 'OHCHR', 'Russian MoD', 'France 24'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** A database like a busy desk's: incidents and tallies over a few years, for several parties. */
async function preload(file: string, n: number): Promise<void> {
  const db = openDatabase(file);
  const lines = ['date,period_start,source,party,metric,kind,value,event,quote'];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2019, 0, 1) + (i % 1500) * 86_400_000).toISOString().slice(0, 10);
    const tally = i % 5 === 0;
    lines.push([day, tally ? `${day.slice(0, 4)}-01-01` : '', SOURCES[i % SOURCES.length], PARTIES[i % PARTIES.length], 'killed',
      tally ? 'tally' : 'incident', tally ? 100 + i : i % 7, !tally && i % 3 === 0 ? `ev-${i % 400}` : '', `load report ${i}`].join(','));
  }
  await importCsv(createStore(db), lines.join('\n'), { who: 'load' });
  db.close();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const o = options();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-load-'));
  const file = path.join(dir, 'tally.db');
  process.stdout.write(`load: preloading ${o.preload} reports into ${file}\n`);
  await preload(file, o.preload);

  const port = await freePort();
  const server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'server', 'index.ts')], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    // LOG_LEVEL warn: a line per request at info would measure the terminal as much as the server.
    env: { ...process.env, TALLY_DB: file, TALLY_TOKEN: TOKEN, PORT: String(port), HOST: '127.0.0.1', TALLY_SEED: 'on', LOG_LEVEL: 'warn' },
  });
  let serverErr = '';
  server.stderr.on('data', (d: Buffer) => { serverErr += d.toString(); });
  let exited = false;
  const exitedPromise = new Promise<number | null>((resolve) => server.on('exit', (code) => { exited = true; resolve(code); }));
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => { if (d.toString().includes('listening') || d.toString().includes('dashboard at')) resolve(); });
    void exitedPromise.then(() => reject(new Error(`the server exited at start: ${serverErr}`)));
  });

  const acked = new Set<number>();
  const q = (s: string) => encodeURIComponent(s);
  const reads: Req[] = [
    { path: `/api/series?party=${q('Ukrainian forces')}&metric=killed` },
    { path: `/api/reports?party=${q('Civilians')}&limit=100&sort=-date` },
    { path: `/api/compare?party=${q('Russian forces')}&metric=killed` },
    { path: '/api/facets' },
    { path: `/api/disagreements?party=${q('Civilians')}&metric=killed` },
    { path: `/api/reports?q=${q('load report 12')}&limit=20` },
    { path: `/api/series?party=${q('Civilians')}&metric=killed&source=AFP&count_source=Reuters` },
    { path: '/api/health' },
  ];
  let w = 0;
  const write = (): Req => ({
    method: 'POST', path: '/api/reports',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'Load', party: PARTIES[w % PARTIES.length], metric: 'killed', kind: 'incident', date: '2022-03-01', value: (w++ % 9) + 1, notes: 'written under load' }),
    onResponse: (status, body) => { if (status === 201) acked.add((JSON.parse(body) as { id: number }).id); },
  });
  // One write in every 1 / writeShare requests, reads in between, each connection cycling through the list.
  const every = o.writeShare > 0 ? Math.max(1, Math.round(1 / o.writeShare)) : 0;
  const requests: Req[] = [];
  for (let i = 0; i < 20; i++) requests.push(every > 0 && i % every === every - 1 ? write() : reads[i % reads.length]!);

  process.stdout.write(`load: ${o.seconds} s, ${o.connections} connections, ${Math.round(o.writeShare * 100)}% writes, against http://127.0.0.1:${port}/\n`);
  const times: number[] = [];
  const result = await new Promise<Result>((resolve, reject) => {
    const inst = autocannon({
      url: `http://127.0.0.1:${port}`, connections: o.connections, duration: o.seconds, timeout: 10,
      requests, pipelining: 1,
    }, (err, res) => (err ? reject(err) : resolve(res)));
    inst.on('response', (_c, _status, _bytes, ms) => times.push(ms));
  });
  times.sort((a, b) => a - b);

  const upAfter = !exited;
  server.kill('SIGTERM');
  await exitedPromise;

  const db = openDatabase(file, { migrate: false });
  const has = db.prepare('SELECT count(*) FROM reports WHERE id = ? AND deleted = 0').pluck();
  const lost = [...acked].filter((id) => has.get(id) !== 1);
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();

  const fiveXX = Object.entries(result.statusCodeStats ?? {}).filter(([s]) => Number(s) >= 500).reduce((n, [, v]) => n + v.count, 0);
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([s, v]) => [s, v.count]));
  const lines = [
    `requests: ${result.requests.total} in ${o.seconds} s = ${result.requests.average.toFixed(0)} req/s average (${(result.throughput.average / 1e6).toFixed(2)} MB/s)`,
    `latency ms: p50 ${percentile(times, 50)}, p95 ${percentile(times, 95)}, p99 ${percentile(times, 99)}, max ${result.latency.max} (autocannon p50 ${result.latency.p50}, p97.5 ${result.latency.p97_5}, p99 ${result.latency.p99})`,
    `statuses: ${JSON.stringify(statuses)}; 5xx ${fiveXX}; socket errors ${result.errors}; timeouts ${result.timeouts}`,
    `writes acknowledged: ${acked.size}; missing afterwards: ${lost.length}; integrity_check ${integrity}; server up to the end: ${upAfter}`,
  ];
  process.stdout.write(lines.map((l) => `load: ${l}\n`).join(''));
  fs.rmSync(dir, { recursive: true, force: true });
  const ok = fiveXX === 0 && result.errors === 0 && result.timeouts === 0 && lost.length === 0 && integrity === 'ok' && upAfter && (o.writeShare === 0 || acked.size > 0);
  process.stdout.write(ok ? 'load: PASS\n' : 'load: FAIL\n');
  if (!ok) process.exit(1);
}

main().catch((e: unknown) => {
  process.stderr.write(`load: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
