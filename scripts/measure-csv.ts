// Measures the CSV import and export at scale against a real server process: the server's RSS growth
// during an HTTP import of N rows, during the export of them (while /api/health is polled), and the
// import script's own peak RSS. Usage: npm run measure:csv -- [--rows=200000]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { csvLine } from '../server/domain/csv';
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';

import { NODE_TS, ROOT, TOKEN, rssMb, sampler, startServer } from './bench/measure';

export function writeSyntheticCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'date,date_precision,period_start,source,via,party,metric,kind,value,qualifier,low,high,location,event,reported_on,url,quote,notes\r\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2014, 3, 1) + (i % 3650) * 86400000).toISOString().slice(0, 10);
    const tally = i % 4 === 0;
    chunk += csvLine([day, 'day', tally ? `${day.slice(0, 4)}-01-01` : '', `Source ${i % 300}`, i % 3 ? 'AFP' : '', `Party ${i % 40}`,
      'killed', tally ? 'tally' : 'incident', String(i % 97), 'exact', '', '', `Oblast ${i % 25}`, i % 5 === 0 ? `e${Math.floor(i / 5)}` : '',
      day, `https://example.org/r/${i}`, `Report ${i}: "shelling", near Київ`, i % 2 ? 'note, with comma' : '']);
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

function request(port: number, method: string, url: string, body?: fs.ReadStream, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers }, (res) => {
      let bytes = 0;
      let text = '';
      res.on('data', (d: Buffer) => { bytes += d.length; if (text.length < 2000) text += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode!, bytes, text }));
    });
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

async function main() {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' } } });
  const rows = Number(values.rows);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-measure-'));
  const csv = path.join(dir, 'reports.csv');
  writeSyntheticCsv(csv, rows);
  const size = fs.statSync(csv).size;
  const out: string[] = [];
  const say = (s: string) => { out.push(s); process.stdout.write(s + '\n'); };
  say(`# CSV at scale: ${rows.toLocaleString('en')} rows (${(size / 1e6).toFixed(1)} MB), ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);

  // The server as npm start runs it: built first, so what is measured is the code as it stands.
  if (spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');
  let failed = false;
  const port = 39500 + Math.floor(Math.random() * 400);
  const server = await startServer(path.join(dir, 'server.db'), port);
  try {
    const base = rssMb(server.pid!);
    let s = sampler(server.pid!, 50);
    let t0 = Date.now();
    const imp = await request(port, 'POST', '/api/import', fs.createReadStream(csv), { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/csv', 'Content-Length': String(size) });
    s.stop();
    let peak = s.peak();
    if (imp.status !== 200) failed = true;
    say(`- HTTP import: ${imp.status} ${imp.text.slice(0, 80)} in ${((Date.now() - t0) / 1000).toFixed(1)} s (${Math.round(rows / ((Date.now() - t0) / 1000)).toLocaleString('en')} rows/s); server RSS ${base.toFixed(0)} MB → peak ${peak.toFixed(0)} MB: growth ${(peak - base).toFixed(0)} MB`);

    const before = rssMb(server.pid!);
    s = sampler(server.pid!, 50);
    t0 = Date.now();
    const health: number[] = [];
    let exporting = true;
    const poll = (async () => {
      while (exporting) {
        const h0 = Date.now();
        const r = await request(port, 'GET', '/api/health');
        if (r.status === 200) health.push(Date.now() - h0);
        await new Promise((r2) => setTimeout(r2, 100));
      }
    })();
    const exp = await request(port, 'GET', '/api/reports.csv');
    exporting = false;
    await poll;
    s.stop();
    peak = s.peak();
    const secs = (Date.now() - t0) / 1000;
    health.sort((a, b) => a - b);
    say(`- HTTP export: ${exp.status}, ${(exp.bytes / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s (${Math.round(rows / secs).toLocaleString('en')} rows/s); server RSS ${before.toFixed(0)} MB → peak ${peak.toFixed(0)} MB: growth ${(peak - before).toFixed(0)} MB; /api/health answered ${health.length} times during it, median ${health[Math.floor(health.length / 2)] ?? '-'} ms, max ${health[health.length - 1] ?? '-'} ms`);
  } finally {
    server.kill('SIGTERM');
  }

  // The script: its own process's peak RSS.
  // The import names the account it acts for.
  const setup = openDatabase(path.join(dir, 'script.db'));
  createStore(setup).createAccount('measure', 'editor');
  setup.close();
  const t0 = Date.now();
  const child = spawn(NODE_TS[0], [...NODE_TS.slice(1), 'scripts/import.ts', csv, '--as', 'measure'], { cwd: ROOT, env: { ...process.env, TALLY_DB: path.join(dir, 'script.db') }, stdio: ['ignore', 'pipe', 'pipe'] });
  let base = 0;
  let peak = 0;
  // The baseline is the process once started (tsx runs the script in a child node): the largest RSS of
  // its first second, before the file is read.
  const timer = setInterval(() => { try { const r = rssMb(child.pid!); if (Date.now() - t0 < 1000) base = Math.max(base, r); peak = Math.max(peak, r); } catch { /* exited */ } }, 50);
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  clearInterval(timer);
  const secs = (Date.now() - t0) / 1000;
  if (code !== 0) failed = true;
  say(`- script import: exit ${code}, ${stdout.trim().slice(0, 80)} in ${secs.toFixed(1)} s (${Math.round(rows / secs).toLocaleString('en')} rows/s incl. start-up); process RSS after start-up ${base.toFixed(0)} MB → peak ${peak.toFixed(0)} MB: growth ${(peak - base).toFixed(0)} MB`);
  fs.rmSync(dir, { recursive: true, force: true });
  // A figure of a failed import is no measurement: said by the exit code too.
  if (failed) {
    process.stderr.write('measure: an import failed (above): the figures are not a measurement\n');
    process.exitCode = 1;
  }
}

if (require.main === module) main().catch((e: unknown) => { process.stderr.write(`measure: ${(e as Error).stack}\n`); process.exit(1); });
