// CSV export and import over HTTP, against real SQLite files.
import fc from 'fast-check';
import { createStore, openSnapshot } from '../server/db/store';
import { KINDS, METRICS, QUALIFIERS, ReportInput } from '../server/domain/report';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS } from '../server/domain/csv';
import { counts, testApp, type TestApp } from './helpers';

const HEADER = 'id,date,date_precision,period_start,source,via,party,metric,kind,value,qualifier,low,high,location,event,reported_on,url,quote,notes\r\n';

/** Reports with hostile text: commas, quotes, newlines, non-ASCII, formula-looking starts. */
const FIXED = [
  { source: 'AFP', via: 'France 24', party: 'Ukrainian forces', metric: 'killed', kind: 'tally', date: '2021-12-02', period_start: '2021-01-01', value: 61, reported_on: '2021-12-02', quote: 'toll "61", since the start of the year', notes: 'line one\nline two' },
  { source: '=HYPERLINK("http://evil")', party: 'Civilians', metric: 'wounded', kind: 'incident', date: '2021-12-31', value: 3, qualifier: 'at_least', location: 'Київ, Оболонь', notes: '+380 44 000', event: '-e1' },
  { source: '@SUM(A1)', party: 'Pro-Russia separatists', metric: 'killed', kind: 'incident', date: '2022-01-01', low: 2, high: 6, url: 'https://example.org/a?b=1,2', quote: '-indented', notes: "'=already quoted" },
  { source: 'Ukrainian government', party: 'Russian forces', metric: 'troops', kind: 'estimate', date: '2021-10-31', date_precision: 'month', value: 115000, qualifier: 'about', quote: 'cr\rinside' },
];

const EXPECTED_ROWS = (ids: number[]) => [
  `${ids[3]},2021-10-31,month,,Ukrainian government,,Russian forces,troops,estimate,115000,about,,,,,,,"cr\rinside",\r\n`,
  `${ids[0]},2021-12-02,day,2021-01-01,AFP,France 24,Ukrainian forces,killed,tally,61,exact,,,,,2021-12-02,,"toll ""61"", since the start of the year","line one\nline two"\r\n`,
  `${ids[1]},2021-12-31,day,,"'=HYPERLINK(""http://evil"")",,Civilians,wounded,incident,3,at_least,,,"Київ, Оболонь",'-e1,,,,'+380 44 000\r\n`,
  `${ids[2]},2022-01-01,day,,'@SUM(A1),,Pro-Russia separatists,killed,incident,,exact,2,6,,,,"https://example.org/a?b=1,2",'-indented,''=already quoted\r\n`,
];

describe('export', () => {
  let t: TestApp;
  let ids: number[];
  beforeAll(async () => {
    t = testApp();
    ids = [];
    for (const r of FIXED) {
      const res = await t.http.post('/api/reports').set(t.auth).send(r);
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
  });
  afterAll(() => t.close());

  test('the whole file, byte for byte: header, CRLF, quoting, neutralised formulas, numbers untouched', async () => {
    const res = await t.http.get('/api/reports.csv').buffer(true).parse((r, cb) => { let s = ''; r.setEncoding('utf8'); r.on('data', (d: string) => { s += d; }); r.on('end', () => cb(null, s)); });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body).toBe(HEADER + EXPECTED_ROWS(ids).join(''));
  });

  test('?bom=1 puts a UTF-8 BOM first; ?hxl=1 adds the hashtag row; ?download=1 names the file', async () => {
    const raw = (url: string) => t.http.get(url).buffer(true).parse((r, cb) => { const parts: Buffer[] = []; r.on('data', (d: Buffer) => parts.push(d)); r.on('end', () => cb(null, Buffer.concat(parts))); });
    const bom = await raw('/api/reports.csv?bom=1&party=Civilians');
    expect([...(bom.body as Buffer).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((bom.body as Buffer).subarray(3).toString('utf8')).toBe(HEADER + EXPECTED_ROWS(ids)[2]);
    const hxl = await raw('/api/reports.csv?hxl=1&metric=killed&party=Ukrainian%20forces');
    expect((hxl.body as Buffer).toString('utf8')).toBe(HEADER +
      '#meta+id,#date,#x_date_precision,#date+start,#meta+source,#meta+via,#x_party,#x_metric,#x_kind,#affected+killed,#x_qualifier,#affected+killed+min,#affected+killed+max,#loc+name,#event+id,#date+reported,#meta+url,#description+quote,#description+notes\r\n' +
      EXPECTED_ROWS(ids)[1]);
    const dl = await raw('/api/reports.csv?download=1&party=Civilians&metric=wounded');
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="?conflict-tally_Civilians_wounded_\d{4}-\d\d-\d\dT\d{4}Z\.csv"?$/);
  });

  test('filters are the list route\'s; bad ones are 400', async () => {
    const res = await t.http.get('/api/reports.csv?source=AFP&source=%40SUM(A1)').buffer(true).parse((r, cb) => { let s = ''; r.setEncoding('utf8'); r.on('data', (d: string) => { s += d; }); r.on('end', () => cb(null, s)); });
    expect(res.body).toBe(HEADER + EXPECTED_ROWS(ids)[1] + EXPECTED_ROWS(ids)[3]);
    const bad = await t.http.get('/api/reports.csv?bom=yes&limit=3');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({ bom: ['must be 0 or 1, given once'], limit: ['unknown field'] });
  });

  test('importing the export into the same database changes nothing', async () => {
    const csv = (await t.http.get('/api/reports.csv').buffer(true).parse((r, cb) => { let s = ''; r.setEncoding('utf8'); r.on('data', (d: string) => { s += d; }); r.on('end', () => cb(null, s)); })).body as string;
    const before = counts(t.db);
    const res = await t.http.post('/api/import').set(t.auth).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ inserted: 0, updated: 0, unchanged: 4, rejected: [], dry_run: false });
    expect(counts(t.db)).toEqual(before);
  });
});

