// The list with `q` answers from plans chosen by how many reports match (server/db/store.ts,
// searchReports). Every plan must answer exactly what the plain query answers: the same items in the
// same order and the same total, deleted reports hidden. Checked here on random data, with every plan
// forced in turn, against the plain query written out below.
import { createStore, ftsQuery, DEFAULT_SEARCH_TUNING, type ReportFilter, type SearchTuning } from '../server/db/store';
import { REPORT_INPUT_FIELDS } from '../server/domain/report';
import { testApp, type TestApp } from './helpers';
import { rng } from '../scripts/random';

type Page = { limit: number; offset: number; sort: 'date' | '-date' };

const r = rng(20211202);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const some = <T>(xs: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(r() * max) }, () => pick(xs)))];

// Values chosen to trip a text search: prefixes of one another, case and diacritics, Cyrillic, a
// party whose name holds another's, one with no letters at all, words joined by punctuation.
const SOURCES = ['AFP', 'Reuters', 'Ukrainian army', 'Київ ОВА', 'Crème news', 'Source 1', 'Source 10'];
const PARTIES = ['Party 1', 'Party 1 reserve', 'Ukrainian forces', 'Russian forces', 'Civilians', 'Збройні сили', '—'];
const WORDS = ['artillery', 'art', 'arts', 'drone', 'Київ', 'київська', 'école', 'ECOLE', 'shelling-convoy', 'near', '"quoted"', '1', '10'];
const QUERIES = ['artillery', 'art', 'ar', 'a', 'київ', 'КИЇВ', 'ecole', 'école', 'drone art', 'shelling', 'convoy-shelling',
  '"quoted"', '-', '1', 'near drone', 'reuters', 'party', 'zzz', 'збройні', '  art  '];
const DAYS = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10));
const COLUMNS = ['id', ...REPORT_INPUT_FIELDS, 'created_at', 'updated_at', 'revision'].join(', ');

let t: TestApp;

beforeAll(() => {
  t = testApp();
  const insert = t.db.prepare(`INSERT INTO reports (date, period_start, source, via, party, metric, kind, value, location, quote, notes,
    created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z')`);
  t.db.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      const date = pick(DAYS);
      const kind = r() < 0.7 ? 'incident' : r() < 0.8 ? 'tally' : 'estimate';
      const metric = kind === 'estimate' ? 'troops' : pick(['killed', 'wounded', 'missing'] as const);
      const words = Array.from({ length: Math.floor(r() * 4) }, () => pick(WORDS)).join(' ');
      insert.run(date, kind === 'tally' ? '2021-01-01' : null, pick(SOURCES), r() < 0.2 ? 'AFP' : null, pick(PARTIES), metric, kind,
        Math.floor(r() * 100), r() < 0.3 ? pick(['Київська область', 'eastern Ukraine', 'near the border']) : null,
        words === '' ? null : words, r() < 0.1 ? pick(WORDS) : null);
    }
    // About one report in eight deleted (hidden from public lists, listed with deleted=only).
    t.db.prepare('UPDATE reports SET deleted = 1 WHERE id IN (SELECT id FROM reports ORDER BY random() LIMIT 400)').run();
  })();
});
afterAll(() => t.close());

