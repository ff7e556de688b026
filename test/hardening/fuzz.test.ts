// HTTP fuzzing of every route on a real listening server over a real SQLite file: random and broken JSON,
// wrong content types, huge numbers, `__proto__`/`constructor` keys, oversize bodies, odd query strings,
// odd paths and traversal attempts, with and without the bootstrap token, personal tokens of an admin
// and an editor, or a session cookie.
// Properties: never a 5xx; the server still answers at the end; the stored data (reports, through the
// data_version counter the database keeps, and the accounts, tokens and invitations) changes only when
// a write (POST/PUT/DELETE/PATCH) answered 2xx (sessions and the audit log change on failed attempts
// too, by design); a 200 outside /api is byte for byte a file of the built folder.
// FUZZ_SEED and FUZZ_REQUESTS override the seed and the count (a failure prints the seed and request).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import pino from 'pino';
import { openDatabase } from '../../server/db/connection';
import { createApp, DEFAULT_WEB_ROOT } from '../../server/http/app';
import { loadSeed } from '../../server/seed';
import { rng as seededRandom } from '../../scripts/random';
import { createStore } from '../../server/db/store';
import { PASSWORD, TOKEN, addAccount, tempDir, type TestAccount } from '../helpers';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

// Printed before anything runs, so any failure of the run (not only a failing request) can be replayed.
console.log(`fuzz: FUZZ_SEED=${SEED}`);

/** The project's seeded generator (scripts/random.ts), with helpers, so a failing run replays with FUZZ_SEED. */
function rng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof rng>;

const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

const STATIC_PATHS = [
  '/', '/index.html', '/app.js', '/styles.css', '/favicon.svg', '/app.js.map', '/nope.html', '/.env', '/.git/config',
  '/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2fserver%2findex.ts', '/..%2f..%2f..%2fetc%2fpasswd',
  '/%2e%2e%2fpackage.json', '/....//....//etc/passwd', '/..\\..\\package.json', '/%5c..%5cpackage.json',
  '/index.html%00.js', '/%00', '/static/../../package.json', '//etc/passwd', '/dist/web/index.html', '/server/index.ts',
  '/node_modules/express/package.json', '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/api/../package.json', '/api/..%2f..%2fpackage.json',
  '/data/tally.db', '/tally.token', '/%ZZ', '/a'.repeat(400),
];
const API_PATHS = [
  '/api/health', '/api/reports', '/api/reports/{id}', '/api/reports/{id}/restore', '/api/reports/{id}/history',
  '/api/series', '/api/compare', '/api/disagreements', '/api/facets', '/api/reports.csv', '/api/import',
  '/api/session', '/api/rename', '/api/nope', '/api', '/api/', '/api/reports/{id}/nope', '/API/health', '/api/reports/',
  '/api/reports/{id}/history.csv', '/api/accounts', '/api/accounts/{id}', '/api/accounts/{id}/invitation', '/api/accounts/{id}/sign-out',
  '/api/accounts/{id}/tokens', '/api/tokens', '/api/tokens/{id}', '/api/account/password', '/api/audit', '/api/invitations/lookup',
  '/api/invitations/accept',
];
const IDS = ['1', '2', '3', '5', '9', '12', '40', '999999', '123456789012345', '0', '-1', '1.5', '1e3', 'abc', '99999999999999999999', '9007199254740993',
  '%00', '%ZZ', '..', '%2e%2e', '__proto__', 'constructor', ' 1', '0x10', '%D9%A3'];
const QUERY_KEYS = ['party', 'metric', 'kind', 'source', 'count_source', 'from', 'to', 'q', 'limit', 'offset', 'sort', 'deleted',
  'max_points', 'year', 'days', 'ratio', 'bom', 'hxl', 'download', 'dry_run', 'ids', '__proto__', 'constructor', 'toString',
  'a[b]', 'source[]', 'hasOwnProperty', 'token', ''];
