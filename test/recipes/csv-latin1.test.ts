// A ';'-separated Windows-1252 ("Latin-1") CSV, as Excel saves it on a European desktop, mapped with a
// recipe: non-ASCII names as single bytes, quoted fields holding the delimiter, quotes and a line break,
// figures with a decimal comma, and formula-looking text.
import { Readable } from 'node:stream';
import type { Recipe } from '../../server/domain/recipe';
import { RecipeFileError, mapFile, type MappedRecord } from '../../server/recipes';
import { collect, validRecipe } from './support';

/** The text in Windows-1252 bytes: Latin-1 for U+0000–U+00FF, and 0x92 for ’ and 0x96 for – (the two here beyond it). */
const BEYOND_LATIN1: Record<string, number> = { '’': 0x92, '–': 0x96 };
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((c) => {
    if (c in BEYOND_LATIN1) return BEYOND_LATIN1[c]!;
    const code = c.codePointAt(0)!;
    if (code > 0xff) throw new Error(`not in Windows-1252: ${c}`);
    return code;
  }));
}

const FILE = windows1252([
  'Datum;Quelle;Ort;Getötet;Verletzt;Bemerkung',
  '07.10.2023;Ukrinform;Mykolaïv;ca. 40;13.000;"Angriff; ""schwer"""',
  '08.10.2023;Ukrinform;Zaporizhzhia Oblast’s south;more than 1,2 Mio;;"Zeile eins',
  'Zeile zwei"',
  '09.10.2023;AFP;Kherson;189.500–223.000;12;=SUM(A1)',
  '',
].join('\r\n'));

function recipe(over: Record<string, unknown> = {}): Recipe {
  return validRecipe({
    format: 'csv',
    delimiter: ';',
    encoding: 'windows-1252',
    defaults: { party: 'Civilians', kind: 'incident' },
    fields: { date: { column: 'Datum', format: 'dd.MM.yyyy' }, source: 'Quelle', location: 'Ort', notes: 'Bemerkung' },
    figure: { read: 'text', decimal_mark: ',' },
    templates: [
      { name: 'killed', defaults: { metric: 'killed' }, fields: { value: 'Getötet' } },
      { name: 'wounded', defaults: { metric: 'wounded' }, fields: { value: 'Verletzt' } },
    ],
    ...over,
  });
}

const base = { party: 'Civilians', kind: 'incident', date_precision: 'day', qualifier: 'exact' };

const EXPECTED: MappedRecord[] = [
  { ok: true, line: 2, template: 'killed', input: { ...base, date: '2023-10-07', source: 'Ukrinform', location: 'Mykolaïv', notes: 'Angriff; "schwer"', metric: 'killed', value: 40, qualifier: 'about' } as never },
  { ok: true, line: 2, template: 'wounded', input: { ...base, date: '2023-10-07', source: 'Ukrinform', location: 'Mykolaïv', notes: 'Angriff; "schwer"', metric: 'wounded', value: 13000 } as never },
  { ok: true, line: 3, template: 'killed', input: { ...base, date: '2023-10-08', source: 'Ukrinform', location: 'Zaporizhzhia Oblast’s south', notes: 'Zeile eins\r\nZeile zwei', metric: 'killed', value: 1200000, qualifier: 'at_least' } as never },
  { ok: true, line: 5, template: 'killed', input: { ...base, date: '2023-10-09', source: 'AFP', location: 'Kherson', notes: '=SUM(A1)', metric: 'killed', low: 189500, high: 223000 } as never },
  { ok: true, line: 5, template: 'wounded', input: { ...base, date: '2023-10-09', source: 'AFP', location: 'Kherson', notes: '=SUM(A1)', metric: 'wounded', value: 12 } as never },
];

test('a Windows-1252 file with ";" maps to the expected reports, each on the line where its record starts', async () => {
  const m = mapFile(recipe(), FILE);
  expect(await collect(m.records)).toEqual(EXPECTED);
  expect(m.stats).toEqual({ rows: 3, blank: 0, filtered: 0, empty_figures: 1, reports: 5, rejected: 0 });
});

test('"latin1" names the same encoding (WHATWG reads it as Windows-1252), and a stream of one-byte chunks gives the same', async () => {
  const bytes = [...FILE].map((b) => Buffer.from([b]));
  expect(await collect(mapFile(recipe({ encoding: 'latin1' }), Readable.from(bytes)).records)).toEqual(EXPECTED);
});

test('read as UTF-8 (no encoding named), the file is refused on the line of its first non-UTF-8 byte', async () => {
  await expect(collect(mapFile(recipe({ encoding: undefined }), FILE).records)).rejects.toEqual(new RecipeFileError(
    'Line 1: the file is not utf-8 text. Name its encoding in the recipe, for example "encoding": "windows-1252" for a file saved by Excel on Windows.', 1));
  const late = Buffer.concat([Buffer.from('Datum;Quelle;Ort;Getoetet;Verletzt;Bemerkung\r\n07.10.2023;A;B;1;2;ok\r\n'), windows1252('08.10.2023;A;Mykolaïv;1;2;x\r\n')]);
  const utf8 = recipe({ encoding: undefined, templates: [{ name: 'killed', defaults: { metric: 'killed' }, fields: { value: 'Getoetet' } }] });
  await expect(collect(mapFile(utf8, Readable.from([late.subarray(0, 50), late.subarray(50)])).records)).rejects.toMatchObject({ line: 3 });
});

test('a UTF-8 BOM wins over the encoding the recipe names', async () => {
  const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FILE.toString('latin1').replace('\x92', '’').replace('\x96', '–'), 'utf8')]);
  expect(await collect(mapFile(recipe(), utf8).records)).toEqual(EXPECTED);
});