/** The plain query: every filter in WHERE, `id IN` the FTS matches, ORDER BY date then id. */
function plain(f: ReportFilter, page: Page): { items: unknown[]; total: number } {
  const parts = [f.deleted === 'only' ? 'deleted = 1' : 'deleted = 0'];
  const params: unknown[] = [];
  if (f.party !== undefined) { parts.push('party = ?'); params.push(f.party); }
  if (f.metric !== undefined) { parts.push('metric = ?'); params.push(f.metric); }
  if (f.kind !== undefined) { parts.push('kind = ?'); params.push(f.kind); }
  if (f.source && f.source.length > 0) { parts.push(`source IN (${f.source.map(() => '?').join(', ')})`); params.push(...f.source); }
  if (f.from !== undefined) { parts.push('date >= ?'); params.push(f.from); }
  if (f.to !== undefined) { parts.push('date <= ?'); params.push(f.to); }
  const match = f.q === undefined ? null : ftsQuery(f.q);
  if (match !== null) { parts.push('id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)'); params.push(match); }
  const where = parts.join(' AND ');
  const order = page.sort === '-date' ? 'date DESC, id DESC' : 'date ASC, id ASC';
  return {
    items: t.db.prepare(`SELECT ${COLUMNS} FROM reports WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, page.limit, page.offset),
    total: t.db.prepare(`SELECT count(*) FROM reports WHERE ${where}`).pluck().get(...params) as number,
  };
}

function randomCase(): { f: ReportFilter; page: Page } {
  const f: ReportFilter = { q: pick(QUERIES) };
  if (r() < 0.4) f.party = pick(PARTIES);
  if (r() < 0.3) f.metric = pick(['killed', 'wounded', 'missing', 'troops'] as const);
  if (r() < 0.25) f.kind = pick(['incident', 'tally', 'estimate'] as const);
  if (r() < 0.3) f.source = some(SOURCES, 3);
  if (r() < 0.3) f.from = pick(DAYS);
  if (r() < 0.3) f.to = pick(DAYS);
  if (f.from && f.to && f.from > f.to) [f.from, f.to] = [f.to, f.from];
  if (r() < 0.1) f.deleted = 'only';
  const limit = pick([1, 3, 10, 100]);
  return { f, page: { limit, offset: r() < 0.5 ? 0 : Math.floor(r() * 400), sort: r() < 0.5 ? 'date' : '-date' } };
}

// Each setting steers the choice towards one plan; the default is the one the server runs.
const settings: [string, Partial<SearchTuning>][] = [
  ['the default choices', {}],
  ['q alone: the walk from JavaScript, a few entries a chunk', { jsWalkMaxVisits: Infinity, walkChunkMin: 1 }],
  ['q alone: the walk in SQL', { jsWalkMaxVisits: 0, indexEntryCost: 0 }],
  ['q alone: every match looked up', { jsWalkMaxVisits: 0, indexEntryCost: 1e9 }],
  ['filters: total from the lead index, page by walking it', { lookUpMatchesUpTo: 0, pagePlan: 0 }],
  ['filters: total from the lead index, page by walking reports_date', { lookUpMatchesUpTo: 0, pagePlan: 1 }],
  ['filters: total from the lead index, page from every match', { lookUpMatchesUpTo: 0, pagePlan: 2 }],
  ['filters: total from every match, page by walking SQLite\'s choice', { lookUpMatchesUpTo: Infinity, pagePlan: 0 }],
  ['filters: total from every match, page by walking reports_date', { lookUpMatchesUpTo: Infinity, pagePlan: 1 }],
];

test.each(settings)('with %s, 150 random filters give the plain query\'s items and total', (_name, tuning) => {
  const store = createStore(t.db, { searchTuning: { ...DEFAULT_SEARCH_TUNING, ...tuning } });
  let nonEmpty = 0;
  for (let i = 0; i < 150; i++) {
    const { f, page } = randomCase();
    const expected = plain(f, page);
    const got = store.listReports(f, page);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      // The failing case in the message, so it can be replayed.
      expect({ f, page, got }).toEqual({ f, page, got: expected });
    }
    if (expected.items.length > 0) nonEmpty++;
  }
  // The random cases are not all empty answers.
  expect(nonEmpty).toBeGreaterThan(40);
});

test('common cases under every setting: q alone and with party, both orders, first and deep pages', () => {
  const cases: ReportFilter[] = [
    { q: 'art' }, { q: 'київ' }, { q: 'art', party: 'Party 1' }, { q: 'art', party: 'Party 1', metric: 'killed' },
    { q: 'drone', source: ['AFP', 'Source 1'], from: DAYS[5], to: DAYS[30] }, { q: 'art', kind: 'incident' },
    { q: 'art', deleted: 'only' }, { q: 'a', party: '—' },
  ];
  for (const [, tuning] of settings) {
    const store = createStore(t.db, { searchTuning: { ...DEFAULT_SEARCH_TUNING, ...tuning } });
    for (const f of cases) {
      // First pages, a middle one, pages past the middle (read from the other end) and past the end.
      const total = plain(f, { limit: 1, offset: 0, sort: 'date' }).total;
      const pages = [{ limit: 100, offset: 0 }, { limit: 7, offset: 0 }, { limit: 50, offset: 120 }, { limit: 10, offset: 5000 },
        { limit: 10, offset: Math.floor(total / 2) - 5 }, { limit: 10, offset: Math.max(0, total - 7) }, { limit: 1, offset: Math.max(0, total - 1) },
        { limit: 3, offset: total }];
      for (const page of pages) {
        for (const sort of ['date', '-date'] as const) {
          const p = { ...page, sort };
          expect({ f, p, a: store.listReports(f, p) }).toEqual({ f, p, a: plain(f, p) });
        }
      }
    }
  }
});

test('over HTTP: q with filters answers {items, total, limit, offset} as the plain query, deleted reports hidden', async () => {
  const res = await t.http.get('/api/reports').query({ q: 'art', party: 'Party 1', limit: '20', offset: '3', sort: '-date' });
  expect(res.status).toBe(200);
  const expected = plain({ q: 'art', party: 'Party 1' }, { limit: 20, offset: 3, sort: '-date' });
  expect(res.body).toEqual({ ...expected, limit: 20, offset: 3 });
  const deleted = new Set(t.db.prepare('SELECT id FROM reports WHERE deleted = 1').pluck().all() as number[]);
  const all = await t.http.get('/api/reports').query({ q: 'art', limit: '1000' });
  expect(all.body.total).toBe(plain({ q: 'art' }, { limit: 1, offset: 0, sort: 'date' }).total);
  expect(all.body.items.some((i: { id: number }) => deleted.has(i.id))).toBe(false);
});
