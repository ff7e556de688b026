// What a chosen file is, from its first bytes (server/domain/import-kind.ts): the one rule the import
// route, the import command and the dialog decide with.
import { csvHeadRecords, csvKindOf, formatOfFile, guessDelimiter } from '../../server/domain/import-kind';

const OURS = 'id,date,date_precision,period_start,source,via,party,metric,kind,value,qualifier,low,high,location,event,reported_on,url,quote,notes';

test.each([
  ['our export', `${OURS}\r\n1,2021-12-02,day,,AFP,,Civilians,killed,incident,3,exact,,,,,,,,\r\n`, 'reports', ','],
  ['our export with its HXL row', `${OURS}\r\n#meta+id,#date,#x_date_precision,#date+start,#meta+source,#meta+via,#x_party,#x_metric,#x_kind,#affected+killed,#x_qualifier,#affected+killed+min,#affected+killed+max,#loc+name,#event+id,#date+reported,#meta+url,#description+quote,#description+notes\r\n`, 'reports', ','],
  ['our columns in another order, required only', 'value,date,kind,metric,party,source\r\n3,2021-12-02,incident,killed,Civilians,AFP\r\n', 'reports', ','],
  ['our columns with a typo: still ours, for the CSV import to name', 'source,party,metric,kind,date,valeu\r\n', 'reports', ','],
  ['an HDX file: its own header, HXL tags under it', 'Date,Admin 1,Killed\r\n#date,#adm1+name,#affected+killed\r\n2023-10-07,Gaza,4\r\n', 'hxl', ','],
  ['HXL tags with spaces and empty cells', 'Date;Notes;Killed\n#date;;#affected +killed\n', 'hxl', ';'],
  ['a desk sheet saved as CSV', 'Datum;Quelle;Getötet\r\n07.10.2023;AFP;ca. 40\r\n', 'other', ';'],
  ['a header only, no second row', 'Date\tKilled\n', 'other', '\t'],
  ['a byte order mark, and a quoted header with a line break', '\ufeff"Date","Killed\nconfirmed"\r\n#date,#affected+killed\r\n', 'hxl', ','],
  ['an empty file', '', 'other', ','],
])('%s', (_what, head, kind, delimiter) => {
  expect([csvKindOf(head, true).kind, csvKindOf(head, true).delimiter]).toEqual([kind, delimiter]);
});

test('a record cut off by the end of the head is left out unless the head is the whole file', () => {
  expect(csvHeadRecords('a,b\r\n1,"two', ',', 5)).toEqual([['a', 'b']]);
  expect(csvHeadRecords('a,b\r\n1,2', ',', 5)).toEqual([['a', 'b']]);
  expect(csvHeadRecords('a,b\r\n1,2', ',', 5, true)).toEqual([['a', 'b'], ['1', '2']]);
  expect(csvHeadRecords('a,b\r\n\r\n"x ""y""",z\r\n', ',', 5)).toEqual([['a', 'b'], ['x "y"', 'z']]);
});

test.each([
  ['a,b;c;d', ';'], ['"a;b",c', ','], ['a\tb\tc|d', '\t'], ['one column', ','], ['a|b|c', '|'],
])('the delimiter of %j is %j', (line, d) => {
  expect(guessDelimiter(`${line}\nrest`)).toBe(d);
});

const bytes = (s: string) => new TextEncoder().encode(s);
test.each([
  ['sheet.xlsx', [0x50, 0x4b, 3, 4], '', 'xlsx'],
  ['no-extension', [0x50, 0x4b, 3, 4], '', 'xlsx'],
  ['series.json', [...bytes('[{"a":1}]')], '[{"a":1}]', 'json'],
  ['series.ndjson', [...bytes('{"a":1}')], '{"a":1}', 'ndjson'],
  ['lines.txt', [...bytes('{"a":1}\n{"a":2}\n')], '{"a":1}\n{"a":2}\n', 'ndjson'],
  ['export', [...bytes('  [ {"a": 1} ]')], '  [ {"a": 1} ]', 'json'],
  ['desk.csv', [...bytes('Datum;Quelle')], 'Datum;Quelle', 'csv'],
])('%s is %s…', (name, head, text, format) => {
  expect(formatOfFile(name, new Uint8Array(head), text)).toBe(format);
});
