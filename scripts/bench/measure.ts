// What the benchmark measures with: HTTP requests to the real server over keep-alive, quantiles, the
// resident memory of a process and its children, and the server started on a database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
/** How npm runs a TypeScript entry point (package.json): one node process with tsx's loader, so the
 *  memory measured is the program's own, not a wrapper's. */
export const NODE_TS = [process.execPath, '--import', 'tsx'] as const;
export const TOKEN = 'bench-token-0123456789abcdef';

/** One row of the benchmark's table. */
export interface Row { measure: string; median?: string; p95?: string; figure?: string; target: string; ok: boolean | null }

export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Answer { status: number; ms: number; bytes: number; body: string; etag?: string }

export function get(port: number, url: string, headers: Record<string, string> = {}, keepBody = false): Promise<Answer> {
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

export function post(port: number, url: string, body: string): Promise<Answer> {
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

export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
};

/** Resident memory of a process and all its descendants, in MB (0 once it is gone). */
export function rssMb(pid: number): number {
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

/** Samples a process tree's memory every `ms` until stopped; `peak()` is the largest seen. */
export function sampler(pid: number, ms = 100): { peak(): number; stop(): void } {
  // A first reading at once: a part that ends within `ms` still has a peak.
  let peak = rssMb(pid);
  const t = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // the process has exited
    }
  }, ms);
  return { peak: () => peak, stop: () => clearInterval(t) };
}

/** The server as npm start runs it: the bundle of `npm run build` (the bench builds first). */
export function startServer(db: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/server.js'], {
      cwd: ROOT, env: { ...process.env, TALLY_DB: db, PORT: String(port), TALLY_TOKEN: TOKEN, TALLY_SEED: 'off', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('dashboard at')) resolve(child); });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}
