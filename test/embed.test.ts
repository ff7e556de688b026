// GET /embed: the page of one chart, framed only by this server's pages and the origins of
// TALLY_EMBED_ORIGINS (validated at start-up); its query checked like every read's.
import { readConfig } from '../server/config';
import { testApp } from './helpers';

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
