// Files with an HXL hashtag row map their tagged columns by themselves: an HDX-shaped file with a recipe
// holding only defaults, and this tool's own `?hxl=1` export mapped back to the reports it was made of.
import { hxlMapping, isHxlRow, normaliseHxlTag } from '../../server/domain/hxl';
import type { Recipe } from '../../server/domain/recipe';
import { ReportInput, inputOf, type Report } from '../../server/domain/report';
import { mapFile, preview, type MappedRecord } from '../../server/recipes';
import { testApp, type TestApp } from '../helpers';
import { collect, validRecipe } from './support';

const recipe = (r: Record<string, unknown>): Recipe => validRecipe(r);


test('an HXL row: hashtags only, attributes in any order and case', () => {
  expect(isHxlRow({ a: '#date', b: '#affected +Killed', c: '' })).toBe(true);
  expect(isHxlRow({ a: '#date', b: 'killed' })).toBe(false);
  expect(isHxlRow({ a: '', b: null })).toBe(false);
  expect(isHxlRow({ a: '#date', b: 12 })).toBe(false);
  expect(normaliseHxlTag(' #Affected +Killed +F ')).toBe('#affected+f+killed');
});

// As HDX publishes casualty series: its own column names, an HXL row, no party or kind.
const HDX = [
  'Date,Governorate,Incident,Killed,Injured,Killed (children),Reported by,Reporting note',
  '#date,#adm1+name,#event+id,#affected+killed,#affected +injured,#affected+killed+children,#meta+source,#meta+notes',
  '2023-10-07,North Gaza,"GZ-1, ""Jabalia""",12,30,4,Ministry of Health,"first, partial"',
  '2023-10-08,Gaza,GZ-2,,5,,Ministry of Health,',
  ',,,,,,,',
  '2023-10,Rafah,GZ-3,7,0,1,OCHA,"=HYPERLINK(""x"")"',
  '',
].join('\r\n');

const DEFAULTS = { party: 'Palestinians in Gaza', kind: 'incident' };
const report = (line: number, template: string, fields: Record<string, unknown>): MappedRecord =>
  ({ ok: true, line, template, input: { ...DEFAULTS, date_precision: 'day', qualifier: 'exact', ...fields } as never });

test('an HDX-shaped file maps with a recipe holding only defaults: one report per figure tag', async () => {
  const m = mapFile(recipe({ format: 'csv', defaults: DEFAULTS }), HDX);
  expect(await collect(m.records)).toEqual([
    report(3, '#affected+killed', { date: '2023-10-07', location: 'North Gaza', event: 'GZ-1, "Jabalia"', source: 'Ministry of Health', metric: 'killed', value: 12 }),
    report(3, '#affected+injured', { date: '2023-10-07', location: 'North Gaza', event: 'GZ-1, "Jabalia"', source: 'Ministry of Health', metric: 'wounded', value: 30 }),
    report(4, '#affected+injured', { date: '2023-10-08', location: 'Gaza', event: 'GZ-2', source: 'Ministry of Health', metric: 'wounded', value: 5 }),
    report(6, '#affected+killed', { date: '2023-10-31', date_precision: 'month', location: 'Rafah', event: 'GZ-3', source: 'OCHA', metric: 'killed', value: 7 }),
    report(6, '#affected+injured', { date: '2023-10-31', date_precision: 'month', location: 'Rafah', event: 'GZ-3', source: 'OCHA', metric: 'wounded', value: 0 }),
  ]);
  expect(m.stats).toEqual({ rows: 4, blank: 1, filtered: 0, empty_figures: 1, reports: 5, rejected: 0 });
  // A disaggregation is no report by itself, and #meta+notes is not one of ours: both are left, and said.
  expect(m.file.hxl?.ignored).toEqual([{ column: 'Killed (children)', tag: '#affected+children+killed' }, { column: 'Reporting note', tag: '#meta+notes' }]);
});

test('without the defaults, each report says what the tags could not: party and kind', async () => {
  const p = await preview(recipe({ format: 'csv' }), HDX, 1);
  expect(p.reports).toEqual([]);
  expect(p.rejected[0]).toEqual({ ok: false, line: 3, template: '#affected+killed', fields: { party: ['required'], kind: ['required'] } });
  // One per row: the two templates of a row have the same fault, said once.
  expect(p.rejected.map((r) => [r.line, r.template])).toEqual([[3, '#affected+killed'], [4, '#affected+injured'], [6, '#affected+killed']]);
  expect(p.stats.rejected).toBe(3);
  expect(p.columns[0]).toEqual({ name: 'Date', samples: ['2023-10-07', '2023-10-08', '2023-10'] });
});

