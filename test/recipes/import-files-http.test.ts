// Foreign files through POST /api/import with a recipe (issue 13, "What it must show" 2 and 3): an .xlsx
// written here, a ';'-separated Windows-1252 CSV, an HDX file with only defaults; bad cells (422 naming
// each line, column and cell, nothing stored), bad recipes and files that do not fit (400 naming the
// key), the .xlsx size limit (413 saying why), and the preview the dialog draws.
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { REPORT_INPUT_FIELDS } from '../../server/domain/report';
import { counts, testApp, type TestApp } from '../helpers';

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const text = (value: string) => ({ value, type: String });
const month = (y: number, m: number) => ({ value: utc(y, m, 1), type: Date, format: 'mmm yyyy' });
const day = (y: number, m: number, d: number) => ({ value: utc(y, m, d), type: Date, format: 'dd/mm/yyyy' });

const FIGURES: SheetData = [
  [text('Month'), text('Published'), text('Source'), text('Killed'), text('Injured'), text('Place')],
  [month(2024, 1), day(2024, 2, 2), text('mod'), text('about 40'), text('1.2k'), text('Donetsk, "east"')],
  [null, null, null, null, null, null],
  [month(2024, 2), day(2024, 3, 1), text('afp'), text('189,500–223,000'), text('more than 13,000'), text('Київ')],
  [month(2024, 12), 45667, text('mod'), 12, null, text('=HYPERLINK("x")')],
];

const XLSX_RECIPE = {
  format: 'xlsx', sheet: 'Figures',
  defaults: { party: 'Ukrainian forces', kind: 'tally', period_start: '2022-02-24' },
  fields: {
    date: { column: 'Month', format: 'MMM yyyy' },
    reported_on: { column: 'Published', format: 'excel' },
    source: { column: 'Source', map: { mod: 'Ukrainian Ministry of Defence', afp: 'AFP' } },
    location: 'Place',
  },
  figure: { read: 'text' },
  templates: [
    { name: 'killed', defaults: { metric: 'killed' }, fields: { value: 'Killed' } },
    { name: 'injured', defaults: { metric: 'wounded' }, fields: { value: 'Injured' } },
  ],
};

const workbook = () => writeXlsxFile([{ sheet: 'About', data: [[text('Desk notes')], [text('Figures as published.')]] }, { sheet: 'Figures', data: FIGURES }]).toBuffer();

/** Text in Windows-1252 bytes (Latin-1, and 0x96 for the en dash). */
const windows1252 = (s: string) => Buffer.from([...s].map((c) => (c === '–' ? 0x96 : c.codePointAt(0)!)));

const LATIN1_CSV = windows1252([
  'Datum;Quelle;Ort;Getötet;Bemerkung',
  '07.10.2023;Ukrinform;Mykolaïv;ca. 40;"Angriff; ""schwer"""',
  '08.10.2023;AFP;Zürich;189.500–223.000;',
  '',
].join('\r\n'));

const LATIN1_RECIPE = {
  format: 'csv', delimiter: ';', encoding: 'windows-1252',
  defaults: { party: 'Civilians', kind: 'incident', metric: 'killed' },
  fields: { date: { column: 'Datum', format: 'dd.MM.yyyy' }, source: 'Quelle', location: 'Ort', notes: 'Bemerkung', value: 'Getötet' },
  figure: { read: 'text', decimal_mark: ',' },
};

/** Every input field of the live reports, in id order; absent fields left out. */
const stored = (t: TestApp) => (t.db.prepare(`SELECT ${REPORT_INPUT_FIELDS.join(', ')} FROM reports WHERE deleted = 0 ORDER BY id`).all() as Record<string, unknown>[])
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));

const postForm = (t: TestApp, recipe: unknown, file: Buffer, name: string, query = '') =>
  t.http.post(`/api/import${query}`).set(t.auth).field('recipe', typeof recipe === 'string' ? recipe : JSON.stringify(recipe)).attach('file', file, name);