const QUERY_VALUES = ['Ukrainian forces', 'Ukrainian%20forces', 'killed', 'troops', 'tally', 'incident', 'AFP', '2021-01-01', '2021-12-31',
  '2021-02-30', '0', '1', '-1', '10', '1000', '1001', '99999999999999999999', '1e309', 'NaN', 'Infinity', '0.5', '1.0000001',
  '-date', 'date', 'only', 'ignore', 'match', '', '%ZZ', '%00', '%E2%82', '%D0%BA%D0%B8%D1%97%D0%B2', '"', '*', 'x'.repeat(600),
  '<script>alert(1)</script>', '{"$gt":1}', '[object Object]'];
const CONTENT_TYPES = [undefined, 'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1',
  'text/csv', 'text/csv; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/xml', 'application/merge-patch+json', '*/*', 'application/json, text/csv', 'garbage'];
const HUGE = ['1e309', '-1e309', '123456789012345678901234567890', '9007199254740993', '-0', '1e-400', '0.1e1', '1E2'];
const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '', 'source ', 'SOURCE', 'id', 'revision', '$where'];
const FIELDS = ['source', 'via', 'party', 'metric', 'kind', 'date', 'date_precision', 'period_start', 'value', 'qualifier', 'low',
  'high', 'location', 'event', 'reported_on', 'url', 'quote', 'notes'];
const CSV_HEADER = 'id,date,date_precision,period_start,source,via,party,metric,kind,value,qualifier,low,high,location,event,reported_on,url,quote,notes';

