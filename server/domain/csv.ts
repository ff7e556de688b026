// The CSV format of reports (DESIGN.md "Interfaces", CSV): header, cell neutralisation, and the mapping
// between a report and one CSV record. Pure: imports nothing from Node, so the browser bundle can use it.
// Parsing a CSV file (Node streams, csv-parse) lives in server/csv/parse.ts.
import { REPORT_INPUT_FIELDS, type Report } from './report';

/** The CSV header, in export order. */
export const CSV_COLUMNS = ['id', ...REPORT_INPUT_FIELDS] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Columns an export from this tool may carry that import ignores. */
export const CSV_IGNORED_COLUMNS = ['created_at', 'updated_at', 'revision'] as const;

/** Columns an import must have (any order). */
export const CSV_REQUIRED_COLUMNS = ['source', 'party', 'metric', 'kind', 'date', 'value'] as const;

/** Free-text columns: the only ones neutralised on export and un-neutralised on import. */
export const CSV_TEXT_COLUMNS = ['source', 'via', 'party', 'location', 'event', 'url', 'quote', 'notes'] as const;

/** Whole-number columns (besides `id`): a plain integer cell is read as a number. */
export const CSV_NUMBER_COLUMNS = ['value', 'low', 'high'] as const;

const TEXT = new Set<string>(CSV_TEXT_COLUMNS);
const NUMBER = new Set<string>(CSV_NUMBER_COLUMNS);
const IGNORED = new Set<string>(CSV_IGNORED_COLUMNS);
const KNOWN = new Set<string>([...CSV_COLUMNS, ...CSV_IGNORED_COLUMNS]);

// A spreadsheet runs a cell starting with one of these as a formula.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/**
 * Neutralises a text cell a spreadsheet would run as a formula: one starting with `=`, `+`, `-`, `@`,
 * tab or CR gets a `'` in front. So that the round trip stays exact, a text that already starts with
 * apostrophes followed by one of those characters ("'=x") gets one more ("''=x").
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Removes exactly the prefix `neutraliseCell` adds: one `'` before apostrophes and a formula character. */
export function unneutraliseCell(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

const TEXT_INDEXES = CSV_COLUMNS.map((c) => TEXT.has(c));

/** One CSV line from values in `CSV_COLUMNS` order (null is an empty cell, text neutralised), equal to
 *  `csvLine(reportToCsvFields(r))`: the line `csvLineSql` must write byte for byte. */
export function csvLineOfValues(values: readonly (string | number | null)[]): string {
  const fields: string[] = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    fields[i] = v === null || v === undefined ? '' : TEXT_INDEXES[i] ? neutraliseCell(String(v)) : String(v);
  }
  return csvLine(fields);
}

// FORMULA_START's characters as code points: = + - @ tab CR.
const FORMULA_CODES = '61, 43, 45, 64, 9, 13';

/** The SQLite expression of one text cell: `csvLine`'s quoting of `neutraliseCell(c)`, NULL when c is. */
function textCellSql(c: string): string {
  // The neutralising `'` contains nothing that needs quotes, so the test for quotes is on the stored text.
  // CR and LF as literal characters inside the SQL strings: a char() call would run per row and column.
  const needsQuotes = `instr(${c}, '"') OR instr(${c}, ',') OR instr(${c}, '\r') OR instr(${c}, '\n')`;
  const isFormula = `unicode(ltrim(${c}, '''')) IN (${FORMULA_CODES})`;
  return `CASE WHEN ${needsQuotes} THEN concat('"', CASE WHEN ${isFormula} THEN '''' END, replace(${c}, '"', '""'), '"')`
    // The cheap test first: only a leading formula character or apostrophe needs the ltrim.
    + ` WHEN unicode(${c}) IN (${FORMULA_CODES}, 39) AND ${isFormula} THEN concat('''', ${c}) ELSE ${c} END`;
}

/**
 * One CSV line of the columns of `CSV_COLUMNS` as an SQLite expression (TEXT, ending in CRLF), byte-equal
 * to `csvLineOfValues` of the same row: so that the export has SQLite write its text instead of handing
 * JavaScript 19 values a row (which cost more than SQLite's reading of the row). Text columns are
 * neutralised and quoted as `csvLine` does; the other columns are written as they are, which is exact
 * because the schema keeps them free of commas, quotes and line breaks (the INTEGER columns of a STRICT
 * table; dates and enums held to their form by CHECK constraints). NULL is an empty cell (`concat`
 * skips it). Needs SQLite 3.44 (`concat`). The bytes are the UTF-8 the text is stored in: a lone
 * surrogate is stored as invalid UTF-8, which a JavaScript string reads as U+FFFD, so the export decodes
 * a page that is not valid UTF-8. test/export-speed-csv-sql.test.ts proves the equality.
 */
