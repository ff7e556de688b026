// An .xlsx workbook written here (write-excel-file) and mapped with a recipe: Excel date cells, a
// month-only column, figures as stated text with qualifiers and ranges, a title row above the header, a
// blank row, two sheets, and hostile text.
import { Readable } from 'node:stream';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import type { Recipe } from '../../server/domain/recipe';
import { RecipeFileError, mapFile, preview, type MappedRecord } from '../../server/recipes';
import { collect, validRecipe } from './support';

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const month = (y: number, m: number) => ({ value: utc(y, m, 1), type: Date, format: 'mmm yyyy' });
const day = (y: number, m: number, d: number) => ({ value: utc(y, m, d), type: Date, format: 'yyyy-mm-dd' });
const text = (value: string) => ({ value, type: String });

const CASUALTIES: SheetData = [
  [text('Desk tally: eastern front, monthly (do not edit)')],
  [text('Month'), text('Published'), text('Source'), text('Killed'), text('Wounded'), text('Area'), text('Notes')],
  [month(2024, 1), day(2024, 2, 3), text('mod'), text('about 40'), 120, text('Donetsk oblast'), text('=HYPERLINK("http://evil.example")')],
  [null, null, null, null, null, null, null],
  [month(2024, 2), day(2024, 3, 2), text('afp'), text('189,500–223,000'), null, text('Zaporizhzhia Oblast’s "south", east'), text('line one\nline two')],
  [text('Mar 2024'), 45386, text('mod'), text('more than 13,000'), text('up to 500'), text('Київ'), null],
  [month(2024, 12), day(2025, 1, 2), text('mod'), 12, text('1.2k'), null, text('-5 is not a figure here, just text')],
];

const NOTES: SheetData = [[text('Read me')], [text('Figures as the desk noted them.')]];

async function workbook(): Promise<Buffer> {
  return writeXlsxFile([{ sheet: 'Notes', data: NOTES }, { sheet: 'Casualties', data: CASUALTIES }]).toBuffer();
}

const RECIPE = {
  format: 'xlsx',
  sheet: 'Casualties',
  header_row: 2,
  defaults: { party: 'Ukrainian forces', kind: 'tally' },
  fields: {
    date: { column: 'Month', format: 'MMM yyyy' },
    period_start: { column: 'Month', format: 'MMM yyyy' },
    reported_on: { column: 'Published', format: 'excel' },
    source: { column: 'Source', map: { mod: 'Ukrainian Ministry of Defence', afp: 'AFP' } },
    location: 'Area',
    notes: 'Notes',
  },
  figure: { read: 'text' },
  templates: [
    { name: 'killed', defaults: { metric: 'killed' }, fields: { value: 'Killed' } },
    { name: 'wounded', defaults: { metric: 'wounded' }, fields: { value: 'Wounded' } },
  ],
};

const recipe = (over: Record<string, unknown> = {}): Recipe => validRecipe({ ...RECIPE, ...over });

const report = (line: number, template: string, fields: Record<string, unknown>): MappedRecord => ({
  ok: true, line, template,
  input: {
    date_precision: 'month', qualifier: 'exact', party: 'Ukrainian forces', kind: 'tally',
    ...fields,
  } as never,
});

const EXPECTED: MappedRecord[] = [
  report(3, 'killed', { date: '2024-01-31', period_start: '2024-01-01', reported_on: '2024-02-03', source: 'Ukrainian Ministry of Defence', metric: 'killed', value: 40, qualifier: 'about', location: 'Donetsk oblast', notes: '=HYPERLINK("http://evil.example")' }),
  report(3, 'wounded', { date: '2024-01-31', period_start: '2024-01-01', reported_on: '2024-02-03', source: 'Ukrainian Ministry of Defence', metric: 'wounded', value: 120, location: 'Donetsk oblast', notes: '=HYPERLINK("http://evil.example")' }),
  report(5, 'killed', { date: '2024-02-29', period_start: '2024-02-01', reported_on: '2024-03-02', source: 'AFP', metric: 'killed', low: 189500, high: 223000, location: 'Zaporizhzhia Oblast’s "south", east', notes: 'line one\nline two' }),
  report(6, 'killed', { date: '2024-03-31', period_start: '2024-03-01', reported_on: '2024-04-04', source: 'Ukrainian Ministry of Defence', metric: 'killed', value: 13000, qualifier: 'at_least', location: 'Київ' }),
  report(6, 'wounded', { date: '2024-03-31', period_start: '2024-03-01', reported_on: '2024-04-04', source: 'Ukrainian Ministry of Defence', metric: 'wounded', value: 500, qualifier: 'at_most', location: 'Київ' }),
  report(7, 'killed', { date: '2024-12-31', period_start: '2024-12-01', reported_on: '2025-01-02', source: 'Ukrainian Ministry of Defence', metric: 'killed', value: 12, notes: '-5 is not a figure here, just text' }),
  report(7, 'wounded', { date: '2024-12-31', period_start: '2024-12-01', reported_on: '2025-01-02', source: 'Ukrainian Ministry of Defence', metric: 'wounded', value: 1200, notes: '-5 is not a figure here, just text' }),
];

