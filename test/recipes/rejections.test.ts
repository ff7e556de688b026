// Rows a recipe cannot make reports of: each bad cell is one rejection naming its line, column and text;
// faults of no cell (a default, a rule across fields) are one more; `where` leaves rows out silently.
import type { Recipe } from '../../server/domain/recipe';
import { mapFile } from '../../server/recipes';
import { collect, validRecipe } from './support';

const recipe = (r: Record<string, unknown>): Recipe => validRecipe(r);


const RECIPE = recipe({
  format: 'csv',
  where: [{ column: 'status', not_in: ['draft', 'retracted'] }],
  defaults: { party: 'Civilians', kind: 'incident', metric: 'killed' },
  fields: { date: 'date', source: { column: 'who', map: { afp: 'AFP', 'ap,ny': 'AP, New York' } }, value: 'killed', location: 'place' },
});

const GOOD = { party: 'Civilians', kind: 'incident', metric: 'killed', date_precision: 'day', qualifier: 'exact' };

test('a file with three bad cells gives three rejections naming line, column and cell', async () => {
  const csv = [
    'date,who,killed,status,place',
    '2024-01-05,afp,3,final,"Kharkiv, ""north"""',
    '2024-02-30,afp,4,final,Kyiv',
    '2024-01-07,afx,5,final,Kyiv',
    '2024-01-08,afp,about 40,final,"=cmd|\' /C calc\'!A0"',
    '2024-01-09,afp,7,draft,Kyiv',
    '2024-01-10,"ap,ny",8,,"Одеса',
    'порт"',
    '',
  ].join('\r\n');
  const m = mapFile(RECIPE, csv);
  expect(await collect(m.records)).toEqual([
    { ok: true, line: 2, template: 'report', input: { ...GOOD, date: '2024-01-05', source: 'AFP', value: 3, location: 'Kharkiv, "north"' } },
    { ok: false, line: 3, column: 'date', cell: '2024-02-30', template: 'report', fields: { date: ['"2024-02-30" is not a date written YYYY-MM-DD, YYYY-MM or YYYY'] } },
    { ok: false, line: 4, column: 'who', cell: 'afx', template: 'report', fields: { source: ['"afx" is not in the field\'s map ("afp", "ap,ny")'] } },
    { ok: false, line: 5, column: 'killed', cell: 'about 40', template: 'report', fields: { value: ['"about 40" is a figure stated in words: read the figure as text ("figure": { "read": "text" })'] } },
    { ok: true, line: 7, template: 'report', input: { ...GOOD, date: '2024-01-10', source: 'AP, New York', value: 8, location: 'Одеса\r\nпорт' } },
  ]);
  expect(m.stats).toEqual({ rows: 6, blank: 0, filtered: 1, empty_figures: 0, reports: 2, rejected: 3 });
});

test('two bad cells in one row are two rejections; a fault of no cell is one more, without a column', async () => {
  const r = recipe({
    format: 'json',
    defaults: { party: 'Civilians', kind: 'tally', period_start: '2024-06-01' },
    fields: { date: 'day', source: 'by', metric: 'what', value: 'n' },
    figure: { read: 'text' },
  });
  const json = JSON.stringify([
    { day: '2024-05-31', by: 'OCHA', what: 'Killed', n: 'many' },
    { day: '2024-07-01', by: 'x'.repeat(201), what: 'killed', n: 9 },
  ]);
  expect(await collect(mapFile(r, json).records)).toEqual([
    { ok: false, line: 1, column: 'what', cell: 'Killed', template: 'report', fields: { metric: ['must be one of killed, wounded, casualties, missing, captured, troops'] } },
    { ok: false, line: 1, column: 'n', cell: 'many', template: 'report', fields: { value: ['"many" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'] } },
    // The period start is a default: no cell to point at.
    { ok: false, line: 1, template: 'report', fields: { period_start: ['must not be after date'] } },
    { ok: false, line: 2, column: 'by', cell: 'x'.repeat(201), template: 'report', fields: { source: ['at most 200 characters'] } },
  ]);
});