const getCsv = async (t: TestApp, url = '/api/reports.csv') =>
  (await t.http.get(url).buffer(true).parse((r, cb) => { let s = ''; r.setEncoding('utf8'); r.on('data', (d: string) => { s += d; }); r.on('end', () => cb(null, s)); })).body as string;
const postCsv = (t: TestApp, csv: string, query = '') => t.http.post(`/api/import${query}`).set(t.auth).set('Content-Type', 'text/csv').send(csv);
/** The export without the id column, which differs between databases. */
const withoutIds = (csv: string) => csv.split('\r\n').map((l) => l.replace(/^\d*,/, ',')).join('\r\n');

describe('round trip (property)', () => {
  const hostileText = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Ж', 'ї', ',', '"', '\n', '\r', ' ', '=', '+', '-', '@', '\t', "'", '😀', 'é') , minLength: 1, maxLength: 12 }),
    fc.constantFrom('=SUM(A1)', '+380', '-5', '@x', '\tx', "'=x", 'Київ', 'a,b', 'say "hi"', 'x\r\ny'),
  ).filter((s) => s.trim().length > 0 && s.trim() === s);
  const dayArb = fc.date({ min: new Date('2014-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const reportArb = fc.record({
    source: hostileText, party: hostileText, via: fc.option(hostileText, { nil: undefined }),
    location: fc.option(hostileText, { nil: undefined }), event: fc.option(hostileText, { nil: undefined }),
    quote: fc.option(hostileText, { nil: undefined }), notes: fc.option(hostileText, { nil: undefined }),
    date: dayArb, reported_on: fc.option(dayArb, { nil: undefined }),
    kind: fc.constantFrom(...KINDS), metric: fc.constantFrom(...METRICS.filter((m) => m !== 'troops')),
    qualifier: fc.constantFrom(...QUALIFIERS), value: fc.nat({ max: 1_000_000 }),
    spread: fc.option(fc.nat({ max: 1000 }), { nil: undefined }),
  }).map(({ spread, ...r }) => {
    const out: Record<string, unknown> = { ...r };
    if (r.kind === 'estimate') out.metric = 'troops';
    if (r.kind === 'tally') out.period_start = `${r.date.slice(0, 4)}-01-01`;
    if (spread !== undefined) { out.low = Math.max(0, r.value - spread); out.high = r.value + spread; }
    return out;
  });

  test('export → import into an empty database → export gives the same bytes but ids; re-import is unchanged; one edit is one update', async () => {
    await fc.assert(fc.asyncProperty(fc.array(reportArb, { minLength: 1, maxLength: 12 }), async (reports) => {
      const a = testApp();
      const b = testApp();
      try {
        const store = createStore(a.db);
        for (const r of reports) store.insertReport(ReportInput.parse(r), 'test');
        const first = await getCsv(a);
        const imported = await postCsv(b, first, '?ids=ignore');
        expect(imported.status).toBe(200);
        expect(imported.body.rejected).toEqual([]);
        const second = await getCsv(b);
        expect(withoutIds(second)).toBe(withoutIds(first));

        const again = await postCsv(b, second);
        expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: imported.body.inserted });

        // Change the value of one report: one update, visible in its history.
        const firstId = Math.min(...(await b.http.get('/api/reports?limit=1000')).body.items.map((r: { id: number }) => r.id));
        const before = createStore(b.db).getReport(firstId)!;
        const { deleted: _deleted, ...stored } = before;
        const edited = { ...stored, value: (stored.value ?? stored.low!) + 1 };
        // The edit made with the CSV libraries, not with the code under test: parse the export, change
        // the report's value cell, write it back.
        const records = parse(second, { relax_column_count: false }) as string[][];
        const row = records.find((rec) => rec[0] === String(firstId))!;
        expect(row[CSV_COLUMNS.indexOf('value')]).toBe(stored.value === null ? '' : String(stored.value));
        row[CSV_COLUMNS.indexOf('value')] = String(edited.value);
        const editedCsv = stringify(records, { record_delimiter: 'windows', quote_record_delimiter: true });
        const upd = await postCsv(b, editedCsv);
        if (upd.status === 200) {
          expect(upd.body).toMatchObject({ updated: 1, inserted: 0 });
          const history = await b.http.get(`/api/reports/${firstId}/history`);
          expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
          expect(history.body.items[1].report.value).toBe(edited.value);
          expect(history.body.items[0].report.value).toBe(before.value);
        } else {
          // The edit broke a range (value above high): rejected, nothing changed.
          expect(upd.status).toBe(422);
        }
      } finally {
        a.close();
        b.close();
      }
    }), { numRuns: 25 });
  });
});

