// The readers (server/recipes/read-*.ts): rows with their line, the JSON path, NDJSON lines, encodings,
// and a malformed file as a RecipeFileError naming where.
import { Readable } from 'node:stream';
import type { Recipe } from '../../server/domain/recipe';
import { RecipeFileError, readRows, type SourceRow } from '../../server/recipes';
import { collect, validRecipe } from './support';

const recipe = (r: Record<string, unknown>): Recipe => validRecipe(r);

async function rows(r: Record<string, unknown>, input: string | Buffer | Readable): Promise<SourceRow[]> {
  return collect(readRows(recipe(r), input));
}

describe('json', () => {
  test('an array of objects: the line is the record\'s number, from 1', async () => {
    expect(await rows({ format: 'json' }, '\ufeff[{"a":1},{"a":"x","__proto__":{"b":2}}]')).toEqual([
      { line: 1, cells: { a: 1 } },
      { line: 2, cells: JSON.parse('{"a":"x","__proto__":{"b":2}}') },
    ]);
  });

  test('nested under a path, through objects and list indexes', async () => {
    const doc = JSON.stringify({ meta: { n: 2 }, data: { rows: [{ k: 1 }, { k: 2 }] }, pages: [{ rows: [{ k: 3 }] }] });
    expect(await rows({ format: 'json', path: 'data.rows' }, doc)).toEqual([{ line: 1, cells: { k: 1 } }, { line: 2, cells: { k: 2 } }]);
    expect(await rows({ format: 'json', path: 'pages.0.rows' }, doc)).toEqual([{ line: 1, cells: { k: 3 } }]);
  });

  test.each([
    ['not JSON', {}, '[{"a":1},', 'The file is not valid JSON: Unexpected end of JSON input.'],
    ['an object where a list was expected', {}, '{"data":[],"meta":{}}', 'The file holds an object, not a list of records: name the key of the list with "path" (its keys: "data", "meta").'],
    ['a path that is not there', { path: 'data.row' }, '{"data":{"rows":[]}}', 'The file has no "row" at "data" (its keys: "rows").'],
    ['a path to a number', { path: 'n' }, '{"n":3}', '"n" holds a number, not a list of records.'],
    ['a record that is not an object', {}, '[{"a":1},[1,2]]', 'Record 2 is not an object with keys.'],
  ])('%s is a RecipeFileError', async (_name, extra, text, message) => {
    await expect(rows({ format: 'json', ...extra }, text)).rejects.toMatchObject({ name: 'RecipeFileError', message });
  });
});

describe('ndjson', () => {
  test('one object a line, blank lines skipped, CRLF or LF, streamed in small chunks', async () => {
    const text = '{"a":1}\r\n\r\n{"a":"Київ"}\n   \n{"a":3}';
    const bytes = Buffer.from(text);
    const chunks = [...Array(Math.ceil(bytes.length / 3)).keys()].map((i) => bytes.subarray(i * 3, i * 3 + 3));
    const want = [{ line: 1, cells: { a: 1 } }, { line: 3, cells: { a: 'Київ' } }, { line: 5, cells: { a: 3 } }];
    expect(await rows({ format: 'ndjson' }, text)).toEqual(want);
    expect(await rows({ format: 'ndjson' }, Readable.from(chunks))).toEqual(want);
  });

  test.each([
    ['a line that is not JSON', '{"a":1}\n{"a":\n', 2, 'Line 2: not valid JSON (Unexpected end of JSON input).'],
    ['a line that is a list', '{"a":1}\n\n[1]\n', 3, 'Line 3: not a JSON object with keys.'],
    ['a line that is not UTF-8', '{"a":1}\n{"a":"\xe9"}\n', 2, 'Line 2: the file is not utf-8 text. Name its encoding in the recipe, for example "encoding": "windows-1252" for a file saved by Excel on Windows.'],
  ])('%s is a RecipeFileError on its line', async (_name, text, line, message) => {
    const input = Readable.from([Buffer.from(text, 'latin1')]);
    await expect(rows({ format: 'ndjson' }, input)).rejects.toEqual(new RecipeFileError(message, line));
  });
});

describe('csv', () => {
  test('UTF-16LE with its BOM needs no encoding in the recipe', async () => {
    const text = 'Ort\tGetötet\r\n"Mykolaïv"\t3\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(await rows({ format: 'csv', delimiter: '\t' }, bytes)).toEqual([{ line: 2, cells: { Ort: 'Mykolaïv', Getötet: '3' } }]);
  });

  test('a malformed file is a RecipeFileError on the line where the bad record starts', async () => {
    await expect(rows({ format: 'csv', delimiter: ';' }, 'a;b\r\n1;2\r\n"3;4\r\n')).rejects.toEqual(
      new RecipeFileError('Line 3: a quoted field is never closed (a " opens it and the file ends before the closing ").', 3));
    await expect(rows({ format: 'csv' }, 'a,b\n1,2,3\n')).rejects.toMatchObject({ line: 2, message: 'Line 2: the record has 3 fields, the header 2.' });
  });

  test('two columns of one name are refused, as in a workbook (the second\'s cells were read under the name)', async () => {
    await expect(rows({ format: 'csv' }, 'date,killed,killed\r\nQ2 2021,10,99\r\n')).rejects.toEqual(
      new RecipeFileError('Line 1: two columns are named "killed" (columns 2 and 3).', 1));
    expect(await rows({ format: 'csv' }, 'date,,\r\n2021,1,2\r\n')).toEqual([{ line: 2, cells: { date: '2021', '': '2' } }]);
  });

  test('a header and nothing else has no rows; an empty file is an error', async () => {
    expect(await rows({ format: 'csv' }, 'a,b\r\n')).toEqual([]);
    await expect(rows({ format: 'csv' }, '')).rejects.toMatchObject({ name: 'RecipeFileError', line: 1 });
  });
});
