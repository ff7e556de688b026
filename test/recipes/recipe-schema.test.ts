// The recipe format (server/domain/recipe.ts): what it accepts, and every wrong recipe named by its path.
import fs from 'node:fs';
import path from 'node:path';
import { effectiveTemplates, parseRecipe } from '../../server/domain/recipe';

const RECIPES = path.join(__dirname, '..', '..', 'data', 'recipes');

const HINT_ONE_OF = 'needs exactly one of equals, not_equals, in, not_in, empty';

const BAD: [string, unknown, Record<string, string[]>][] = [
  ['not an object', 'csv', { body: ['must be a JSON object'] }],
  ['no format', { fields: { value: 'n' } }, { format: ['must be one of csv, xlsx, json, ndjson'] }],
  ['an unknown format', { format: 'xls' }, { format: ['must be one of csv, xlsx, json, ndjson'] }],
  ['an unknown top-level key', { format: 'csv', sheet: 2 }, { sheet: ['unknown field'] }],
  ['an unknown report field', { format: 'csv', fields: { sorce: 'Source' } }, { 'fields.sorce': ['unknown field'] }],
  ['an unknown key in a field', { format: 'csv', fields: { date: { column: 'Date', fromat: 'dd/MM/yyyy' } } }, { 'fields.date.fromat': ['unknown field'] }],
  ['an unknown key in a template', { format: 'json', templates: [{ name: 'k', feilds: {} }] }, { 'templates.0.feilds': ['unknown field'] }],
  ['an unknown default', { format: 'json', defaults: { kind: 'tally', colour: 'red' } }, { 'defaults.colour': ['unknown field'] }],
  ['a bad date-fns pattern', { format: 'csv', fields: { date: { column: 'Date', format: 'dd/MM/yyyy foo' } } },
    { 'fields.date.format': ['"dd/MM/yyyy foo" is not a date pattern: Format string contains an unescaped latin alphabet character `f`'] }],
  ['a week-numbering year', { format: 'csv', fields: { date: { column: 'Date', format: 'YYYY-MM-dd' } } },
    { 'fields.date.format': ['"YYYY-MM-dd": use yyyy (calendar year), not YYYY (week-numbering year)'] }],
  ['a day of the year', { format: 'csv', fields: { date: { column: 'Date', format: 'yyyy-MM-DD' } } },
    { 'fields.date.format': ['"yyyy-MM-DD": use dd (day of the month), not DD (day of the year)'] }],
  ['a pattern without a year', { format: 'csv', templates: [{ name: 't', fields: { value: 'n', date: { column: 'Date', format: 'dd/MM' } } }] },
    { 'templates.0.fields.date.format': ['"dd/MM" has no year (yyyy)'] }],
  ['a day without a month', { format: 'csv', fields: { date: { column: 'Date', format: "yyyy 'day' dd" } } },
    { 'fields.date.format': ['"yyyy \'day\' dd" has a day but no month (MM)'] }],
  ['a publication day without a day', { format: 'csv', fields: { reported_on: { column: 'Published', format: 'MMMM yyyy' } } },
    { 'fields.reported_on.format': ['the publication day needs a pattern with a day (dd)'] }],
  ['a format on a text field', { format: 'csv', fields: { source: { column: 'Source', format: 'yyyy' } } },
    { 'fields.source.format': ['only a date field (date, period_start, reported_on) has a format'] }],
  ['a wrong type: a number as a column', { format: 'csv', fields: { value: 3 } }, { 'fields.value': ['must be a column name, or an object with a column'] }],
  ['a wrong type: a map of numbers', { format: 'csv', fields: { party: { column: 'p', map: { a: 1 } } } }, { 'fields.party.map.a': ['must be text, or null for absent'] }],
  ['unmapped without a map', { format: 'csv', fields: { party: { column: 'p', unmapped: 'keep' } } }, { 'fields.party.unmapped': ['only with a map'] }],
  ['an unknown unmapped rule', { format: 'csv', fields: { party: { column: 'p', map: {}, unmapped: 'drop' } } }, { 'fields.party.unmapped': ['must be one of error, keep, empty'] }],
  ['a bad default', { format: 'json', defaults: { kind: 'talley', period_start: '2023-02-30', value: -1 } },
    { 'defaults.kind': ['must be one of incident, tally, estimate'], 'defaults.period_start': ['must be a real date written YYYY-MM-DD'], 'defaults.value': ['must be 0 or more'] }],
  ['a two-character delimiter', { format: 'csv', delimiter: ';;' }, { delimiter: ['must be one character'] }],
  ['a quote as delimiter', { format: 'csv', delimiter: '"' }, { delimiter: ['cannot be a quote or a line break'] }],
  ['an unknown encoding', { format: 'csv', encoding: 'klingon-8' }, { encoding: ['"klingon-8" is not an encoding this server knows (e.g. utf-8, windows-1252, latin1, utf-16le)'] }],
  ['sheet 0', { format: 'xlsx', sheet: 0 }, { sheet: ['must be a sheet name or its number, from 1'] }],
  ['header row 1.5', { format: 'xlsx', header_row: 1.5 }, { header_row: ['must be a row number, from 1'] }],
  ['a json path on csv', { format: 'csv', path: 'data' }, { path: ['unknown field'] }],
  ['a condition with no operator', { format: 'json', where: [{ column: 'a' }] }, { 'where.0': [HINT_ONE_OF] }],
  ['a condition with two operators', { format: 'json', where: [{ column: 'a', equals: 1, in: [1] }] }, { 'where.0': [HINT_ONE_OF] }],
  ['an empty in-list', { format: 'json', where: [{ column: 'a', in: [] }] }, { 'where.0.in': ['must name at least one value'] }],
  ['a wrong figure mode', { format: 'json', figure: { read: 'words', decimal_mark: ';' } },
    { 'figure.read': ['must be one of number, text'], 'figure.decimal_mark': ['must be "." or ","'] }],
  ['no templates in the list', { format: 'json', templates: [] }, { templates: ['must hold at least one template'] }],
  ['a template without a name', { format: 'json', templates: [{ fields: { value: 'n' } }] }, { 'templates.0.name': ['required'] }],
  ['an unknown key field', { format: 'json', key: ['date', 'colour'] }, { 'key.1': ['must be a report field'] }],
  // Rules across keys (they run once the shape is right).
  ['two templates with one name', { format: 'json', templates: [{ name: 'killed' }, { name: 'killed' }] }, { 'templates.1.name': ['is also the name of template 1'] }],
  ['a field from a column and a default', { format: 'json', defaults: { source: 'AFP' }, fields: { source: 'src' } },
    { 'fields.source': ['is also in defaults: a field comes from a column or a default, not both'] }],
  ['stated text with a qualifier column', { format: 'json', figure: { read: 'text' }, fields: { value: 'n', qualifier: 'q' } },
    { 'figure.read': ['"text" reads the qualifier, low and high from the figure\'s words: drop qualifier from fields and defaults'] }],
  ['a key field named twice', { format: 'json', key: ['date', 'date'] }, { 'key.1': ['is named twice'] }],
];