test('a bad cell read by several templates of a row is one rejection', async () => {
  const r = recipe({
    format: 'ndjson',
    defaults: { party: 'Civilians', kind: 'incident', source: 'AFP' },
    fields: { date: { column: 'when', format: 'dd/MM/yyyy' } },
    templates: [
      { name: 'killed', defaults: { metric: 'killed' }, fields: { value: 'k' } },
      { name: 'injured', defaults: { metric: 'wounded' }, fields: { value: 'i' } },
    ],
  });
  const ndjson = '{"when":"31/04/2024","k":1,"i":2}\n\n{"when":"01/05/2024","k":{"n":1},"i":[2]}\n';
  expect(await collect(mapFile(r, ndjson).records)).toEqual([
    { ok: false, line: 1, column: 'when', cell: '31/04/2024', template: 'killed', fields: { date: ['"31/04/2024" is not a date in the format "dd/MM/yyyy"'] } },
    { ok: false, line: 3, column: 'k', cell: '{"n":1}', template: 'killed', fields: { value: ['holds an object, not a single value'] } },
    { ok: false, line: 3, column: 'i', cell: '[2]', template: 'injured', fields: { value: ['holds a list, not a single value'] } },
  ]);
});

test('value maps: null or "" makes a field absent; "keep" passes other cells; "empty" drops them', async () => {
  const r = recipe({
    format: 'json',
    defaults: { party: 'Civilians', kind: 'incident', metric: 'killed', source: 'MoH' },
    fields: {
      date: 'd', value: 'n',
      via: { column: 'relay', map: { ocha: 'UN OCHA', direct: null, self: '' }, unmapped: 'empty' },
      location: { column: 'where', map: { KYV: 'Kyiv' }, unmapped: 'keep' },
    },
  });
  const rows = [
    { d: '2024-01-01', n: 1, relay: 'ocha', where: 'KYV' },
    { d: '2024-01-02', n: 2, relay: 'direct', where: 'Lviv' },
    { d: '2024-01-03', n: 3, relay: 'self', where: '' },
    { d: '2024-01-04', n: 4, relay: 'who', where: 5 },
  ];
  const got = (await collect(mapFile(r, JSON.stringify(rows)).records)).map((x) => (x.ok ? [x.input.via, x.input.location] : x));
  expect(got).toEqual([['UN OCHA', 'Kyiv'], [undefined, 'Lviv'], [undefined, undefined], [undefined, '5']]);
});

test('where: equals, not_equals, in, not_in and empty compare trimmed text', async () => {
  const base = { format: 'json', defaults: { party: 'P', kind: 'incident', metric: 'killed', source: 'S', date: '2024-01-01' }, fields: { value: 'n' } };
  const rows = JSON.stringify([
    { n: 1, a: 1, b: ' x ' }, { n: 2, a: '1', b: '' }, { n: 3, a: 2, b: null }, { n: 4, a: true },
  ]);
  const kept = async (where: unknown[]) => (await collect(mapFile(recipe({ ...base, where }), rows).records)).map((x) => (x.ok ? x.input.value : 'error'));
  expect(await kept([{ column: 'a', equals: 1 }])).toEqual([1, 2]);
  expect(await kept([{ column: 'a', not_equals: '1' }])).toEqual([3, 4]);
  expect(await kept([{ column: 'a', in: [2, true] }])).toEqual([3, 4]);
  expect(await kept([{ column: 'b', equals: 'x' }])).toEqual([1]);
  expect(await kept([{ column: 'b', empty: true }])).toEqual([2, 3, 4]);
  expect(await kept([{ column: 'b', empty: false }, { column: 'a', not_in: [2] }])).toEqual([1]);
});

test('a recipe naming a key no JSON record has is an error naming the path, after the rows', async () => {
  const r = recipe({ format: 'json', defaults: { party: 'P', kind: 'incident', metric: 'killed', source: 'S' }, fields: { date: 'date', value: 'kiled' } });
  await expect(collect(mapFile(r, '[{"date":"2024-01-01","killed":3}]').records)).rejects.toMatchObject({
    fields: { 'fields.value.column': ['no column "kiled" in the file (no record has this key; the records\' keys: "date", "killed")'] },
  });
});

test('a recipe that reads no figure is an error before any row', async () => {
  const r = recipe({ format: 'json', templates: [{ name: 'a', fields: { value: 'n' } }, { name: 'b', defaults: { value: 3 } }] });
  await expect(collect(mapFile(r, '[]').records)).rejects.toMatchObject({
    fields: { 'templates.1.fields.value': ['required: the column template "b" reads its figure from'] },
  });
});
