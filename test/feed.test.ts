// GET /feed.atom: Atom 1.0 of the 50 live reports changed last, with the list's filters, read by a real
// feed parser (@rowanmanning/feed-parser); every entry a sentence with its quote, source link and
// permalink; hostile text escaped; ETag and 304.
import { parseFeed } from '@rowanmanning/feed-parser';
import { createStore } from '../server/db/store';
import { escapeMarkup } from '../server/http/markup';
import { loadSeed } from '../server/seed';
import { incident, tally, testApp, type TestApp } from './helpers';

let t: TestApp;
beforeEach(async () => {
  t = testApp();
  await loadSeed(createStore(t.db));
});
afterEach(() => t.close());

type Parsed = ReturnType<typeof parseFeed>;
type Item = Parsed['items'][number];

/** The entry's HTML content as the XML holds it (decoded once: the parser's own `content` decodes the
 *  entities of the HTML a second time, which would hide whether its text was escaped). */
const contentHtml = (item: Item) => item.element.findElementWithName('content')!.textContent;

async function feed(query = ''): Promise<{ xml: string; parsed: Parsed; etag: string }> {
  const res = await t.http.get(`/feed.atom${query}`);
  expect([res.status, res.headers['content-type']]).toEqual([200, 'application/atom+xml; charset=utf-8']);
  const xml = res.text;
  return { xml, parsed: parseFeed(xml), etag: String(res.headers.etag) };
}

/** Atom's required elements (RFC 4287 §4.1): the feed's id, title, updated and author; each entry's
 *  id, title, updated, and content or an alternate link. */
function expectRequiredElements(parsed: Parsed): void {
  const root = parsed.element;
  for (const name of ['id', 'title', 'updated', 'author']) expect([name, Boolean(root.findElementWithName(name)?.textContentNormalized)]).toEqual([name, true]);
  for (const item of parsed.items) {
    for (const name of ['id', 'title', 'updated', 'content']) expect([name, Boolean(item.element.findElementWithName(name)?.textContentNormalized)]).toEqual([name, true]);
    expect(item.updated).toBeInstanceOf(Date);
  }
}

const AFP_61 = 'AFP: 61 Ukrainian forces killed from 1 Jan 2021, as of 2 Dec 2021';

test('the seed as a feed: every report a sentence, newest change first, with its quote, source and permalink', async () => {
  const { xml, parsed } = await feed();
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
  expectRequiredElements(parsed);
  expect(parsed.title).toBe('conflict-tally: every report');
  expect(parsed.self).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/feed\.atom$/);
  expect(parsed.items).toHaveLength(9);
  const afp = t.db.prepare("SELECT id, quote, updated_at FROM reports WHERE source = 'AFP' AND value = 61").get() as { id: number; quote: string; updated_at: string };
  const entry = parsed.items.find((i) => i.title === AFP_61)!;
  const base = parsed.self!.replace('/feed.atom', '');
  expect([entry.id, entry.url, entry.updated?.toISOString()]).toEqual([`${base}/?report=${afp.id}`, `${base}/?report=${afp.id}`, afp.updated_at]);
  expect(entry.description).toBe(afp.quote);
  expect(contentHtml(entry)).toContain(`<blockquote><p>${escapeMarkup(afp.quote)}</p></blockquote>`);
  expect(contentHtml(entry)).toContain('<p>Source: AFP, via France 24</p>');
  expect(entry.categories.map((c) => c.term)).toEqual(['Ukrainian forces', 'killed']);
  // Other kinds in words: an incident on its day, an estimate as of its day, a month, a qualifier.
  expect(parsed.items.map((i) => i.title)).toEqual(expect.arrayContaining([
    'Ukrainian army: 1 Ukrainian forces killed on 1 Dec 2021',
    'Ukrainian government: more than 90,000 Russian forces troops as of 2 Dec 2021',
    'Ukrainian government: about 115,000 Russian forces troops as of Oct 2021',
    'France 24: more than 13,000 All parties killed from 1 Apr 2014, as of 2 Dec 2021',
  ]));
});

test('the list\'s filters choose the entries and name the feed; a bad filter is 400', async () => {
  const { parsed } = await feed(`?party=${encodeURIComponent('Russian forces')}&metric=troops`);
  expectRequiredElements(parsed);
  expect(parsed.title).toBe('conflict-tally: Russian forces · troops');
  expect(parsed.items.map((i) => i.title).sort()).toEqual([
    'Ukrainian government: about 115,000 Russian forces troops as of Oct 2021',
    'Ukrainian government: more than 90,000 Russian forces troops as of 2 Dec 2021',
  ]);
  expect(parsed.url).toMatch(/\/\?party=Russian\+forces&metric=troops$/);
  const text = await feed('?q=stockholm');
  expect(text.parsed.items).toHaveLength(0);
  expectRequiredElements(text.parsed);
  // Changed at the same moment (one import): the higher id first.
  expect((await feed('?source=AFP&kind=tally')).parsed.items.map((i) => i.title)).toEqual(['AFP: 50 Ukrainian forces killed from 1 Jan 2020, as of 31 Dec 2020', AFP_61]);
  const bad = await t.http.get('/feed.atom?metric=dead&limit=3');
  expect([bad.status, bad.body.error, Object.keys(bad.body.fields).sort()]).toEqual([400, 'validation_failed', ['limit', 'metric']]);
});