function randomScalar(r: Rng): string {
  switch (r.int(8)) {
    case 0: return JSON.stringify(r.pick(QUERY_VALUES));
    case 1: return String(r.int(1000) - 10);
    case 2: return r.pick(HUGE);
    case 3: return r.pick(['true', 'false', 'null']);
    case 4: return JSON.stringify('x'.repeat(r.int(3000)));
    case 5: return JSON.stringify(String.fromCharCode(...Array.from({ length: r.int(20) }, () => r.int(0xd800))));
    case 6: return JSON.stringify(r.pick(['2021-12-01', '2021-02-29', 'javascript:alert(1)', 'https://example.org/a', '=1+1', '@SUM(A1)', '']));
    default: return String(r.next() * 1e6);
  }
}
function randomJson(r: Rng, depth = 0): string {
  const k = depth > 3 ? 0 : r.int(4);
  if (k === 0 || k === 1) return randomScalar(r);
  if (k === 2) return `[${Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1)).join(',')}]`;
  const n = r.int(5);
  const keys = Array.from({ length: n }, () => (r.chance(0.5) ? r.pick(ODD_KEYS) : r.pick(FIELDS)));
  return `{${keys.map((key) => `${JSON.stringify(key)}:${randomJson(r, depth + 1)}`).join(',')}}`;
}
function validReport(r: Rng): Record<string, unknown> {
  const kind = r.pick(['incident', 'tally', 'estimate']);
  const date = `2021-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
  return {
    source: r.pick(['AFP', 'Ukrainian army', 'Reuters', '<script>alert(1)</script>', '=cmd|x']), party: r.pick(['Ukrainian forces', 'Civilians']),
    metric: kind === 'estimate' ? 'troops' : r.pick(['killed', 'wounded']), kind, date, value: r.int(100),
    ...(kind === 'tally' ? { period_start: '2021-01-01' } : {}), ...(r.chance(0.3) ? { event: r.pick(['e1', 'e2']) } : {}),
  };
}
function mutate(r: Rng, o: Record<string, unknown>): string {
  const c: Record<string, unknown> = { ...o };
  for (let i = r.int(3); i > 0; i--) {
    const key = r.chance(0.7) ? r.pick(FIELDS) : r.pick(ODD_KEYS);
    if (r.chance(0.3)) delete c[key];
    else c[key] = JSON.parse(randomScalar(r.chance(0.5) ? r : r));
  }
  let text = JSON.stringify(c);
  // JSON.stringify drops a "__proto__" own key it never sees; put odd keys in as text.
  if (r.chance(0.2)) text = text.replace(/^\{/, `{"${r.pick(['__proto__', 'constructor'])}":${r.pick(['{"admin":true}', '{"prototype":{"x":1}}', '1', 'null'])},`);
  if (r.chance(0.1)) text = text.replace(/"value":\d+/, `"value":${r.pick(HUGE)}`);
  return text;
}
function csvBody(r: Rng): string {
  const rows = Array.from({ length: r.int(6) }, (_v, i) => {
    const good = `,2021-0${1 + r.int(9)}-1${r.int(9)},day,,Fuzz ${r.int(1e6)},,Civilians,killed,incident,${r.int(50)},exact,,,,,,,${r.pick(['', '=1+2', '"<script>x</script>"', '@A1', 'plain'])},fuzz ${i}`;
    return r.chance(0.8) ? good : r.pick([',2021-13-40,day,,X,,Y,killed,incident,-4,,,,,,,,,', '"unclosed,', '1,2,3', `${r.int(99)},2021-01-01,day,,A,,B,killed,incident,1,exact,,,,,,,,`]);
  });
  const header = r.chance(0.9) ? CSV_HEADER : r.pick(['a,b,c', '', 'source,party', `\uFEFF${CSV_HEADER}`, `${CSV_HEADER},__proto__`]);
  return [header, ...rows].join(r.chance(0.5) ? '\r\n' : '\n');
}

interface Req { method: string; path: string; headers: Record<string, string>; body?: Buffer }

/** The fuzzer's credentials: the bootstrap token, an admin's and an editor's personal tokens, a session. */
interface Creds { cookie: string; admin: TestAccount; editor: TestAccount }

/** A well-formed request of a real route (a token or a same-origin cookie), so that writes get through. */
function plausibleRequest(r: Rng, liveIds: number[], creds: Creds): Req {
  const { cookie } = creds;
  const headers: Record<string, string> = r.chance(0.85) ? { authorization: `Bearer ${r.pick([TOKEN, creds.admin.token, creds.editor.token])}` }
    : { cookie: `tally_session=${cookie}`, origin: 'http://127.0.0.1', 'sec-fetch-site': 'same-origin' };
  const id = liveIds.length > 0 ? r.pick(liveIds) : 1;
  const json = (o: unknown) => { headers['content-type'] = 'application/json'; return Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)); };
  const pm = `party=${encodeURIComponent(r.pick(['Ukrainian forces', 'Civilians', 'Russian forces']))}&metric=${r.pick(['killed', 'troops', 'wounded'])}`;
  switch (r.int(15)) {
    case 11: return { method: 'POST', path: '/api/tokens', headers, body: json({ name: r.pick(['fuzz script', '', '<b>x</b>', 'x'.repeat(120)]) }) };
    case 12: return { method: 'PATCH', path: `/api/accounts/${creds.editor.id + r.int(2)}`, headers, body: json(r.pick([{ role: 'editor' }, { role: 'admin' }, { disabled: false }, { role: 'boss' }, {}])) };
    case 13: return { method: 'GET', path: `/api/${r.pick(['audit', 'accounts', 'tokens'])}${r.chance(0.5) ? `?${r.pick(['event=sign_in', 'limit=2&offset=1', 'account=fuzz', 'from=2021-13-01', 'limit=0'])}` : ''}`, headers };
    case 0: case 1: return { method: 'POST', path: '/api/reports', headers, body: json(r.chance(0.7) ? validReport(r) : mutate(r, validReport(r))) };
    case 2: return { method: 'PUT', path: `/api/reports/${id}`, headers: { ...headers, ...(r.chance(0.3) ? { 'if-match': String(1 + r.int(3)) } : {}) }, body: json(validReport(r)) };
    case 3: return { method: 'DELETE', path: `/api/reports/${id}`, headers };
    case 4: return { method: 'POST', path: `/api/reports/${id}/restore`, headers };
    case 5: headers['content-type'] = 'text/csv'; return { method: 'POST', path: `/api/import${r.chance(0.3) ? '?dry_run=1' : r.chance(0.2) ? '?ids=ignore' : ''}`, headers, body: Buffer.from(csvBody(r)) };
    case 6: return { method: 'POST', path: '/api/rename', headers, body: json({ field: r.pick(['source', 'party']), from: r.pick(['Fuzz 1', 'Reuters', 'nobody']), to: r.pick(['Fuzz 2', 'Reuters']), dry_run: r.chance(0.5) }) };
    case 7: return { method: 'GET', path: `/api/reports/${id}${r.chance(0.5) ? '/history' : ''}`, headers };
    case 8: return { method: 'GET', path: `/api/${r.pick(['series', 'compare', 'disagreements'])}?${pm}${r.chance(0.5) ? `&${r.pick(QUERY_KEYS)}=${encodeURIComponent(r.pick(QUERY_VALUES))}` : ''}`, headers: {} };
    case 9: return { method: 'GET', path: `/api/reports?q=${encodeURIComponent(r.pick(['afp', 'київ', 'script', '"', 'a b', '*', 'NEAR(', '-x', 'OR']))}&limit=${1 + r.int(1000)}${r.chance(0.3) ? '&deleted=only' : ''}`, headers };
    case 10: return { method: 'GET', path: `/api/reports.csv?${r.chance(0.5) ? pm : 'bom=1&hxl=1'}`, headers: {} };
    default: return { method: 'GET', path: r.pick(['/api/facets', '/api/health', '/api/session', '/']), headers };
  }
}

function makeRequest(r: Rng, liveIds: number[], creds: Creds): Req {
  const { cookie } = creds;
  if (r.chance(0.3)) return plausibleRequest(r, liveIds, creds);
  const api = r.chance(0.9);
  let p = api ? r.pick(API_PATHS) : r.pick(STATIC_PATHS);
  const id = r.chance(0.6) && liveIds.length > 0 ? String(r.pick(liveIds)) : r.pick(IDS);
  p = p.replace('{id}', id);
  if (r.chance(0.5)) {
    const parts = Array.from({ length: 1 + r.int(4) }, () => {
      const key = r.pick(QUERY_KEYS);
      return r.chance(0.1) ? key : `${key}=${r.chance(0.8) ? encodeURIComponent(r.pick(QUERY_VALUES)).replace(/%25/g, r.chance(0.5) ? '%' : '%25') : r.pick(QUERY_VALUES)}`;
    });
    p += `?${parts.join(r.pick(['&', '&', '&&', ';']))}`;
  }
  // Raw values may hold spaces or non-ASCII, which no client can put on the request line: encode those only.
  p = p.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
  const routeWrites = /\/(reports|import|session|rename|restore|accounts|tokens|account|invitations)/.test(p);
  const method = routeWrites && r.chance(0.6) ? r.pick(['POST', 'PUT', 'DELETE', 'POST', 'PATCH']) : r.pick(['GET', 'GET', 'GET', 'HEAD', 'OPTIONS', 'POST', 'TRACE']);
  const headers: Record<string, string> = {};
  const auth = r.int(10);
  if (auth < 5) headers.authorization = `Bearer ${r.pick([TOKEN, TOKEN, creds.admin.token, creds.editor.token])}`;
  else if (auth === 5) headers.authorization = r.pick(['Bearer wrong-token-000000000000', 'Bearer', 'Basic dXNlcjpwYXNz', `bearer ${TOKEN} extra`, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${creds.editor.token}x`, `Bearer ${creds.admin.token.slice(0, 20)}`]);
  else if (auth === 6) {
    headers.cookie = r.chance(0.7) ? `tally_session=${cookie}` : r.pick(['tally_session=forged', 'tally_session=', '__proto__=1; tally_session=x']);
    if (r.chance(0.6)) headers.origin = r.pick(['http://evil.example', 'null', 'http://127.0.0.1']);
    if (r.chance(0.4)) headers['sec-fetch-site'] = r.pick(['same-origin', 'cross-site', 'none']);
  }
  if (r.chance(0.2)) headers['if-match'] = r.pick(['1', '"2"', 'W/"1"', '*', 'abc', '99999999999999999999', '"', '1, 2']);
  let body: Buffer | undefined;
  // TRACE must not carry a body (RFC 9110); Node's parser closes such a connection.
  if (method !== 'GET' && method !== 'HEAD' && method !== 'TRACE' && r.chance(0.9)) {
    const kind = r.int(20);
    let text: string;
    if (kind < 6) text = mutate(r, validReport(r));
    else if (kind < 8) text = JSON.stringify(validReport(r));
    else if (kind < 10) text = randomJson(r);
    else if (kind < 12) text = mutate(r, validReport(r)).slice(0, r.int(40));
    else if (kind < 14) text = csvBody(r);
    else if (kind === 14) text = JSON.stringify(r.pick([
      { name: r.pick(['Fuzz Admin', 'fuzz admin', '', 'x'.repeat(200), '<b>']), password: r.pick([PASSWORD, 'nope', '', 'x'.repeat(900)]) },
      { secret: r.pick(['nope', '', TOKEN]), password: r.pick([PASSWORD, 'short']), name: 'Fuzz New' },
      { current_password: r.pick([PASSWORD, 'wrong']), password: r.pick(['password1234', 'short', 'x'.repeat(300)]) },
      { name: r.pick(['Fuzz Person', '', 'Fuzz Admin']), role: r.pick(['editor', 'admin', 'root']) },
    ]));
    else if (kind === 15) text = JSON.stringify({ field: r.pick(['source', 'party', 'id']), from: r.pick(['Fuzz 1', 'AFP', 'nobody']), to: r.pick(['Fuzz 2', 'AFP', '']), dry_run: r.chance(0.8) });
    else if (kind === 16) text = r.chance(0.5) ? `{"quote":"${'x'.repeat(70_000)}"}` : `${CSV_HEADER}\n${'x,'.repeat(140_000)}`;
    else if (kind === 17) text = '['.repeat(3000) + ']'.repeat(3000);
    else if (kind === 18) text = String.fromCharCode(...Array.from({ length: r.int(200) }, () => r.int(256)));
    else text = '';
    body = Buffer.from(text, kind === 18 ? 'latin1' : 'utf8');
    const ct = /\/import/.test(p) && r.chance(0.6) ? 'text/csv' : r.chance(0.7) ? 'application/json' : r.pick(CONTENT_TYPES);
    if (ct !== undefined) headers['content-type'] = ct;
  }
  return { method, path: p, headers, body };
}