const tally = (over: Record<string, unknown>) => ({ party: 'Ukrainian forces', kind: 'tally', period_start: '2022-02-24', date_precision: 'month', qualifier: 'exact', ...over });

describe('foreign files with recipes, over HTTP', () => {
  let t: TestApp;
  beforeEach(() => {
    t = testApp({ importXlsxLimitBytes: 64 * 1024 });
  });
  afterEach(() => t.close());

  test('an .xlsx workbook: Excel dates, a month-only column, figures as stated text, a blank row, the second sheet', async () => {
    const res = await postForm(t, XLSX_RECIPE, await workbook(), 'desk.xlsx');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ inserted: 5, updated: 0, unchanged: 0, rejected: [], dry_run: false, stats: { rows: 4, blank: 1, filtered: 0, empty_figures: 1, reports: 5, rejected: 0 } });
    const mod = 'Ukrainian Ministry of Defence';
    expect(stored(t)).toEqual([
      tally({ date: '2024-01-31', reported_on: '2024-02-02', source: mod, metric: 'killed', value: 40, qualifier: 'about', location: 'Donetsk, "east"' }),
      tally({ date: '2024-01-31', reported_on: '2024-02-02', source: mod, metric: 'wounded', value: 1200, location: 'Donetsk, "east"' }),
      tally({ date: '2024-02-29', reported_on: '2024-03-01', source: 'AFP', metric: 'killed', low: 189500, high: 223000, location: 'Київ' }),
      tally({ date: '2024-02-29', reported_on: '2024-03-01', source: 'AFP', metric: 'wounded', value: 13000, qualifier: 'at_least', location: 'Київ' }),
      tally({ date: '2024-12-31', reported_on: '2025-01-10', source: mod, metric: 'killed', value: 12, location: '=HYPERLINK("x")' }),
    ]);
    // The same workbook again, now as the body with the recipe saved under a name.
    await t.http.post('/api/recipes').set(t.auth).send({ name: 'desk', recipe: XLSX_RECIPE });
    const again = await t.http.post('/api/import?recipe=desk').set(t.auth).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await workbook());
    expect(again.body).toMatchObject({ inserted: 0, unchanged: 5 });
  });

  test('a ;-separated Windows-1252 CSV: names intact, quoted delimiters, decimal comma', async () => {
    const res = await postForm(t, LATIN1_RECIPE, LATIN1_CSV, 'desk.csv', '?dry_run=1');
    expect(res.status).toBe(200);
    const first = { date: '2023-10-07', date_precision: 'day', source: 'Ukrinform', party: 'Civilians', metric: 'killed', kind: 'incident', value: 40, qualifier: 'about', location: 'Mykolaïv', notes: 'Angriff; "schwer"' };
    const second = { date: '2023-10-08', date_precision: 'day', source: 'AFP', party: 'Civilians', metric: 'killed', kind: 'incident', qualifier: 'exact', low: 189500, high: 223000, location: 'Zürich' };
    const asStored = (r: Record<string, unknown>) => Object.fromEntries(REPORT_INPUT_FIELDS.map((f) => [f, r[f] ?? null]));
    // The dry run shows the reports as they would be stored.
    expect(res.body).toEqual({
      inserted: 2, updated: 0, unchanged: 0, rejected: [], dry_run: true, stats: { rows: 2, blank: 0, filtered: 0, empty_figures: 0, reports: 2, rejected: 0 },
      reports: [{ line: 2, template: 'report', report: asStored(first) }, { line: 3, template: 'report', report: asStored(second) }],
    });
    expect(counts(t.db).reports).toBe(0);
    expect((await postForm(t, LATIN1_RECIPE, LATIN1_CSV, 'desk.csv')).body.inserted).toBe(2);
    expect(stored(t)).toEqual([first, second]);
  });

  test('the recipe sent as a file of its own (curl -F recipe=@r.json) is the recipe; a field the form does not know is refused', async () => {
    const res = await t.http.post('/api/import?dry_run=1').set(t.auth)
      .attach('recipe', Buffer.from(JSON.stringify(LATIN1_RECIPE)), { filename: 'r.json', contentType: 'application/json' }).attach('file', LATIN1_CSV, 'desk.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inserted: 2, dry_run: true });
    const odd = await t.http.post('/api/import').set(t.auth).field('recipes', 'x').attach('file', LATIN1_CSV, 'desk.csv');
    expect(odd.status).toBe(400);
    expect(odd.body.fields).toEqual({ recipes: ['is not a field of the import form (send "recipe", then "file")'] });
    const noFile = await t.http.post('/api/import').set(t.auth).field('recipe', JSON.stringify(LATIN1_RECIPE));
    expect(noFile.body.fields).toEqual({ file: ['required: the form has no "file" part'] });
  });

  test('three bad cells: 422 naming each line, column and cell; nothing stored', async () => {
    const file = windows1252([
      'Datum;Quelle;Ort;Getötet;Bemerkung',
      '07.10.2023;Ukrinform;Mykolaïv;ca. 40;',
      '31.02.2024;AFP;Kherson;12;',
      '09.10.2023;AFP;Kherson;viele;',
      '10.10.2023;AFP;Kherson;-5;',
      '',
    ].join('\r\n'));
    const res = await postForm(t, LATIN1_RECIPE, file, 'bad.csv');
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: 'import_rejected', message: '3 rows were rejected, so nothing was stored; fix them and import again.',
      inserted: 1, updated: 0, unchanged: 0,
      rejected: [
        { line: 3, column: 'Datum', cell: '31.02.2024', template: 'report', fields: { date: ['"31.02.2024" is not a date in the format "dd.MM.yyyy"'] } },
        { line: 4, column: 'Getötet', cell: 'viele', template: 'report', fields: { value: ['"viele" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'] } },
        { line: 5, column: 'Getötet', cell: '-5', template: 'report', fields: { value: ['"-5" is negative: a figure is 0 or more'] } },
      ],
      stats: { rows: 4, blank: 0, filtered: 0, empty_figures: 0, reports: 1, rejected: 3 },
    });
    expect(counts(t.db)).toEqual({ reports: 0, revisions: 0 });
  });

  test.each([
    ['an unknown key', { ...LATIN1_RECIPE, fields: { ...LATIN1_RECIPE.fields, sorce: 'Quelle' } }, { 'recipe.fields.sorce': ['unknown field'] }],
    ['a bad date pattern', { ...LATIN1_RECIPE, fields: { ...LATIN1_RECIPE.fields, date: { column: 'Datum', format: 'dd.MM.YYYY' } } },
      { 'recipe.fields.date.format': ['"dd.MM.YYYY": use yyyy (calendar year), not YYYY (week-numbering year)'] }],
    ['a recipe that is not JSON', '{"format": "csv",', { recipe: [expect.stringMatching(/^is not valid JSON/)] }],
    ['a column the file does not have', { ...LATIN1_RECIPE, fields: { ...LATIN1_RECIPE.fields, value: 'Tote' } },
      { 'recipe.fields.value.column': ['no column "Tote" in the file (its columns: "Datum", "Quelle", "Ort", "Getötet", "Bemerkung")'] }],
  ])('%s: 400 naming it, nothing stored', async (_what, recipe, fields) => {
    const res = await postForm(t, recipe, LATIN1_CSV, 'desk.csv');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed', fields });
    expect(Object.keys(res.body.fields)).toEqual(Object.keys(fields));
    expect(counts(t.db).reports).toBe(0);
  });

  test('an HDX file (its own columns, an HXL row, no party or kind) with a recipe of only defaults', async () => {
    const hdx = [
      'Date,Admin 1,Location,Killed,Injured,Source',
      '#date,#adm1+name,#loc+name,#affected+killed,#affected+injured,#meta+source',
      '2023-10-07,North Gaza,Jabalia,4,12,Ministry of Health',
      '2023-10,Rafah,Tal as-Sultan,7,,OCHA',
      '',
    ].join('\r\n');
    const bare = await t.http.post('/api/import').set(t.auth).type('text/csv').send(hdx);
    // Without a recipe the tags map it, and say what they cannot: party and kind.
    expect(bare.status).toBe(422);
    expect(bare.body.rejected).toEqual([
      { line: 3, template: '#affected+killed', fields: { party: ['required'], kind: ['required'] } },
      { line: 4, template: '#affected+killed', fields: { party: ['required'], kind: ['required'] } },
    ]);
    const res = await postForm(t, { format: 'csv', defaults: { party: 'Civilians', kind: 'incident' } }, Buffer.from(hdx), 'hdx.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inserted: 3, rejected: [] });
    const base = { party: 'Civilians', kind: 'incident', qualifier: 'exact' };
    expect(stored(t)).toEqual([
      { ...base, date: '2023-10-07', date_precision: 'day', source: 'Ministry of Health', location: 'Jabalia', metric: 'killed', value: 4 },
      { ...base, date: '2023-10-07', date_precision: 'day', source: 'Ministry of Health', location: 'Jabalia', metric: 'wounded', value: 12 },
      { ...base, date: '2023-10-31', date_precision: 'month', source: 'OCHA', location: 'Tal as-Sultan', metric: 'killed', value: 7 },
    ]);
  });

  test('our own CSV and our ?hxl=1 export still import without a recipe', async () => {
    const csv = 'source,party,metric,kind,date,value\r\nAFP,Civilians,killed,incident,2023-10-07,3\r\n';
    expect((await t.http.post('/api/import').set(t.auth).type('text/csv').send(csv)).body).toEqual({ inserted: 1, updated: 0, unchanged: 0, rejected: [], dry_run: false });
    const hxl = (await t.http.get('/api/reports.csv?hxl=1')).text;
    expect((await t.http.post('/api/import').set(t.auth).type('text/csv').send(hxl)).body).toEqual({ inserted: 0, updated: 0, unchanged: 1, rejected: [], dry_run: false });
  });

  test('a workbook or JSON without a recipe, a file that is not what its recipe says: 400 saying so', async () => {
    const noRecipe = await t.http.post('/api/import').set(t.auth).attach('file', await workbook(), 'desk.xlsx');
    expect(noRecipe.status).toBe(400);
    expect(noRecipe.body.fields).toEqual({ recipe: ['required for a workbook (.xlsx): send it in the form before the file, or name a saved one with ?recipe=NAME'] });
    const json = await t.http.post('/api/import').set(t.auth).attach('file', Buffer.from('[{"a":1}]'), 'series.json');
    expect(json.body.fields).toEqual({ recipe: ['required for a JSON file: send it in the form before the file, or name a saved one with ?recipe=NAME'] });
    const notXlsx = await postForm(t, XLSX_RECIPE, LATIN1_CSV, 'desk.xlsx');
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.body).toMatchObject({ error: 'validation_failed', fields: { file: [expect.stringMatching(/^The file is not an \.xlsx workbook that can be read/)] } });
    const notUtf8 = await postForm(t, { ...LATIN1_RECIPE, encoding: undefined }, LATIN1_CSV, 'desk.csv');
    expect(notUtf8.body).toEqual({ error: 'invalid_csv', message: 'Line 1: the file is not utf-8 text. Name its encoding in the recipe, for example "encoding": "windows-1252" for a file saved by Excel on Windows.', line: 1 });
    const recipeAfterFile = await t.http.post('/api/import').set(t.auth).attach('file', Buffer.from('x')).field('recipe', 'desk');
    expect(recipeAfterFile.body.error).toBe('invalid_csv');
    expect(counts(t.db).reports).toBe(0);
  });

  test('a workbook over the .xlsx limit: 413 saying why, nothing stored', async () => {
    const big: SheetData = [FIGURES[0]!, ...Array.from({ length: 3000 }, (_, i) => [month(2024, 1 + (i % 12)), day(2024, 2, 1 + (i % 28)), text('mod'), text(`about ${i}`), i, text(`Place number ${i} with a long name`)])];
    const file = await writeXlsxFile([{ sheet: 'Figures', data: big }]).toBuffer();
    expect(file.length).toBeGreaterThan(64 * 1024);
    for (const res of [await postForm(t, XLSX_RECIPE, file, 'big.xlsx'), await t.http.post('/api/import?recipe=gaza-daily').set(t.auth).type('application/json').send(Buffer.alloc(51 * 1024 * 1024, 32).toString())]) {
      expect(res.status).toBe(413);
    }
    const res = await postForm(t, XLSX_RECIPE, file, 'big.xlsx');
    expect(res.body).toEqual({ error: 'payload_too_large', message: 'The workbook is larger than this server reads over HTTP (64 KB for .xlsx): a sheet is read whole, at about 40 MB of memory per MB of workbook. Save the sheet as CSV (up to 50 MB here, read as it arrives) or use npm run import, which has no limit.' });
    expect(counts(t.db).reports).toBe(0);
  });
});

