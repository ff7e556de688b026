// The JSON API over a real SQLite file: writes, history, conflicts, validation, auth, search.
import { TOKEN, counts, incident, tally, testApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(() => { t = testApp(); });
afterAll(() => t.close());

describe('writes and history', () => {
  test('create answers 201 with the whole stored report, defaults filled, strings trimmed', async () => {
    const res = await t.http.post('/api/reports').set(t.auth)
      .send(incident({ source: '  Ukrainian army ', via: '', location: 'eastern Ukraine', quote: 'A soldier was killed.' }));
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/reports/${res.body.id}`);
    expect(res.body).toEqual({
      id: res.body.id, date: '2021-12-01', date_precision: 'day', period_start: null, source: 'Ukrainian army',
      via: null, party: 'Ukrainian forces', metric: 'killed', kind: 'incident', value: 1, qualifier: 'exact',
      low: null, high: null, location: 'eastern Ukraine', event: null, reported_on: null, url: null,
      quote: 'A soldier was killed.', notes: null, created_at: res.body.created_at, updated_at: res.body.created_at, revision: 1,
    });
    expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const got = await t.http.get(`/api/reports/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  test('update, delete and restore each leave a revision: history shows four states', async () => {
    const created = (await t.http.post('/api/reports').set(t.auth).send(tally({ value: 40 }))).body;
    const id = created.id as number;

    const updated = await t.http.put(`/api/reports/${id}`).set(t.auth).set('If-Match', '1').send(tally({ value: 41 }));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, value: 41, revision: 2 });

    const del = await t.http.delete(`/api/reports/${id}`).set(t.auth).set('If-Match', '"2"');
    expect(del.status).toBe(204);
    expect((await t.http.get(`/api/reports/${id}`)).status).toBe(404);
    const list = await t.http.get('/api/reports').query({ limit: 1000 });
    expect(list.body.items.map((r: { id: number }) => r.id)).not.toContain(id);
    // A deleted report's history and the deleted list need an account that may write (or the bootstrap token).
    expect((await t.http.get(`/api/reports/${id}/history`)).status).toBe(404);
    expect((await t.http.get('/api/reports?deleted=only')).status).toBe(401);
    const deletedList = await t.http.get('/api/reports?deleted=only').set(t.auth);
    expect(deletedList.body.items.map((r: { id: number }) => r.id)).toEqual([id]);

    const restored = await t.http.post(`/api/reports/${id}/restore`).set(t.auth);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id, value: 41, revision: 4 });

    const history = await t.http.get(`/api/reports/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((r: { revision: number; action: string; who: string; report: { value: number; revision: number } }) =>
      [r.revision, r.action, r.who, r.report.value, r.report.revision])).toEqual([
      [1, 'create', 'bootstrap token', 40, 1],
      [2, 'update', 'bootstrap token', 41, 2],
      [3, 'delete', 'bootstrap token', 41, 3],
      [4, 'restore', 'bootstrap token', 41, 4],
    ]);
    // The bootstrap token (TALLY_TOKEN) writes as no account, and its revisions say so.
    const { report, at, ...first } = history.body.items[0];
    expect(first).toEqual({ revision: 1, action: 'create', who: 'bootstrap token', actor: 'bootstrap', account_id: null, account_name: null, legacy: false });
    expect(at).toBe(created.created_at);
    expect(report).toEqual({ ...created });
  });

  test('a stale If-Match gets 412 with the current version and changes nothing', async () => {
    const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident({ value: 3 }))).body;
    expect((await t.http.put(`/api/reports/${id}`).set(t.auth).set('If-Match', '1').send(incident({ value: 4 }))).status).toBe(200);
    const before = counts(t.db);
    const stale = await t.http.put(`/api/reports/${id}`).set(t.auth).set('If-Match', '1').send(incident({ value: 5 }));
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: 'conflict', current: { id, value: 4, revision: 2 } });
    expect((await t.http.delete(`/api/reports/${id}`).set(t.auth).set('If-Match', '1')).status).toBe(412);
    expect(counts(t.db)).toEqual(before);
    expect((await t.http.get(`/api/reports/${id}`)).body).toMatchObject({ value: 4, revision: 2 });
  });

  test('Arabic and Hebrew names keep the marks they need (U+200E, U+200F); a bidirectional override is refused in a CSV import too', async () => {
    const names = { source: 'وزارة الصحة\u200f', party: 'אזרחים\u200e', location: 'غزة' };
    const created = await t.http.post('/api/reports').set(t.auth).send(incident(names));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(names);
    const before = counts(t.db);
    const csv = 'source,party,metric,kind,date,value\r\nAFP\u202e,P,killed,incident,2022-01-01,1\r\nAFP,P\u2066,killed,incident,2022-01-01,1\r\n';
    const res = await t.http.post('/api/import').set(t.auth).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(422);
    const bidi = ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'];
    expect(res.body.rejected).toEqual([{ line: 2, fields: { source: bidi } }, { line: 3, fields: { party: bidi } }]);
    expect(counts(t.db)).toEqual(before);
  });

  test('a PUT that changes nothing leaves no revision', async () => {
    const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident({ value: 9 }))).body;
    const before = counts(t.db);
    const res = await t.http.put(`/api/reports/${id}`).set(t.auth).send(incident({ value: 9, via: '' }));
    expect(res.status).toBe(200);
    expect(res.body.revision).toBe(1);
    expect(counts(t.db)).toEqual(before);
  });

  test('writes to a missing report are 404; restoring a live one is 404', async () => {
    expect((await t.http.put('/api/reports/999999').set(t.auth).send(incident())).status).toBe(404);
    expect((await t.http.delete('/api/reports/999999').set(t.auth)).status).toBe(404);
    const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident())).body;
    const res = await t.http.post(`/api/reports/${id}/restore`).set(t.auth);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });
});

describe('bad input changes nothing and names every bad field', () => {
  const cases: [string, Record<string, unknown> | unknown, Record<string, string[]>][] = [
    ['missing source', incident({ source: undefined }), { source: ['required'] }],
    ['blank source', incident({ source: '   ' }), { source: ['required'] }],
    ['source too long', incident({ source: 'x'.repeat(201) }), { source: ['at most 200 characters'] }],
    ['party a number', incident({ party: 5 }), { party: ['must be text'] }],
    ['unknown metric', incident({ metric: 'dead' }), { metric: ['must be one of killed, wounded, casualties, missing, captured, troops'] }],
    ['unknown kind', incident({ kind: 'rumour' }), { kind: ['must be one of incident, tally, estimate'] }],
    ['impossible date', incident({ date: '2021-02-30' }), { date: ['must be a real date written YYYY-MM-DD'] }],
    ['date in another format', incident({ date: '02/12/2021' }), { date: ['must be a real date written YYYY-MM-DD'] }],
    ['negative value', incident({ value: -1 }), { value: ['must be 0 or more'] }],
    ['fractional value', incident({ value: 1.5 }), { value: ['must be a whole number'] }],
    ['value as text', incident({ value: '12' }), { value: ['must be a whole number'] }],
    ['huge value', incident({ value: 1e300 }), { value: ['is too large'] }],
    ['no value and no range', incident({ value: undefined, low: 3 }), { value: ['required unless both low and high are given'] }],
    ['low above value', incident({ value: 5, low: 6 }), { low: ['must not be above value'] }],
    ['high below value', incident({ value: 5, high: 4 }), { high: ['must not be below value'] }],
    ['low above high', incident({ value: undefined, low: 9, high: 3 }), { high: ['must not be below low'] }],
    ['tally without period_start', tally({ period_start: undefined }), { period_start: ['required for a tally (the first day it covers)'] }],
    ['incident with period_start', incident({ period_start: '2021-01-01' }), { period_start: ['only a tally has a period start'] }],
    ['period_start after date', tally({ period_start: '2022-01-01' }), { period_start: ['must not be after date'] }],
    ['troops as a tally', tally({ metric: 'troops' }), { kind: ['troops are always an estimate, and an estimate is always troops'] }],
    ['estimate of killed', incident({ kind: 'estimate' }), { kind: ['troops are always an estimate, and an estimate is always troops'] }],
    ['month precision mid-month', incident({ date: '2021-10-15', date_precision: 'month' }), { date: ["with month precision the date is the month's last day"] }],
    ['year precision not 31 December', incident({ date: '2021-10-31', date_precision: 'year' }), { date: ['with year precision the date is 31 December'] }],
    ['unknown precision', incident({ date_precision: 'week' }), { date_precision: ['must be one of day, month, year'] }],
    ['unknown qualifier', incident({ qualifier: 'roughly' }), { qualifier: ['must be one of exact, about, at_least, at_most'] }],
    ['javascript: URL', incident({ url: 'javascript:alert(1)' }), { url: ['must be an http(s) URL'] }],
    ['bad reported_on', incident({ reported_on: '2021-13-01' }), { reported_on: ['must be a real date written YYYY-MM-DD'] }],
    ['a control character in party', incident({ party: 'Ukrainian\u001fforces' }), { party: ['must not contain control characters'] }],
    ['a right-to-left override after the source, which would display as another name', incident({ source: 'AFP\u202e' }), { source: ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'] }],
    ['a left-to-right embedding in via and an isolate in location and quote', incident({ via: '\u202aFrance 24', location: 'east\u2066ern\u2069 Ukraine', quote: 'He said \u2067x\u2069' }),
      { via: ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'], location: ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'], quote: ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'] }],
    ['a pop directional formatting in event and notes', incident({ event: 'e\u202c1', notes: 'n\u2068' }), { event: ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'], notes: ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'] }],
    ['a two-digit year', incident({ date: '0099-01-01' }), { date: ['must be a real date written YYYY-MM-DD'] }],
    ['quote too long', incident({ quote: 'q'.repeat(2001) }), { quote: ['at most 2000 characters'] }],
    ['unknown field', incident({ id: 7, revision: 3 }), { id: ['unknown field'], revision: ['unknown field'] }],
    ['__proto__ key', JSON.parse('{"__proto__": {"admin": true}, "source": "A", "party": "P", "metric": "killed", "kind": "incident", "date": "2021-01-01", "value": 1}'), JSON.parse('{"__proto__": ["unknown field"]}')],
    ['an array', [incident()], { body: ['must be a JSON object'] }],
    ['many faults at once', { source: '', party: '', metric: 'x', kind: 'tally', date: 'soon', value: -2, url: 'ftp://x' }, {
      source: ['required'], party: ['required'], metric: ['must be one of killed, wounded, casualties, missing, captured, troops'],
      date: ['must be a real date written YYYY-MM-DD'], value: ['must be 0 or more'], url: ['must be an http(s) URL'],
      period_start: ['required for a tally (the first day it covers)'],
    }],
  ];

  test.each(cases)('POST %s → 400 naming exactly the bad fields', async (_name, body, fields) => {
    const before = counts(t.db);
    const res = await t.http.post('/api/reports').set(t.auth).send(body as object);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(typeof res.body.message).toBe('string');
    expect(res.body.fields).toEqual(fields);
    expect(counts(t.db)).toEqual(before);
  });

  test.each(cases)('PUT %s → 400 and the report unchanged', async (_name, body, fields) => {
    const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident({ value: 77 }))).body;
    const before = counts(t.db);
    const res = await t.http.put(`/api/reports/${id}`).set(t.auth).send(body as object);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual(fields);
    expect(counts(t.db)).toEqual(before);
    expect((await t.http.get(`/api/reports/${id}`)).body).toMatchObject({ value: 77, revision: 1 });
  });

  test.each([
    ['broken JSON', 'application/json', '{"source": "A",', 400, 'invalid_json'],
    ['JSON null', 'application/json', 'null', 400, 'invalid_json'],
    ['form-encoded', 'application/x-www-form-urlencoded', 'source=A&party=B', 415, 'unsupported_media_type'],
    ['plain text', 'text/plain', '{"source":"A"}', 415, 'unsupported_media_type'],
    ['oversize body', 'application/json', JSON.stringify(incident({ notes: 'n'.repeat(70 * 1024) })), 413, 'payload_too_large'],
  ])('%s → %i %s, nothing stored', async (_name, type, body, status, code) => {
    const before = counts(t.db);
    const res = await t.http.post('/api/reports').set(t.auth).set('Content-Type', type).send(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(code);
    expect(counts(t.db)).toEqual(before);
  });

  test.each([
    ['/api/reports?limit=0', { limit: ['must be at least 1'] }],
    ['/api/reports?limit=5000&offset=-1', { limit: ['must be at most 1000'], offset: ['must be a whole number'] }],
    ['/api/reports?metric=dead&kind=x&from=2021-02-30', {
      metric: ['must be one of killed, wounded, casualties, missing, captured, troops, given once'],
      kind: ['must be one of incident, tally, estimate, given once'], from: ['must be a real date written YYYY-MM-DD'],
    }],
    ['/api/reports?sort=id&sorce=AFP', { sort: ['must be one of date, -date, given once'], sorce: ['unknown field'] }],
    ['/api/reports?from=2022-01-01&to=2021-01-01', { to: ['must not be before from'] }],
    ['/api/reports?party=A&party=B', { party: ['must be text, given once'] }],
    ['/api/series?party=A', { metric: ['required'] }],
    ['/api/series?metric=killed&max_points=1', { party: ['required'], max_points: ['must be at least 10'] }],
    ['/api/compare?party=A&metric=killed&year=20x1', { year: ['must be a whole number'] }],
    ['/api/disagreements?party=A&metric=killed&ratio=2&days=-3', { ratio: ['must be a number between 0 and 1'], days: ['must be a whole number'] }],
    // A NUL inside a search once reached FTS5 (an SQLite error, a 500 and a cut-off CSV).
    ['/api/reports?q=a%00b&source=x%01y', { q: ['must not contain control characters'], 'source.0': ['must not contain control characters'] }],
    ['/api/reports.csv?q=0.5%00', { q: ['must not contain control characters'] }],
    ['/api/reports?source=AFP%E2%80%AE&party=P%E2%81%A6', { 'source.0': ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'], party: ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'] }],
  ])('GET %s → 400 with every bad parameter', async (url, fields) => {
    const res = await t.http.get(url);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'validation_failed', message: expect.any(String), fields });
  });

  test.each([
    ['/api/reports/abc'], ['/api/reports/0'], ['/api/reports/1.5'],
  ])('GET %s → 400 naming the id', async (url) => {
    const res = await t.http.get(url);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual({ id: ['must be a positive whole number'] });
  });

  test('an unknown API route is a JSON 404', async () => {
    const res = await t.http.get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: 'No such API route.' });
  });
});

describe('the token', () => {
  test.each([
    ['no Authorization header', {}],
    ['a wrong token', { Authorization: 'Bearer wrong-token-wrong-token' }],
    ['another scheme', { Authorization: `Basic ${TOKEN}` }],
    ['the token with a suffix', { Authorization: `Bearer ${TOKEN}x` }],
  ])('a write with %s gets 401 and changes nothing', async (_name, headers) => {
    const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident())).body;
    const before = counts(t.db);
    for (const res of [
      await t.http.post('/api/reports').set(headers).send(incident()),
      await t.http.put(`/api/reports/${id}`).set(headers).send(incident({ value: 2 })),
      await t.http.delete(`/api/reports/${id}`).set(headers),
      await t.http.post(`/api/reports/${id}/restore`).set(headers),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('unauthorized');
    }
    expect(counts(t.db)).toEqual(before);
  });

  test('wrong tokens are rate limited per client: once over the limit even the right token gets 429 (no oracle); a client that never failed is never limited', async () => {
    const limited = testApp({ authFailLimit: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await limited.http.post('/api/reports').set('Authorization', 'Bearer nope-nope-nope-nope').send(incident())).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const res = await limited.http.post('/api/reports').set('Authorization', 'Bearer nope-nope-nope-nope').send(incident());
      expect(res.body.error).toBe('rate_limited');
      const before = counts(limited.db);
      const right = await limited.http.post('/api/reports').set(limited.auth).send(incident());
      expect(right.status).toBe(429);
      expect(counts(limited.db)).toEqual(before);
    } finally {
      limited.close();
    }
    const fresh = testApp({ authFailLimit: 3 });
    try {
      for (let i = 0; i < 10; i++) {
        expect((await fresh.http.post('/api/reports').set(fresh.auth).send(incident())).status).toBe(201);
      }
    } finally {
      fresh.close();
    }
  });
});

describe('list and search', () => {
  let s: TestApp;
  beforeAll(async () => {
    s = testApp();
    const add = (over: Record<string, unknown>) => s.http.post('/api/reports').set(s.auth).send(incident(over));
    await add({ date: '2021-01-03', quote: 'Обстріл біля Київ вчора', source: 'Kyiv Independent' });
    await add({ date: '2021-01-01', source: 'AFP', quote: 'Shelling near "Donetsk", 3 dead' });
    await add({ date: '2021-01-02', source: 'Reuters', location: 'Київська область' });
    await add({ date: '2021-01-02', source: 'AFP', party: 'Civilians', notes: 'Kyiv says' });
  });
  afterAll(() => s.close());

  test('q=київ finds the report whose quote has "Київ", and the location "Київська" by prefix', async () => {
    const res = await s.http.get('/api/reports').query({ q: 'київ' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { source: string }) => r.source)).toEqual(['Reuters', 'Kyiv Independent']);
    expect(res.body.total).toBe(2);
  });

  test('q with FTS syntax characters is text, not syntax', async () => {
    for (const q of ['"Donetsk"', 'Donetsk OR', 'NEAR(', '*', 'a"b', '-x']) {
      const res = await s.http.get('/api/reports').query({ q });
      expect(res.status).toBe(200);
    }
    expect((await s.http.get('/api/reports').query({ q: '"Donetsk"' })).body.total).toBe(1);
  });

  test('filters combine; sort by date with ties by id; paging', async () => {
    const res = await s.http.get('/api/reports?source=AFP&source=Reuters&sort=-date&limit=2&offset=0');
    // Added in order: Kyiv Independent, AFP 01-01, Reuters 01-02, AFP 01-02: newest date first, ties by id descending.
    expect(res.body.items.map((r: { source: string; date: string }) => `${r.date} ${r.source}`)).toEqual(['2021-01-02 AFP', '2021-01-02 Reuters']);
    expect(res.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    const asc = await s.http.get('/api/reports?source=AFP&source=Reuters&sort=date');
    expect(asc.body.items.map((r: { id: number; date: string }) => r.date)).toEqual(['2021-01-01', '2021-01-02', '2021-01-02']);
    const ids = asc.body.items.map((r: { id: number }) => r.id);
    expect(ids[1]).toBeLessThan(ids[2]);
    const desc = await s.http.get('/api/reports?source=AFP&source=Reuters&sort=-date');
    expect(desc.body.items.map((r: { id: number }) => r.id)).toEqual([...ids].reverse());
    expect((await s.http.get('/api/reports?party=Civilians&from=2021-01-02&to=2021-01-02')).body.total).toBe(1);
  });

  test('facets count live reports per party, source and location, with the enum values', async () => {
    const res = await s.http.get('/api/facets');
    expect(res.body).toEqual({
      parties: [{ name: 'Ukrainian forces', reports: 3, metrics: { killed: 3 } }, { name: 'Civilians', reports: 1, metrics: { killed: 1 } }],
      sources: [{ name: 'AFP', reports: 2 }, { name: 'Kyiv Independent', reports: 1 }, { name: 'Reuters', reports: 1 }],
      locations: [{ name: 'Київська область', reports: 1 }],
      metrics: ['killed', 'wounded', 'casualties', 'missing', 'captured', 'troops'],
      kinds: ['incident', 'tally', 'estimate'],
      qualifiers: ['exact', 'about', 'at_least', 'at_most'],
      date_precisions: ['day', 'month', 'year'],
    });
  });

  test('facet counts follow every update, delete, restore and rename', async () => {
    const facets = async () => {
      const f = (await s.http.get('/api/facets')).body;
      return { parties: f.parties, sources: f.sources, locations: f.locations };
    };
    const before = await facets();
    const { id } = (await s.http.post('/api/reports').set(s.auth).send(incident({ source: 'Temp', party: 'Civilians', metric: 'wounded', location: 'Place' }))).body;
    expect((await facets()).parties).toEqual([
      { name: 'Ukrainian forces', reports: 3, metrics: { killed: 3 } }, { name: 'Civilians', reports: 2, metrics: { killed: 1, wounded: 1 } }]);
    await s.http.put(`/api/reports/${id}`).set(s.auth).send(incident({ source: 'Temp2', party: 'Ukrainian forces', metric: 'killed' }));
    expect((await facets()).parties).toEqual([
      { name: 'Ukrainian forces', reports: 4, metrics: { killed: 4 } }, { name: 'Civilians', reports: 1, metrics: { killed: 1 } }]);
    expect((await facets()).locations).toEqual(before.locations);
    await s.http.delete(`/api/reports/${id}`).set(s.auth);
    expect(await facets()).toEqual(before);
    await s.http.post(`/api/reports/${id}/restore`).set(s.auth);
    expect((await facets()).sources).toContainEqual({ name: 'Temp2', reports: 1 });
    await s.http.post('/api/rename').set(s.auth).send({ field: 'source', from: 'Temp2', to: 'AFP' });
    expect((await facets()).sources[0]).toEqual({ name: 'AFP', reports: 3 });
    await s.http.delete(`/api/reports/${id}`).set(s.auth);
    expect(await facets()).toEqual(before);
    // The summary equals a plain GROUP BY over the live reports.
    const grouped = s.db.prepare('SELECT source AS name, count(*) AS reports FROM reports WHERE deleted = 0 GROUP BY source ORDER BY reports DESC, name').all();
    expect((await facets()).sources).toEqual(grouped);
  });

  test('health counts live reports', async () => {
    expect((await s.http.get('/api/health')).body).toEqual({ ok: true, reports: 4 });
  });
});