interface Res { status: number; body: Buffer; headers: http.IncomingHttpHeaders }

function send(agent: http.Agent, port: number, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const chunked = req.body !== undefined && req.body.length > 0 && req.body.length % 3 === 0;
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined && !chunked) headers['content-length'] = req.body.length;
    // Node's client frames a DELETE's (or GET's) body only when told to: without this header the body
    // bytes would reach the server as the start of a second, malformed request on the connection.
    if (chunked) headers['transfer-encoding'] = 'chunked';
    const c = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', reject);
    });
    c.on('error', reject);
    if (req.body !== undefined) c.write(req.body);
    c.end();
  });
}

describe('HTTP fuzzing', () => {
  const dir = tempDir('tally-fuzz-');
  const file = path.join(dir, 'tally.db');
  const logLines: string[] = [];
  const db = openDatabase(file);
  const app = createApp(db, {
    token: TOKEN,
    logger: pino({ level: 'warn' }, new Writable({ write(chunk: Buffer, _e, done) { logLines.push(chunk.toString()); done(); } })),
    // High enough that wrong tokens keep reaching the routes; the limit itself is tested in security.test.ts.
    authFailLimit: 1_000_000,
    importLimitBytes: 200_000,
  });
  const watcher = new Database(file, { readonly: true });
  // What a refused request must leave as it was: the reports (the counter moves on every change to
  // one), the accounts, the tokens (but their last use) and the invitations.
  const stateOf = watcher.prepare(`SELECT json_array((SELECT version FROM data_version),
    (SELECT json_group_array(json_array(id, name, role, password_hash, disabled)) FROM accounts),
    (SELECT json_group_array(json_array(id, revoked_at)) FROM api_tokens),
    (SELECT json_group_array(json_array(id, used_at, voided_at)) FROM invitations))`).pluck();
  const dataVersion = () => stateOf.get() as string;
  const server = http.createServer(app);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let port = 0;

  // Every file of the built folder: a 200 outside /api must be one of them.
  const builtFiles = new Set<string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else builtFiles.add(fs.readFileSync(full).toString('base64'));
    }
  };

  beforeAll(async () => {
    await loadSeed(createStore(db));
    walk(DEFAULT_WEB_ROOT);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    watcher.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`${REQUESTS} random requests: no 5xx, the server stays up, the database changes only on a 2xx write`, async () => {
    const r = rng(SEED);
    const started = Date.now();
    const store = createStore(db);
    const admin = await addAccount({ store }, 'Fuzz Admin', 'admin');
    const editor = await addAccount({ store }, 'Fuzz Editor', 'editor');
    const signIn = await send(agent, port, { method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ name: 'Fuzz Admin', password: PASSWORD })) });
    expect(signIn.status).toBe(201);
    const creds: Creds = { cookie: /tally_session=([^;]+)/.exec(String(signIn.headers['set-cookie']))![1]!, admin, editor };
    const liveIds = (db.prepare('SELECT id FROM reports').pluck().all() as number[]);
    const statuses = new Map<number, number>();
    let writes2xx = 0;
    let changes = 0;
    let resets = 0;

    for (let i = 0; i < REQUESTS; i++) {
      const req = makeRequest(r, liveIds, creds);
      if (process.env.FUZZ_TRACE) console.log(i, req.method, req.path, JSON.stringify(req.headers), req.body?.length);
      const before = dataVersion();
      let res: Res;
      try {
        res = await send(agent, port, req);
      } catch {
        // A keep-alive connection the server closed after an answer it sent before reading the whole body
        // (413, 415): the request may be retried once on a new connection; a second failure is a failure.
        resets++;
        try {
          res = await send(new http.Agent({ keepAlive: false }), port, req);
        } catch (e) {
          throw new Error(`request ${i} (FUZZ_SEED=${SEED}) ${req.method} ${req.path} failed at the socket twice: ${(e as Error).message}`);
        }
      }
      const changed = dataVersion() !== before;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const is2xxWrite = WRITE_METHODS.has(req.method) && res.status >= 200 && res.status < 300;
      if (is2xxWrite) writes2xx++;
      if (changed) changes++;
      const where = `request ${i} (FUZZ_SEED=${SEED}): ${req.method} ${req.path} ${JSON.stringify(req.headers)} body ${req.body?.subarray(0, 300).toString()} -> ${res.status} ${res.body.subarray(0, 300).toString()}`;
      if (res.status >= 500) throw new Error(`5xx: ${where}`);
      if (changed && !is2xxWrite) throw new Error(`the database changed without a 2xx write: ${where}`);
      if (req.method === 'POST' && req.path.split('?')[0] === '/api/reports' && res.status === 201) {
        if (!changed) throw new Error(`a 201 create left the database unchanged: ${where}`);
        liveIds.push((JSON.parse(res.body.toString()) as { id: number }).id);
      }
      if (res.status === 200 && !/^\/api(\/|$|\?)/i.test(req.path) && req.method === 'GET' && !builtFiles.has(res.body.toString('base64'))) {
        throw new Error(`a 200 outside /api that is not a built file: ${where}`);
      }
      if (res.status >= 400 && req.method !== 'HEAD' && res.body.length > 0) {
        const err = JSON.parse(res.body.toString()) as { error?: unknown; message?: unknown };
        if (typeof err.error !== 'string' || typeof err.message !== 'string') throw new Error(`an error without the error shape: ${where}`);
      }
    }

    const health = await send(new http.Agent({ keepAlive: false }), port, { method: 'GET', path: '/api/health', headers: {} });
    expect(health.status).toBe(200);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(logLines.filter((l) => /unhandled error|"level":50/.test(l))).toEqual([]);
    const seconds = (Date.now() - started) / 1000;
    // The run's figures, for docs/testing.md.
    console.log(`fuzz: ${REQUESTS} requests in ${seconds.toFixed(1)} s (seed ${SEED}); 2xx writes ${writes2xx}, database changes ${changes}; connection resets retried ${resets}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(writes2xx).toBeGreaterThan(100);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  }, 120_000);
});