describe('a wrong recipe is refused, naming the path', () => {
  test.each(BAD)('%s', (_name, recipe, fields) => {
    expect(parseRecipe(recipe)).toEqual({ ok: false, fields });
  });
});

test('a recipe parses to its shape: a column name is short for { column }, text is trimmed', () => {
  const r = parseRecipe({
    format: 'csv', delimiter: ';', encoding: 'windows-1252',
    where: [{ column: 'Status', not_equals: 'draft' }],
    defaults: { kind: 'incident', source: '  ACLED ' },
    fields: { date: { column: 'Date', format: 'dd/MM/yyyy' }, value: 'Fatalities', location: ' Admin1 ' },
    figure: { read: 'text', decimal_mark: ',' },
    key: ['event'],
  });
  expect(r).toEqual({
    ok: true,
    recipe: {
      format: 'csv', delimiter: ';', encoding: 'windows-1252',
      where: [{ column: 'Status', not_equals: 'draft' }],
      defaults: { kind: 'incident', source: 'ACLED' },
      fields: { date: { column: 'Date', format: 'dd/MM/yyyy' }, value: { column: 'Fatalities' }, location: { column: 'Admin1' } },
      figure: { read: 'text', decimal_mark: ',' },
      key: ['event'],
    },
  });
});

test('templates inherit the recipe\'s defaults and fields, and override them field by field', () => {
  const r = parseRecipe({
    format: 'json',
    defaults: { kind: 'tally', party: 'Civilians' },
    fields: { date: 'day', source: 'src' },
    figure: { read: 'text' },
    templates: [
      { name: 'killed', defaults: { metric: 'killed' }, fields: { value: 'k' } },
      { name: 'children', defaults: { metric: 'killed', party: 'Children', source: 'UNICEF' }, fields: { value: 'c', date: 'day2' }, figure: { decimal_mark: ',' } },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.fields));
  expect(effectiveTemplates(r.recipe)).toEqual([
    {
      name: 'killed', read: 'text', decimalMark: '.',
      sources: {
        kind: { from: 'default', value: 'tally' }, party: { from: 'default', value: 'Civilians' },
        date: { from: 'column', spec: { column: 'day' } }, source: { from: 'column', spec: { column: 'src' } },
        metric: { from: 'default', value: 'killed' }, value: { from: 'column', spec: { column: 'k' } },
      },
    },
    {
      name: 'children', read: 'text', decimalMark: ',',
      sources: {
        kind: { from: 'default', value: 'tally' }, party: { from: 'default', value: 'Children' },
        date: { from: 'column', spec: { column: 'day2' } }, source: { from: 'default', value: 'UNICEF' },
        metric: { from: 'default', value: 'killed' }, value: { from: 'column', spec: { column: 'c' } },
      },
    },
  ]);
});

test('the shipped recipes are valid', () => {
  const files = fs.readdirSync(RECIPES).filter((f) => f.endsWith('.json')).sort();
  expect(files).toEqual(['gaza-daily.json', 'lebanon-daily.json']);
  for (const f of files) {
    const r = parseRecipe(JSON.parse(fs.readFileSync(path.join(RECIPES, f), 'utf8')));
    expect([f, r.ok ? 'ok' : r.fields]).toEqual([f, 'ok']);
  }
});

test('the recipe schema, figure text, dates and HXL bundle for the browser (no Node import), for the import dialog', async () => {
  const { build } = await import('esbuild');
  const domain = path.join(__dirname, '..', '..', 'server', 'domain');
  const out = await build({
    stdin: {
      contents: ['recipe', 'figure-text', 'recipe-dates', 'hxl'].map((m) => `export * from './${m}';`).join('\n'),
      resolveDir: domain,
      loader: 'ts',
    },
    bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
  });
  expect(out.errors).toEqual([]);
  expect(out.outputFiles[0]!.text).not.toMatch(/from "node:|require\("node:/);
});