test('the 50 changed last: a correction comes first, a deleted report leaves', async () => {
  for (let i = 0; i < 60; i++) await t.http.post('/api/reports').set(t.auth).send(incident({ date: `2021-11-${String((i % 28) + 1).padStart(2, '0')}`, value: i }));
  const afp = t.db.prepare("SELECT id FROM reports WHERE source = 'AFP' AND value = 61").pluck().get() as number;
  await t.http.put(`/api/reports/${afp}`).set(t.auth).send(tally({ via: 'France 24', value: 62, quote: 'Corrected: 62.' })).expect(200);
  const newest = (t.db.prepare('SELECT max(id) FROM reports').pluck().get() as number);
  await t.http.delete(`/api/reports/${newest}`).set(t.auth).expect(204);
  const { parsed } = await feed();
  expect(parsed.items).toHaveLength(50);
  expect(parsed.items[0]!.title).toBe('AFP: 62 Ukrainian forces killed from 1 Jan 2021, as of 2 Dec 2021');
  const ids = parsed.items.map((i) => Number(/report=(\d+)$/.exec(i.id!)![1]));
  expect(ids).not.toContain(newest);
  const expected = t.db.prepare('SELECT id FROM reports WHERE deleted = 0 ORDER BY updated_at DESC, id DESC LIMIT 50').pluck().all();
  expect(ids).toEqual(expected);
  const updated = parsed.items.map((i) => i.updated!.getTime());
  expect([...updated].sort((a, b) => b - a)).toEqual(updated);
});

test('hostile text stays text: markup, a CDATA end, quotes and ampersands are escaped; control characters are refused before they are stored', async () => {
  const hostile = {
    source: 'A&B <i>Desk</i>',
    quote: '<script>alert("x")</script> ]]> & \'it\' "said" </content></entry>',
    notes: '<img src=x onerror=alert(1)>',
    url: 'https://example.org/a?b=1&c=<2>',
  };
  const created = await t.http.post('/api/reports').set(t.auth).send(tally(hostile));
  expect(created.status).toBe(201);
  const refused = await t.http.post('/api/reports').set(t.auth).send(tally({ quote: 'bell \u0007 here' }));
  expect([refused.status, refused.body.fields]).toEqual([400, { quote: ['must not contain control characters'] }]);

  const { xml, parsed } = await feed('?source=A%26B%20%3Ci%3EDesk%3C%2Fi%3E');
  expect(xml).not.toMatch(/<script|<i>|<img|]]>|<\/content><\/entry>/);
  expectRequiredElements(parsed);
  const [entry] = parsed.items;
  expect(parsed.items).toHaveLength(1);
  expect(entry!.title).toBe('A&B <i>Desk</i>: 61 Ukrainian forces killed from 1 Jan 2021, as of 2 Dec 2021');
  expect(entry!.description).toBe(hostile.quote);
  // The content is HTML whose text is escaped: a reader shows the words, runs nothing.
  const content = contentHtml(entry!);
  expect(content).toContain('<blockquote><p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; &amp; &#39;it&#39; &quot;said&quot; &lt;/content&gt;&lt;/entry&gt;</p></blockquote>');
  expect(content).toContain('<p>Notes: &lt;img src=x onerror=alert(1)&gt;</p>');
  expect(content).toContain('<p>Source: A&amp;B &lt;i&gt;Desk&lt;/i&gt; — <a href="https://example.org/a?b=1&amp;c=&lt;2&gt;">');
  expect(content).not.toMatch(/<script|<img|<i>/);
  // The last guard: a character XML cannot carry never reaches the document.
  expect(escapeMarkup('a\u0001b\ud800c\uffff<')).toBe('a\ufffdb\ufffdc\ufffd&lt;');
});

test('ETag and 304: a second request with If-None-Match is answered without a body until a report changes', async () => {
  const first = await feed();
  const again = await t.http.get('/feed.atom').set('If-None-Match', first.etag);
  expect([again.status, again.text]).toEqual([304, '']);
  await t.http.post('/api/reports').set(t.auth).send(incident({ date: '2021-12-03' }));
  const changed = await t.http.get('/feed.atom').set('If-None-Match', first.etag);
  expect(changed.status).toBe(200);
  expect(changed.headers.etag).not.toBe(first.etag);
  expect(parseFeed(changed.text).items).toHaveLength(10);
});

test('the dashboard names the feed in its head', async () => {
  const page = await t.http.get('/');
  expect(page.text).toContain('<link rel="alternate" type="application/atom+xml" title="New and corrected reports of this view" href="/feed.atom" id="feed-link">');
});