export function csvLineSql(): string {
  return `concat(${CSV_COLUMNS.map((c) => (TEXT.has(c) ? textCellSql(c) : c)).join(`, ',', `)}, '\r\n')`;
}

/** A stored report as CSV fields, in `CSV_COLUMNS` order: null is an empty cell, text is neutralised. */
export function reportToCsvFields(r: Report): string[] {
  return CSV_COLUMNS.map((c) => {
    const v = r[c];
    if (v === null || v === undefined) return '';
    const s = String(v);
    return TEXT.has(c) ? neutraliseCell(s) : s;
  });
}

const INTEGER = /^-?\d+$/;
const ID = /^\d+$/;

/**
 * One parsed CSV record (header name -> cell) as an object for `ReportInput.safeParse`, and its `id`
 * (`null` when the column is absent or blank, `'invalid'` when it is not a positive whole number).
 * Empty cells are left out; text cells are un-neutralised; `value`, `low`, `high` holding a plain integer
 * become numbers (other text stays, so the schema says "must be a whole number"); `created_at`,
 * `updated_at` and `revision` are ignored. Any other column is passed through as it is, so the schema
 * reports it as an unknown field (`checkCsvHeader` rejects such a header first).
 */
export function csvRecordToInput(record: Record<string, string>): { id: number | null | 'invalid'; input: unknown } {
  let id: number | null | 'invalid' = null;
  // Built in place (a million records are read per import): a column named "__proto__" is defined as
  // an own key, never taken as the object's prototype.
  const input: Record<string, string | number> = {};
  const put = (column: string, value: string | number) => {
    if (column === '__proto__') Object.defineProperty(input, column, { value, enumerable: true, writable: true, configurable: true });
    else input[column] = value;
  };
  for (const column of Object.keys(record)) {
    const cell = record[column]!;
    if (IGNORED.has(column)) continue;
    if (column === 'id') {
      const t = cell.trim();
      if (t === '') id = null;
      else if (ID.test(t) && Number(t) > 0 && Number.isSafeInteger(Number(t))) id = Number(t);
      else id = 'invalid';
      continue;
    }
    if (cell === '') continue;
    if (NUMBER.has(column)) {
      const t = cell.trim();
      if (t === '') continue;
      put(column, INTEGER.test(t) ? Number(t) : cell);
    } else if (TEXT.has(column)) {
      put(column, unneutraliseCell(cell));
    } else {
      put(column, cell);
    }
  }
  return { id, input };
}

/** Removes a UTF-8 byte order mark at the start of a text. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Checks an import header: the required columns present, every column known (the report's columns
 * and `created_at`, `updated_at`, `revision`), none twice; any order. A BOM before the first name is
 * tolerated.
 */
export function checkCsvHeader(header: string[]): { ok: true } | { ok: false; message: string } {
  const names = header.map((h, i) => (i === 0 ? stripBom(h) : h));
  const seen = new Set<string>();
  const duplicate: string[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    if (seen.has(n)) {
      if (!duplicate.includes(n)) duplicate.push(n);
    } else {
      seen.add(n);
    }
    if (!KNOWN.has(n) && !unknown.includes(n)) unknown.push(n);
  }
  const missing = CSV_REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  const list = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(', ');
  const problems: string[] = [];
  if (missing.length) problems.push(`missing required column${missing.length > 1 ? 's' : ''} ${list(missing)}`);
  if (unknown.length) problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${list(unknown)}`);
  if (duplicate.length) problems.push(`duplicate column${duplicate.length > 1 ? 's' : ''} ${list(duplicate)}`);
  if (problems.length === 0) return { ok: true };
  return {
    ok: false,
    message: `The CSV header has ${problems.join('; ')} (expected columns: ${CSV_COLUMNS.join(',')}).`,
  };
}

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/**
 * One CSV record, RFC 4180: a field is quoted when it contains a comma, a double quote, CR or LF (its
 * quotes doubled); fields are joined with commas and the line ends with CRLF.
 */
export function csvLine(fields: readonly string[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i > 0) out += ',';
    out += NEEDS_QUOTES.test(f) ? `"${f.replace(QUOTE, '""')}"` : f;
  }
  return out + '\r\n';
}