describe('import', () => {
  let t: TestApp;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  const row = (i: number, over: Partial<Record<string, string>> = {}) => {
    const r = { date: `2022-01-${String((i % 28) + 1).padStart(2, '0')}`, source: `Source ${i % 7}`, party: 'Ukrainian forces', metric: 'killed', kind: 'incident', value: String(i), notes: `row ${i}, "quoted"`, ...over };
    return [r.date, r.source, r.party, r.metric, r.kind, r.value, `"${r.notes.replace(/"/g, '""')}"`].join(',');
  };
  const HEAD = 'date,source,party,metric,kind,value,notes';

  test('100 rows with 3 bad ones (wrong enum, low > value, impossible date): 422 naming lines and fields of all three, nothing stored; the dry run says the same', async () => {
    // This file also has a `low` column (empty but for the bad row), in a column order of its own.
    const withLow = (i: number, over: Partial<Record<string, string>> = {}, low = '') => `${row(i, over)},${low}`;
    const HEAD = 'date,source,party,metric,kind,value,notes,low';
    const rows = Array.from({ length: 100 }, (_, i) => withLow(i));
    rows[9] = withLow(9, { metric: 'dead' });
    rows[49] = withLow(49, { value: '4' }, '9');
    rows[89] = withLow(89, { date: '2022-02-30' });
    // Line numbers are physical: the header is line 1, so rows[i] starts on line i + 2.
    const csv = [HEAD, ...rows].join('\r\n') + '\r\n';
    const before = counts(t.db);
    const res = await postCsv(t, csv);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: 'import_rejected', message: expect.any(String), inserted: 97, updated: 0, unchanged: 0,
      rejected: [
        { line: 11, fields: { metric: ['must be one of killed, wounded, casualties, missing, captured, troops'] } },
        { line: 51, fields: { low: ['must not be above value'] } },
        { line: 91, fields: { date: ['must be a real date written YYYY-MM-DD'] } },
      ],
    });
    expect(counts(t.db)).toEqual(before);
    const dry = await postCsv(t, csv, '?dry_run=1');
    expect(dry.status).toBe(422);
    expect(dry.body).toEqual(res.body);

    const good = [HEAD, ...rows.filter((_, i) => ![9, 49, 89].includes(i))].join('\r\n') + '\r\n';
    const dryGood = await postCsv(t, good, '?dry_run=1');
    expect(dryGood.body).toEqual({ inserted: 97, updated: 0, unchanged: 0, rejected: [], dry_run: true });
    expect(counts(t.db)).toEqual(before);
    expect((await postCsv(t, good)).body).toEqual({ inserted: 97, updated: 0, unchanged: 0, rejected: [], dry_run: false });
    expect(counts(t.db)).toEqual({ reports: 97, revisions: 97 });
    expect((await postCsv(t, good)).body).toEqual({ inserted: 0, updated: 0, unchanged: 97, rejected: [], dry_run: false });
    expect(counts(t.db)).toEqual({ reports: 97, revisions: 97 });
  });

  test('a bad row after a multi-line quoted note is named by the line where it starts', async () => {
    const csv = `${HEAD}\r\n2022-01-01,A,P,killed,incident,1,"two\r\nlines"\r\n\r\n2022-01-02,A,P,killed,incident,-1,x\r\n`;
    const res = await postCsv(t, csv);
    expect(res.body.rejected).toEqual([{ line: 5, fields: { value: ['must be 0 or more'] } }]);
  });

  test('ids: a live id updates or is unchanged; an unknown id is rejected unless ?ids=ignore; BOM and any column order', async () => {
    const { id } = (await t.http.post('/api/reports').set(t.auth).send({ source: 'A', party: 'P', metric: 'killed', kind: 'incident', date: '2022-01-01', value: 1 })).body;
    const csv = (rows: string[]) => '\uFEFFvalue,kind,metric,party,source,date,id\r\n' + rows.join('\r\n') + '\r\n';
    expect((await postCsv(t, csv([`1,incident,killed,P,A,2022-01-01,${id}`]))).body).toMatchObject({ unchanged: 1, updated: 0 });
    expect((await postCsv(t, csv([`2,incident,killed,P,A,2022-01-01,${id}`]))).body).toMatchObject({ updated: 1 });
    expect((await t.http.get(`/api/reports/${id}`)).body).toMatchObject({ value: 2, revision: 2 });
    const unknown = await postCsv(t, csv(['5,incident,killed,P,A,2022-01-01,99999']));
    expect(unknown.status).toBe(422);
    expect(unknown.body.rejected).toEqual([{ line: 2, fields: { id: [expect.stringMatching(/^no live report has this id here/)] } }]);
    const ignored = await postCsv(t, csv(['5,incident,killed,P,A,2022-01-01,99999']), '?ids=ignore');
    expect(ignored.body).toMatchObject({ inserted: 1 });
  });

  test.each([
    ['an unclosed quote', `${HEAD}\r\n2022-01-01,A,P,killed,incident,1,ok\r\n2022-01-01,A,P,killed,incident,1,"open\r\n`, 3],
    ['a missing required column', 'date,source,party,metric,kind\r\n2022-01-01,A,P,killed,incident\r\n', 1],
    ['an unknown column', `${HEAD},colour\r\n2022-01-01,A,P,killed,incident,1,x,red\r\n`, 1],
    ['a wrong number of fields', `${HEAD}\r\n2022-01-01,A,P,killed,incident,1\r\n`, 2],
    ['an over-long field', `${HEAD}\r\n2022-01-01,A,P,killed,incident,1,${'x'.repeat(10_001)}\r\n`, 2],
  ])('%s → 400 invalid_csv naming its line, nothing stored', async (_name, csv, line) => {
    const before = counts(t.db);
    const res = await postCsv(t, csv);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_csv', line });
    expect(res.body.message).toMatch(new RegExp(`^Line ${line}: `));
    expect(counts(t.db)).toEqual(before);
  });

  test('import needs the token and text/csv; over the limit is 413', async () => {
    const csv = `${HEAD}\r\n${row(1)}\r\n`;
    expect((await t.http.post('/api/import').set('Content-Type', 'text/csv').send(csv)).status).toBe(401);
    expect((await t.http.post('/api/import').set(t.auth).set('Content-Type', 'application/json').send('{}')).status).toBe(415);
    const small = testApp({ importLimitBytes: 1000 });
    try {
      const big = [HEAD, ...Array.from({ length: 100 }, (_, i) => row(i))].join('\r\n');
      const res = await small.http.post('/api/import').set(small.auth).set('Content-Type', 'text/csv').send(big);
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('payload_too_large');
      expect(counts(small.db).reports).toBe(0);
    } finally {
      small.close();
    }
    expect(counts(t.db).reports).toBe(0);
  });
});

test('an export reads one snapshot: a write landing during it is not half-seen', async () => {
  const t = testApp();
  try {
    await t.http.post('/api/reports').set(t.auth).send({ source: 'A', party: 'P', metric: 'killed', kind: 'incident', date: '2022-01-01', value: 1 });
    const snapshot = openSnapshot(createStore(t.db));
    try {
      await t.http.post('/api/reports').set(t.auth).send({ source: 'B', party: 'P', metric: 'killed', kind: 'incident', date: '2022-01-02', value: 2 });
      expect(snapshot.store.exportPage({}, null, 100).map((r) => r[4])).toEqual(['A']);
    } finally {
      snapshot.close();
    }
    expect(createStore(t.db).exportPage({}, null, 100).map((r) => r[4])).toEqual(['A', 'B']);
  } finally {
    t.close();
  }
});