describe('an .xlsx workbook through a recipe', () => {
  let file: Buffer;
  beforeAll(async () => {
    file = await workbook();
  });

  test('gives the expected reports, each with its sheet row', async () => {
    const m = mapFile(recipe(), file);
    expect(await collect(m.records)).toEqual(EXPECTED);
    // Row 4 is blank; row 5 has no wounded figure.
    expect(m.stats).toEqual({ rows: 5, blank: 1, filtered: 0, empty_figures: 1, reports: 7, rejected: 0 });
    expect(m.file.columns).toEqual(['Month', 'Published', 'Source', 'Killed', 'Wounded', 'Area', 'Notes']);
  });

  test('the sheet by its number, and the file as a stream, give the same', async () => {
    expect(await collect(mapFile(recipe({ sheet: 2 }), Readable.from([file.subarray(0, 100), file.subarray(100)])).records)).toEqual(EXPECTED);
  });

  test('a sheet that is not there, or a header row below the sheet, is an error naming the recipe key', async () => {
    await expect(collect(mapFile(recipe({ sheet: 'Casualtes' }), file).records)).rejects.toEqual(
      new RecipeFileError('The workbook has no sheet named "Casualtes"; its sheets: "Notes", "Casualties".', undefined, { sheet: ['no sheet named "Casualtes" (the workbook has "Notes", "Casualties")'] }));
    await expect(collect(mapFile(recipe({ sheet: 3 }), file).records)).rejects.toMatchObject({ fields: { sheet: ['no sheet number 3 (the workbook has "Notes", "Casualties")'] } });
    await expect(collect(mapFile(recipe({ header_row: 9 }), file).records)).rejects.toMatchObject({ line: 9, fields: { header_row: ['the sheet has 7 rows'] } });
  });

  test('the first sheet by default: its header lacks the recipe\'s columns, each named by path', async () => {
    const { sheet: _sheet, header_row: _row, ...rest } = RECIPE;
    const err = await collect(mapFile(validRecipe(rest), file).records).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecipeFileError);
    expect((err as RecipeFileError).fields).toEqual({
      'fields.date.column': ['no column "Month" in the file (its columns: "Read me")'],
      'fields.period_start.column': ['no column "Month" in the file (its columns: "Read me")'],
      'fields.reported_on.column': ['no column "Published" in the file (its columns: "Read me")'],
      'fields.source.column': ['no column "Source" in the file (its columns: "Read me")'],
      'fields.location.column': ['no column "Area" in the file (its columns: "Read me")'],
      'fields.notes.column': ['no column "Notes" in the file (its columns: "Read me")'],
      'templates.0.fields.value.column': ['no column "Killed" in the file (its columns: "Read me")'],
      'templates.1.fields.value.column': ['no column "Wounded" in the file (its columns: "Read me")'],
    });
  });

  test('the preview: the first reports, the counts, and each column with its values', async () => {
    const p = await preview(recipe(), file, 2);
    expect(p.reports).toEqual(EXPECTED.slice(0, 2));
    expect(p.rejected).toEqual([]);
    expect(p.columns).toEqual([
      { name: 'Month', samples: ['2024-01-01', '2024-02-01', 'Mar 2024', '2024-12-01'] },
      { name: 'Published', samples: ['2024-02-03', '2024-03-02', '45386', '2025-01-02'] },
      { name: 'Source', samples: ['mod', 'afp'] },
      { name: 'Killed', samples: ['about 40', '189,500–223,000', 'more than 13,000', '12'] },
      { name: 'Wounded', samples: ['120', 'up to 500', '1.2k'] },
      { name: 'Area', samples: ['Donetsk oblast', 'Zaporizhzhia Oblast’s "south", east', 'Київ'] },
      { name: 'Notes', samples: ['=HYPERLINK("http://evil.example")', 'line one\nline two', '-5 is not a figure here, just text'] },
    ]);
    expect(p.stats.reports).toBe(7);
  });

  test('a file that is not a workbook is an error, not a crash', async () => {
    await expect(collect(mapFile(recipe(), Buffer.from('Month,Killed\r\nJan 2024,3\r\n')).records)).rejects.toBeInstanceOf(RecipeFileError);
  });
});

