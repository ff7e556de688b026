// GET /embed: the page of one chart, framed only by this server's pages and the origins of
// TALLY_EMBED_ORIGINS (validated at start-up); its query checked like every read's.
import { readConfig } from '../server/config';
import { addAccount, signIn, tally, testApp } from './helpers';

const PM = `party=${encodeURIComponent('Ukrainian forces')}&metric=killed`;

/** The CSP's directives by name. */
const directives = (header: unknown) => Object.fromEntries(String(header).split(';').map((d) => {
  const [name, ...values] = d.trim().split(/\s+/);
  return [name, values.join(' ')];
}));

test('by default only this server\'s own pages may frame the embed; the rest of the policy is the dashboard\'s', async () => {
  const t = testApp();
  try {
    const embed = await t.http.get(`/embed?${PM}`);
    expect([embed.status, embed.headers['content-type'], embed.headers['x-frame-options']]).toEqual([200, 'text/html; charset=utf-8', undefined]);
    expect(embed.text).toContain('<script type="module" src="/embed.js"></script>');
    const dashboard = await t.http.get('/');
    const mine = directives(embed.headers['content-security-policy']);
    const theirs = directives(dashboard.headers['content-security-policy']);
    expect(mine['frame-ancestors']).toBe("'self'");
    expect(theirs['frame-ancestors']).toBe("'none'");
    expect({ ...mine, 'frame-ancestors': "'none'" }).toEqual(theirs);
    expect(dashboard.headers['x-frame-options']).toBe('SAMEORIGIN');
  } finally {
    t.close();
  }
});

test('TALLY_EMBED_ORIGINS names the sites that may frame it', async () => {
  const t = testApp({ embedOrigins: ['https://news.example.org', 'http://127.0.0.1:8080'] });
  try {
    const embed = await t.http.get(`/embed?${PM}&chart=estimates`);
    expect(directives(embed.headers['content-security-policy'])['frame-ancestors']).toBe("'self' https://news.example.org http://127.0.0.1:8080");
  } finally {
    t.close();
  }
});

test('a bad query is refused like any read\'s: every field at once', async () => {
  const t = testApp();
  try {
    const res = await t.http.get('/embed?metric=dead&chart=pie&period_start=2021-02-30');
    expect([res.status, res.body.error, res.body.fields]).toEqual([400, 'validation_failed', {
      party: ['required'], metric: ['must be one of killed, wounded, casualties, missing, captured, troops, given once'],
      chart: ['must be one of main, estimates, given once'], period_start: ['must be a real date written YYYY-MM-DD'],
    }]);
  } finally {
    t.close();
  }
});

test.each([
  ['', []],
  ['https://news.example.org', ['https://news.example.org']],
  ['https://a.example, http://127.0.0.1:8080  https://b.example:8443', ['https://a.example', 'http://127.0.0.1:8080', 'https://b.example:8443']],
  ['*', ['*']],
])('TALLY_EMBED_ORIGINS=%j is read as %j', (value, origins) => {
  expect(readConfig({ TALLY_EMBED_ORIGINS: value }).TALLY_EMBED_ORIGINS).toEqual(origins);
});

test.each([
  'news.example.org', 'https://news.example.org/', 'https://news.example.org/path', 'ftp://x.example', "https://x.example'; script-src *", 'https://user@x.example',
])('TALLY_EMBED_ORIGINS=%j stops the server with a sentence', (value) => {
  expect(() => readConfig({ TALLY_EMBED_ORIGINS: value })).toThrow(/TALLY_EMBED_ORIGINS=.*is not an origin: write scheme:\/\/host\[:port\], e\.g\. https:\/\/news\.example\.org/);
});

describe('on a private instance (TALLY_READ=accounts) the feed, the change feed, the embed and the description are read like every other route', () => {
  const ROUTES = ['/feed.atom', `/embed?${PM}`, '/api/changes', '/api/openapi.json', '/api/docs'];
  const PRIVATE = { error: 'unauthorized', message: 'This instance is private: sign in, or send a personal API token (Authorization: Bearer <token>).' };

  test.each(ROUTES)('%s: 401 anonymously, 200 with a session or an Authorization header, never with a token in the address', async (route) => {
    const t = testApp({ readMode: 'accounts', embedOrigins: ['https://news.example.org'] });
    try {
      const reader = await addAccount(t, 'Desk Reader', 'editor');
      const cookie = await signIn(t, reader.name);
      const anonymous = await t.http.get(route);
      expect([anonymous.status, anonymous.body, anonymous.headers['cache-control']]).toEqual([401, PRIVATE, 'private, no-store']);
      const inAddress = await t.http.get(`${route}${route.includes('?') ? '&' : '?'}access_token=${reader.token}`);
      expect(inAddress.status).toBe(401);
      const withToken = await t.http.get(route).set(reader.auth);
      expect([withToken.status, withToken.headers['cache-control']]).toEqual([200, 'private, no-store']);
      expect(withToken.headers.etag).toBeUndefined();
      expect((await t.http.get(route).set('Cookie', cookie)).status).toBe(200);
    } finally {
      t.close();
    }
  });

  test('a signed-in reader of the change feed learns who made each change', async () => {
    const t = testApp({ readMode: 'accounts' });
    try {
      const editor = await addAccount(t, 'Night Editor', 'editor');
      await t.http.post('/api/reports').set(editor.auth).send(tally()).expect(201);
      const page = await t.http.get('/api/changes').set(editor.auth);
      expect(page.body.items.map((c: { who?: string; action: string }) => [c.action, c.who])).toEqual([['create', 'Night Editor']]);
    } finally {
      t.close();
    }
  });
});