describe('the preview', () => {
  let t: TestApp;
  beforeAll(() => {
    t = testApp();
  });
  afterAll(() => t.close());

  const preview = (recipe: unknown, file: Buffer, name: string) =>
    t.http.post('/api/import/preview').set(t.auth).field('recipe', JSON.stringify(recipe)).attach('file', file, name);

  test('a recipe that reads no figure yet: the problem, and the columns with their values', async () => {
    const res = await preview({ format: 'csv', delimiter: ';', encoding: 'windows-1252' }, LATIN1_CSV, 'desk.csv');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      reports: [], rejected: [], stats: { rows: 0, blank: 0, filtered: 0, empty_figures: 0, reports: 0, rejected: 0 },
      columns: [
        { name: 'Datum', samples: ['07.10.2023', '08.10.2023'] }, { name: 'Quelle', samples: ['Ukrinform', 'AFP'] },
        { name: 'Ort', samples: ['Mykolaïv', 'Zürich'] }, { name: 'Getötet', samples: ['ca. 40', '189.500–223.000'] },
        { name: 'Bemerkung', samples: ['Angriff; "schwer"'] },
      ],
      hxl: null,
      problem: { message: 'A template reads no figure: fields.value.', line: null, fields: { 'recipe.fields.value': ['required: the column template "report" reads its figure from'] } },
    });
  });

  test('a recipe that maps: the first reports as they would be stored, every error beside its cell', async () => {
    const res = await preview({ ...LATIN1_RECIPE, figure: { read: 'number', decimal_mark: ',' } }, LATIN1_CSV, 'desk.csv');
    expect(res.body.reports).toEqual([]);
    expect(res.body.rejected).toEqual([
      { line: 2, column: 'Getötet', cell: 'ca. 40', template: 'report', fields: { value: ['"ca. 40" is a figure stated in words: read the figure as text ("figure": { "read": "text" })'] } },
      { line: 3, column: 'Getötet', cell: '189.500–223.000', template: 'report', fields: { value: ['"189.500–223.000" is a figure stated in words: read the figure as text ("figure": { "read": "text" })'] } },
    ]);
    expect(res.body.problem).toBeNull();
    const fixed = await preview(LATIN1_RECIPE, LATIN1_CSV, 'desk.csv');
    expect(fixed.body.reports.map((r: { line: number; report: { value: number | null; low: number | null } }) => [r.line, r.report.value, r.report.low])).toEqual([[2, 40, null], [3, null, 189500]]);
    expect(fixed.body.rejected).toEqual([]);
  });

  test('the preview needs a recipe and a writer', async () => {
    expect((await t.http.post('/api/import/preview').attach('file', LATIN1_CSV, 'x.csv')).status).toBe(401);
    const none = await t.http.post('/api/import/preview').set(t.auth).attach('file', LATIN1_CSV, 'x.csv');
    expect(none.body).toMatchObject({ error: 'validation_failed', fields: { recipe: ['required: a recipe as JSON, or the name of a saved one'] } });
  });
});
