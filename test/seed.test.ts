// The seed reports (DESIGN.md "Seed data") and the figures the issue names on them, over HTTP.
import { createStore } from '../server/db/store';
import { loadSeed, seedIfNew } from '../server/seed';
import { counts, testApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = testApp();
  const first = await seedIfNew(createStore(t.db));
  expect(first).toMatchObject({ inserted: 9, updated: 0, unchanged: 0, rejected: [] });
});
afterAll(() => t.close());

const Q = 'party=Ukrainian%20forces&metric=killed';

test('GET /api/reports lists the nine seed reports with every field of DESIGN.md', async () => {
  const res = await t.http.get('/api/reports?limit=100');
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(9);
  const rows = (res.body.items as Record<string, unknown>[]).map((r) =>
    [r.source, r.via, r.party, r.metric, r.kind, r.date, r.date_precision, r.period_start, r.value, r.qualifier, r.low, r.high, r.location, r.reported_on]);
  expect(rows).toEqual([
    ['AFP', 'France 24', 'Ukrainian forces', 'killed', 'tally', '2020-12-31', 'day', '2020-01-01', 50, 'exact', null, null, null, '2021-12-02'],
    ['Ukrainian government', 'France 24', 'Russian forces', 'troops', 'estimate', '2021-10-31', 'month', null, 115000, 'about', null, null, null, '2021-12-02'],
    ['Ukrainian army', 'AFP', 'Ukrainian forces', 'killed', 'tally', '2021-11-30', 'day', '2021-11-01', 6, 'exact', null, null, 'eastern Ukraine', '2021-12-02'],
    ['Ukrainian army', 'AFP', 'Ukrainian forces', 'killed', 'incident', '2021-12-01', 'day', null, 1, 'exact', null, null, 'eastern Ukraine', '2021-12-02'],
    ['Russian Foreign Ministry', 'France 24', 'Ukrainian forces', 'troops', 'estimate', '2021-12-01', 'day', null, 125000, 'about', null, null, 'eastern Ukraine', '2021-12-02'],
    ['AFP', 'France 24', 'Ukrainian forces', 'killed', 'tally', '2021-12-02', 'day', '2021-01-01', 61, 'exact', null, null, null, '2021-12-02'],
    ['Pro-Russia separatists', 'France 24', 'Pro-Russia separatists', 'killed', 'tally', '2021-12-02', 'day', '2021-01-01', 40, 'about', null, null, null, '2021-12-02'],
    ['France 24', null, 'All parties', 'killed', 'tally', '2021-12-02', 'day', '2014-04-01', 13000, 'at_least', null, null, null, '2021-12-02'],
    ['Ukrainian government', 'France 24', 'Russian forces', 'troops', 'estimate', '2021-12-02', 'day', null, 90000, 'at_least', null, null, "near Ukraine's border", '2021-12-02'],
  ]);
  const afp61 = res.body.items.find((r: { value: number }) => r.value === 61);
  expect(afp61.quote).toBe("The latest death brings Ukraine's toll in the simmering conflict to 61 since the start of the year, according to an AFP tally based on official figures");
  expect(afp61.notes).toBe('tally based on official figures');
  const lavrov = res.body.items.find((r: { value: number }) => r.value === 125000);
  expect(lavrov.quote).toBe('Lavrov on Wednesday warned against a Ukrainian "military adventure" after his ministry said Kyiv had deployed some 125,000 troops to the east.');
});

test('series: a running total of 1 on 2021-12-01; the 61 has computed 1 and gap 60; the November six computed 0', async () => {
  const res = await t.http.get(`/api/series?${Q}`);
  expect(res.status).toBe(200);
  expect(res.body.running).toEqual([{ date: '2021-12-01', total: 1, low: 1, high: 1 }]);
  const claim = (v: number) => res.body.claims.find((c: { value: number }) => c.value === v);
  expect(claim(61)).toMatchObject({ source: 'AFP', computed: 1, gap: 60 });
  expect(claim(6)).toMatchObject({ source: 'Ukrainian army', period_start: '2021-11-01', computed: 0, gap: 6 });
  expect(claim(50)).toMatchObject({ computed: 0, gap: 50 });
  expect(res.body.estimates).toEqual([]);
  expect(res.body.bucket).toBe('day');
});

test('compare 2021: AFP 61 so far against 50 in all of 2020', async () => {
  const res = await t.http.get(`/api/compare?${Q}&year=2021`);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ year: 2021, day: '2021-12-02', count: { so_far: 1, prev_same_day: 0, prev_full: 0 } });
  expect(res.body.sources).toHaveLength(1);
  expect(res.body.sources[0]).toMatchObject({ source: 'AFP', so_far: 61, prev_full: 50, prev_full_is_full: true, prev_same_day: null });
});

test('troops: the 90,000 and 115,000 estimates, and no running total', async () => {
  const res = await t.http.get('/api/series?party=Russian%20forces&metric=troops');
  expect(res.status).toBe(200);
  expect(res.body.running).toEqual([]);
  expect(res.body.claims).toEqual([]);
  expect(res.body.estimates.map((e: { date: string; value: number; qualifier: string; date_precision: string }) =>
    [e.date, e.value, e.qualifier, e.date_precision])).toEqual([
    ['2021-10-31', 115000, 'about', 'month'],
    ['2021-12-02', 90000, 'at_least', 'day'],
  ]);
});

test('loading the seed again (npm run seed) adds nothing', async () => {
  const before = counts(t.db);
  expect(await loadSeed(createStore(t.db))).toEqual({ inserted: 0, updated: 0, unchanged: 9, rejected: [] });
  expect(await seedIfNew(createStore(t.db))).toBeUndefined();
  expect(counts(t.db)).toEqual(before);
});
