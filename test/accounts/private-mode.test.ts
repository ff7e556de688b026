// TALLY_READ=accounts: an anonymous request to every route the app serves, and to every built file,
// gets 401 and no data, except the sign-in page, its assets and /api/health ({ ok: true }, no counts);
// pages answer 401 with the sign-in page as the body; with a token or a session, 200; every answer is
// Cache-Control: private, no-store.
import fs from 'node:fs';
import path from 'node:path';
import { ROUTE_ACCESS } from '../../server/http/access';
import { DEFAULT_WEB_ROOT, SIGN_IN_ASSETS } from '../../server/http/app';
import { ReportInput } from '../../server/domain/report';
import { addAccount, incident, signIn, testApp, type TestAccount, type TestApp } from '../helpers';
import { servedRoutes } from '../support/served-routes';

const SECRET_SOURCE = 'Unpublished Desk Source';
const PRIVATE = { error: 'unauthorized', message: 'This instance is private: sign in, or send a personal API token (Authorization: Bearer <token>).' };
const PM = `party=${encodeURIComponent('Ukrainian forces')}&metric=killed`;

let t: TestApp;
let editor: TestAccount;
let admin: TestAccount;
let cookie: string;
let reportId = 0;
const signInPage = fs.readFileSync(path.join(DEFAULT_WEB_ROOT, 'sign-in.html'), 'utf8');

beforeAll(async () => {
  // Every route is walked anonymously: more refusals than the per-address limit allows in a window.
  t = testApp({ readMode: 'accounts', authFailLimit: 1000 });
  editor = await addAccount(t, 'Newsroom Editor', 'editor');
  admin = await addAccount(t, 'Newsroom Admin', 'admin');
  reportId = t.store.insertReport(ReportInput.parse(incident({ source: SECRET_SOURCE, quote: 'Not yet published.' })), 'test').id;
  cookie = await signIn(t, editor.name);
  t.store.createRecipe('newsroom-sheet', { format: 'csv' }, 'test');
});
afterAll(() => t.close());

/** A concrete path for a route pattern, with the query its reads require. */
function concrete(route: string): string {
  const p = route.replace(':name', 'newsroom-sheet').replace(':id', route.includes('/accounts/') ? String(editor.id) : route.includes('/tokens/') ? '1' : String(reportId));
  return ['/api/series', '/api/events', '/api/compare', '/api/disagreements', '/embed'].includes(p) ? `${p}?${PM}` : p;
}

const builtFiles = (): string[] => {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${e.name}/`);
      else out.push(`${prefix}${e.name}`);
    }
  };
  walk(DEFAULT_WEB_ROOT, '/');
  return out;
};

function expectPrivateHeaders(res: { headers: Record<string, unknown> }, what: string): void {
  expect([what, res.headers['cache-control'], res.headers.etag]).toEqual([what, 'private, no-store', undefined]);
}

test('anonymously, every API route but the public ones answers 401 with no data', async () => {
  const routes = servedRoutes(t.app);
  expect(routes.length).toBeGreaterThan(30);
  let checked = 0;
  for (const { method, path: route } of routes) {
    const access = ROUTE_ACCESS[`${method} ${route}` as keyof typeof ROUTE_ACCESS];
    if (access === 'public') continue;
    const p = concrete(route);
    const res = await t.http[method.toLowerCase() as 'get'](p).set('Content-Type', 'application/json').send(method === 'GET' ? undefined : '{}');
    // Reads say the instance is private; writes that an account is needed. Nothing else is in the answer.
    const expected = access === 'reader' ? PRIVATE : { error: 'unauthorized', message: 'This needs an account: sign in, or send a personal API token (Authorization: Bearer <token>).' };
    expect([method, p, res.status, res.body]).toEqual([method, p, 401, expected]);
    expect(res.text).not.toContain(SECRET_SOURCE);
    expectPrivateHeaders(res, `${method} ${p}`);
    checked++;
  }
  expect(checked).toBeGreaterThan(25);
  // An API path that does not exist is 401 too: nothing tells an anonymous visitor what is there.
  expect((await t.http.get('/api/nope')).body).toEqual(PRIVATE);
});

test('/api/health answers { ok: true } alone anonymously, with the count to a reader', async () => {
  const anonymous = await t.http.get('/api/health');
  expect([anonymous.status, anonymous.body]).toEqual([200, { ok: true }]);
  expectPrivateHeaders(anonymous, 'health');
  expect((await t.http.get('/api/health').set(editor.auth)).body).toEqual({ ok: true, reports: 1 });
});

test('with a token (or a session), every read answers 200, and the admin\'s reads only to an admin', async () => {
  for (const { method, path: route } of servedRoutes(t.app).filter((r) => r.method === 'GET')) {
    const access = ROUTE_ACCESS[`GET ${route}` as keyof typeof ROUTE_ACCESS];
    const p = concrete(route);
    const asEditor = await t.http.get(p).set(editor.auth);
    expect([p, asEditor.status]).toEqual([p, access === 'admin' ? 403 : 200]);
    expectPrivateHeaders(asEditor, `${method} ${p}`);
    const asAdmin = await t.http.get(p).set(admin.auth);
    expect([p, asAdmin.status]).toEqual([p, 200]);
    expectPrivateHeaders(asAdmin, `${method} ${p}`);
  }
  const list = await t.http.get('/api/reports').set('Cookie', cookie);
  expect(list.body.items.map((r: { source: string }) => r.source)).toEqual([SECRET_SOURCE]);
  expect((await t.http.get('/api/reports.csv').set(editor.auth)).text).toContain(SECRET_SOURCE);
});

test('pages and every built file but the sign-in page\'s assets answer 401 anonymously, with the sign-in page as the body', async () => {
  const files = builtFiles();
  expect(files).toEqual(expect.arrayContaining(['/index.html', '/app.js', '/sign-in.html', '/sign-in.js', '/styles.css']));
  for (const p of [...files, '/', '/?party=Civilians', '/nope', '/reports/1']) {
    const res = await t.http.get(p);
    expectPrivateHeaders(res, p);
    if (SIGN_IN_ASSETS.has(p)) {
      expect([p, res.status]).toEqual([p, 200]);
    } else {
      expect([p, res.status, res.headers['content-type'], res.headers.location]).toEqual([p, 401, 'text/html; charset=utf-8', undefined]);
      expect(res.text).toBe(signInPage);
    }
    expect(res.text ?? '').not.toContain(SECRET_SOURCE);
  }
  // The sign-in page loads nothing that is not an allowed asset.
  const refs = [...signInPage.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(refs.every((r) => SIGN_IN_ASSETS.has(r))).toBe(true);
});

test('signed in, the dashboard and its files load, privately', async () => {
  for (const p of ['/', '/index.html', '/app.js']) {
    const res = await t.http.get(p).set('Cookie', cookie);
    expect([p, res.status]).toEqual([p, 200]);
    expectPrivateHeaders(res, p);
  }
});

test('a public instance still lets shared caches keep its public reads', async () => {
  const pub = testApp();
  try {
    const res = await pub.http.get('/api/facets');
    expect(res.headers['cache-control']).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=30');
    expect((await pub.http.get('/api/health')).body).toEqual({ ok: true, reports: 0 });
  } finally {
    pub.close();
  }
});