test('a recipe that reads its own figure keeps its templates; the tags fill the fields it leaves open', async () => {
  const r = recipe({ format: 'csv', defaults: { ...DEFAULTS, metric: 'killed' }, fields: { value: 'Killed (children)' }, templates: [{ name: 'children', defaults: { party: 'Children in Gaza' } }] });
  expect(await collect(mapFile(r, HDX).records)).toEqual([
    report(3, 'children', { party: 'Children in Gaza', date: '2023-10-07', location: 'North Gaza', event: 'GZ-1, "Jabalia"', source: 'Ministry of Health', metric: 'killed', value: 4 }),
    report(6, 'children', { party: 'Children in Gaza', date: '2023-10-31', date_precision: 'month', location: 'Rafah', event: 'GZ-3', source: 'OCHA', metric: 'killed', value: 1 }),
  ]);
});

test('the figure tags: #affected+killed+num is killed, min and max are low and high', () => {
  const h = hxlMapping({ d: '#date', k: '#affected+num+killed', lo: '#affected+killed+num+min', hi: '#affected+killed+max', t: '#x_troops' });
  expect(h.figures.map((f) => [f.name, Object.fromEntries(Object.entries(f.sources).map(([k, s]) => [k, s.from === 'column' ? s.spec.column : s.value]))])).toEqual([
    ['#affected+killed+num', { value: 'k', low: 'lo', metric: 'killed' }],
    ['#x_troops', { value: 't', metric: 'troops', kind: 'estimate' }],
  ]);
});

/** Reports with hostile text: commas, quotes, newlines, non-ASCII, formula-looking starts; every kind. */
const FIXED = [
  { source: 'AFP', via: 'France 24', party: 'Ukrainian forces', metric: 'killed', kind: 'tally', date: '2021-12-02', period_start: '2021-01-01', value: 61, reported_on: '2021-12-02', quote: 'toll "61", since the start of the year', notes: 'line one\nline two', url: 'https://example.org/a?b=1,2' },
  { source: '=HYPERLINK("http://evil")', party: 'Civilians', metric: 'wounded', kind: 'incident', date: '2021-12-31', value: 3, qualifier: 'at_least', location: 'Київ, Оболонь', notes: '+380 44 000', event: '-e1' },
  { source: '@SUM(A1)', party: 'Pro-Russia separatists', metric: 'killed', kind: 'incident', date: '2022-01-01', low: 2, high: 6, quote: '-indented', notes: "'=already quoted" },
  { source: 'Ukrainian government', party: 'Russian forces', metric: 'troops', kind: 'estimate', date: '2021-10-31', date_precision: 'month', value: 115000, qualifier: 'about', quote: 'cr\rinside' },
  { source: 'Ukrainian army', party: 'Ukrainian forces', metric: 'killed', kind: 'incident', date: '2021-12-01', value: 1, low: 1, high: 2, location: 'eastern Ukraine' },
];

describe('our own ?hxl=1 export comes back in', () => {
  let t: TestApp;
  let stored: string[];
  const canonical = (input: unknown) => {
    const r = ReportInput.parse(input);
    return JSON.stringify(r, Object.keys(r).sort());
  };
  const exported = async (url: string) => (await t.http.get(url).buffer(true).parse((r, cb) => {
    const parts: Buffer[] = [];
    r.on('data', (d: Buffer) => parts.push(d));
    r.on('end', () => cb(null, Buffer.concat(parts)));
  })).body as Buffer;

  beforeAll(async () => {
    t = testApp();
    for (const r of FIXED) expect((await t.http.post('/api/reports').set(t.auth).send(r)).status).toBe(201);
    const list = await t.http.get('/api/reports').query({ limit: 1000 });
    stored = (list.body.items as Report[]).map((r) => canonical(Object.fromEntries(Object.entries(inputOf(r)).filter(([, v]) => v !== null)))).sort();
  });
  afterAll(() => t.close());

  test.each([
    ['every metric (#affected+num, metric in #x_metric)', '/api/reports.csv?hxl=1', undefined],
    ['with a BOM, for Excel', '/api/reports.csv?hxl=1&bom=1', undefined],
    ['one metric (#affected+killed)', '/api/reports.csv?hxl=1&metric=killed', 'killed'],
  ])('%s, with a recipe of only its format', async (_name, url, metric) => {
    const m = mapFile(recipe({ format: 'csv' }), await exported(url));
    const records = await collect(m.records);
    expect(records.filter((r) => !r.ok)).toEqual([]);
    const got = records.map((r) => (r.ok ? canonical(r.input) : '')).sort();
    expect(got).toEqual(metric ? stored.filter((s) => JSON.parse(s).metric === metric) : stored);
    // The id column is the storing side's business, not a report field.
    expect(m.file.hxl?.ignored).toEqual([{ column: 'id', tag: '#meta+id' }]);
  });
});
