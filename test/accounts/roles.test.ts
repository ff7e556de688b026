// Roles on the server: every route the app serves is in the one route table (server/http/access.ts),
// and every write route × every kind of credential gets the status the table means, with nothing
// stored on a refusal. Expired sessions come from an injected clock.
import { ROUTE_ACCESS } from '../../server/http/access';
import type { Access } from '../../server/http/auth';
import { createToken, inviteAccount } from '../../server/accounts/accounts';
import { ReportInput } from '../../server/domain/report';
import { PASSWORD, TOKEN, addAccount, incident, signIn, testApp, testClock, type TestAccount, type TestApp } from '../helpers';
import { servedRoutes } from '../support/served-routes';

const HOUR = 60 * 60 * 1000;

test('every route the app serves has an entry in the route table, and the guarded router refuses a route without one', () => {
  const t = testApp();
  try {
    const served = servedRoutes(t.app).map((r) => `${r.method} ${r.path}`);
    expect(served.length).toBeGreaterThan(30);
    const missing = served.filter((key) => !(key in ROUTE_ACCESS));
    expect(missing).toEqual([]);
    // Every write route needs at least an editor, but for the session and the invitation links.
    const writes = served.filter((k) => !k.startsWith('GET '));
    expect(writes.filter((k) => ROUTE_ACCESS[k as keyof typeof ROUTE_ACCESS] === 'public').sort()).toEqual([
      'DELETE /api/session', 'POST /api/invitations/accept', 'POST /api/invitations/lookup', 'POST /api/session',
    ]);
  } finally {
    t.close();
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { guardedRouter } = require('../../server/http/access') as typeof import('../../server/http/access');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require('express') as typeof import('express');
  const r = guardedRouter(express.Router(), { require: () => (_q: unknown, _s: unknown, n: () => void) => n() } as never);
  expect(() => r.post('/reports/:id/publish', () => undefined)).toThrow('POST /api/reports/:id/publish has no entry in ROUTE_ACCESS (server/http/access.ts): say who may use it');
});

type Cred = 'anonymous' | 'editor' | 'admin' | 'revoked token' | 'disabled account' | 'bootstrap token'
  | 'prefix of a valid token' | 'valid token + 1 character' | 'expired session';
const CREDS: Cred[] = ['anonymous', 'editor', 'admin', 'revoked token', 'disabled account', 'bootstrap token',
  'prefix of a valid token', 'valid token + 1 character', 'expired session'];

interface Prepared { path: string; body?: unknown; type?: string }

describe('the role matrix: every write route × every kind of credential', () => {
  const clock = testClock();
  let t: TestApp;
  let editor: TestAccount;
  let admin: TestAccount;
  let expiredCookie: string;
  const headers: Record<Cred, Record<string, string>> = {} as never;
  /** Each account's password as the password-change cases leave it. */
  const passwords = new Map<string, string>();
  let n = 0;

  beforeAll(async () => {
    // High enough that wrong credentials keep reaching the guards; the limit itself is tested elsewhere.
    t = testApp({ clock: clock.now, authFailLimit: 100_000 });
    editor = await addAccount(t, 'Matrix Editor', 'editor');
    admin = await addAccount(t, 'Matrix Admin', 'admin');
    const gone = await addAccount(t, 'Matrix Disabled', 'editor');
    t.store.setDisabled(gone.id, true);
    const revoked = createToken({ store: t.store, by: { id: null, name: 'test' }, address: null }, t.store.accountById(admin.id)!, 'old script');
    t.store.revokeApiToken(revoked.id, 'test');
    // A session of the admin, then a day and an hour without use.
    expiredCookie = await signIn(t, admin.name);
    clock.advance(25 * HOUR);
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    Object.assign(headers, {
      anonymous: {},
      editor: editor.auth,
      admin: admin.auth,
      'revoked token': bearer(revoked.token),
      'disabled account': gone.auth,
      'bootstrap token': bearer(TOKEN),
      'prefix of a valid token': bearer(admin.token.slice(0, -1)),
      'valid token + 1 character': bearer(`${admin.token}A`),
      'expired session': { Cookie: expiredCookie, 'Sec-Fetch-Site': 'same-origin' },
    });
    passwords.set(editor.name, PASSWORD);
    passwords.set(admin.name, PASSWORD);
  });
  afterAll(() => t.close());

  const report = (over: Record<string, unknown> = {}) => t.store.insertReport(ReportInput.parse(incident({ value: 5, location: `Place ${++n}`, ...over })), 'test');
  const newAccount = () => t.store.createAccount(`Target ${++n}`, 'editor')!;
  const invitation = () => inviteAccount({ store: t.store, by: { id: null, name: 'test' }, address: null }, newAccount()).secret;

  /** A fresh target for each request, so that every credential meets the same situation. */
  const ROUTES: Record<string, (cred: Cred) => Prepared> = {
    'POST /api/reports': () => ({ path: '/api/reports', body: incident({ value: 3 }) }),
    'PUT /api/reports/:id': () => ({ path: `/api/reports/${report().id}`, body: incident({ value: 4 }) }),
    'DELETE /api/reports/:id': () => ({ path: `/api/reports/${report().id}` }),
    'POST /api/reports/:id/restore': () => {
      const id = report().id;
      t.store.deleteReport(id, 'test');
      return { path: `/api/reports/${id}/restore` };
    },
    'POST /api/import': () => ({ path: '/api/import', type: 'text/csv', body: `source,party,metric,kind,date,value\r\nImported ${++n},Civilians,killed,incident,2021-12-03,2\r\n` }),
    'POST /api/rename': () => {
      const from = `Source ${++n}`;
      report({ source: from });
      return { path: '/api/rename', body: { field: 'source', from, to: `${from} renamed` } };
    },
    'POST /api/session': () => ({ path: '/api/session', body: { name: editor.name, password: passwords.get(editor.name) } }),
    'DELETE /api/session': () => ({ path: '/api/session' }),
    'POST /api/invitations/lookup': () => ({ path: '/api/invitations/lookup', body: { secret: invitation() } }),
    'POST /api/invitations/accept': () => ({ path: '/api/invitations/accept', body: { secret: invitation(), password: 'violet-harbour-Mykolaiv-7' } }),
    'PUT /api/account/password': (cred) => {
      const name = cred === 'editor' ? editor.name : admin.name;
      const next = `fresh-cobalt-phrase-${++n}-Sumy`;
      return { path: '/api/account/password', body: { current_password: passwords.get(name), password: next } };
    },
    'POST /api/tokens': () => ({ path: '/api/tokens', body: { name: `script ${++n}` } }),
    'DELETE /api/tokens/:id': () => {
      const token = createToken({ store: t.store, by: { id: null, name: 'test' }, address: null }, t.store.accountById(editor.id)!, `to revoke ${++n}`);
      return { path: `/api/tokens/${token.id}` };
    },
    'POST /api/accounts': () => ({ path: '/api/accounts', body: { name: `Invited ${++n}`, role: 'editor' } }),
    'PATCH /api/accounts/:id': () => ({ path: `/api/accounts/${newAccount().id}`, body: { role: 'admin' } }),
    'POST /api/accounts/:id/invitation': () => ({ path: `/api/accounts/${newAccount().id}/invitation` }),
    'POST /api/accounts/:id/sign-out': () => ({ path: `/api/accounts/${newAccount().id}/sign-out` }),
    'POST /api/import/preview': () => ({ path: '/api/import/preview?recipe=lebanon-daily', type: 'application/json', body: '[]' }),
    'POST /api/recipes': () => ({ path: '/api/recipes', body: { name: `desk-${++n}`, recipe: { format: 'csv' } } }),
    'PUT /api/recipes/:name': () => {
      const name = `desk-${++n}`;
      t.store.createRecipe(name, { format: 'csv' }, 'test');
      return { path: `/api/recipes/${name}`, body: { recipe: { format: 'csv', delimiter: ';' } } };
    },
    'DELETE /api/recipes/:name': () => {
      const name = `desk-${++n}`;
      t.store.createRecipe(name, { format: 'csv' }, 'test');
      return { path: `/api/recipes/${name}` };
    },
  };

  const OK: Record<string, number> = {
    'POST /api/reports': 201, 'PUT /api/reports/:id': 200, 'DELETE /api/reports/:id': 204, 'POST /api/reports/:id/restore': 200,
    'POST /api/import': 200, 'POST /api/rename': 200, 'POST /api/session': 201, 'DELETE /api/session': 204,
    'POST /api/invitations/lookup': 200, 'POST /api/invitations/accept': 201, 'PUT /api/account/password': 200,
    'POST /api/tokens': 201, 'DELETE /api/tokens/:id': 204, 'POST /api/accounts': 201, 'PATCH /api/accounts/:id': 200,
    'POST /api/accounts/:id/invitation': 201, 'POST /api/accounts/:id/sign-out': 200,
    'POST /api/import/preview': 200, 'POST /api/recipes': 201, 'PUT /api/recipes/:name': 200, 'DELETE /api/recipes/:name': 204,
  };
  /** Routes about the caller's own account: the bootstrap token has none. */
  const OWN_ACCOUNT = new Set(['PUT /api/account/password', 'POST /api/tokens']);

  /** The status the route table means for this credential. */
  function expected(route: string, cred: Cred): number {
    const access: Access = ROUTE_ACCESS[route as keyof typeof ROUTE_ACCESS];
    // A bearer token that is not a live one is refused on every route, public ones included.
    if (['revoked token', 'disabled account', 'prefix of a valid token', 'valid token + 1 character'].includes(cred)) return 401;
    if (access === 'public') return OK[route]!;
    if (cred === 'anonymous' || cred === 'expired session') return 401;
    if (cred === 'editor') return access === 'admin' ? 403 : OK[route]!;
    if (cred === 'bootstrap token' && OWN_ACCOUNT.has(route)) return 403;
    return OK[route]!;
  }

  /** Everything a write could change, but the audit log (which records refusals, by design) and when a
   *  session or token was last used. */
  const stored = () => JSON.stringify(['reports', 'revisions', 'accounts', 'invitations', 'recipes', 'recipe_revisions'].map((table) => t.db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all())
    .concat([t.db.prepare('SELECT id, account_id, name, secret_hash, created_at, revoked_at FROM api_tokens ORDER BY id').all(),
      t.db.prepare('SELECT id_hash, account_id, created_at, expires_at, ended_at FROM sessions ORDER BY id_hash').all()]));

  test('the matrix covers every write route the app serves', () => {
    const writes = servedRoutes(t.app).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(ROUTES).sort()).toEqual([...writes].sort());
  });

  const cases = Object.keys(ROUTES).flatMap((route) => CREDS.map((cred) => [route, cred] as const));

  test.each(cases)('%s with %s', async (route, cred) => {
    const { path, body, type } = ROUTES[route]!(cred);
    const method = route.split(' ')[0]!.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
    const before = stored();
    let req = t.http[method](path).set(headers[cred]);
    req = type ? req.set('Content-Type', type).send(body as string) : req.set('Content-Type', 'application/json').send(JSON.stringify(body ?? {}));
    const res = await req;
    const want = expected(route, cred);
    expect([route, cred, res.status]).toEqual([route, cred, want]);
    if (want >= 400) {
      expect(res.body.error).toBe(want === 401 ? 'unauthorized' : 'forbidden');
      expect(stored()).toEqual(before);
    }
    if (route === 'PUT /api/account/password' && want === 200) {
      passwords.set(cred === 'editor' ? editor.name : admin.name, (body as { password: string }).password);
    }
  });

  test('the refusals say why: a revoked token names itself, an expired session says it ended, an editor is told the role needed', async () => {
    const revoked = await t.http.post('/api/reports').set(headers['revoked token']).send(incident());
    expect(revoked.body.message).toMatch(/^That token \("old script"\) was revoked on \d{4}-\d{2}-\d{2}\.$/);
    // (The matrix's expired session was signed out by its DELETE /api/session case: a fresh one.)
    const idle = await signIn(t, editor.name, passwords.get(editor.name));
    clock.advance(25 * HOUR);
    const expired = await t.http.post('/api/reports').set({ Cookie: idle, 'Sec-Fetch-Site': 'same-origin' }).send(incident());
    expect(expired.body).toEqual({ error: 'unauthorized', message: 'Your session ended after a day without use: sign in again.' });
    const forbidden = await t.http.post('/api/rename').set(editor.auth).send({ field: 'source', from: 'A', to: 'B' });
    expect(forbidden.body).toEqual({ error: 'forbidden', message: 'This needs an admin account; Matrix Editor is an editor.' });
    const prefix = await t.http.get('/api/reports').set(headers['prefix of a valid token']);
    expect([prefix.status, prefix.body]).toEqual([401, { error: 'unauthorized', message: 'That token is not valid.' }]);
    // The use of the revoked token is in the audit log.
    const audit = await t.http.get('/api/audit?event=revoked_token_used&limit=1').set(admin.auth);
    expect(audit.body.items[0]).toMatchObject({ event: 'revoked_token_used', subject: { id: admin.id, name: admin.name }, details: { token_name: 'old script' } });
  });

  test('an editor\'s admin-only reads are refused too; the bootstrap token reads them', async () => {
    for (const path of ['/api/accounts', '/api/audit', `/api/accounts/${editor.id}/tokens`]) {
      expect([path, (await t.http.get(path).set(editor.auth)).status]).toEqual([path, 403]);
      expect([path, (await t.http.get(path).set(t.auth)).status]).toEqual([path, 200]);
    }
  });
});
