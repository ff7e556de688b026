// Reading a CSV file of reports (RFC 4180, UTF-8, optional BOM) into header-keyed records, each with the
// physical line where it starts, for the import route and script. The format itself (header, cells)
// is server/domain/csv.ts.
import { pipeline, type Readable } from 'node:stream';
import { parse, type CsvErrorCode, type Info, type InfoRecord, type Options, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { checkCsvHeader, stripBom } from '../domain/csv';

/** The longest cell accepted, in characters (the longest report field, `quote`/`notes`, is 2,000). */
export const MAX_FIELD_LENGTH = 10_000;

/** One record of the file: `line` is the physical line (1-based; CRLF, LF or CR ends a line) where it starts. */
export interface CsvRecord {
  line: number;
  record: Record<string, string>;
}

/** A file that is not well-formed CSV (or, with the header check, not a report CSV). */
export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';
  constructor(
    /** The physical line where the faulty record (or the header) starts. */
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ParseCsvOptions {
  /** Check the header with `checkCsvHeader` (default true); a bad header is a `CsvFormatError` on its line. */
  checkHeader?: boolean;
  /** The field delimiter (default ","): an import recipe may name another, such as ";". */
  delimiter?: string;
}

export type CsvInput = string | Buffer | Uint8Array | Readable;

// A field cap would not protect memory on its own: csv-parse buffers the whole record first. Its
// record cap stops a runaway record (an unclosed quote in a huge file) early; the field cap is ours.
const MAX_COLUMNS_GUARD = 32;

/** csv-parse options; each record goes through `reader.row` as csv-parse emits it (`on_record`). */
function csvOptions(reader: RecordReader, delimiter = ','): Options {
  return {
    bom: true,
    delimiter,
    skip_empty_lines: true,
    relax_column_count: false,
    max_record_size: MAX_FIELD_LENGTH * MAX_COLUMNS_GUARD,
    // on_record's result replaces the record; null drops it (the header).
    on_record: ((record: string[], info: InfoRecord) => reader.row(record, info)) as unknown as Options['on_record'],
  };
}

const LINE_BREAK_CHARS = /[\r\n]/g;
const CRLF = /\r\n/g;
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

/**
 * Turns csv-parse rows into header-keyed records with their physical start line, and csv-parse errors
 * into `CsvFormatError`s.
 *
 * Line numbers: csv-parse's `info.lines` at a record is the line its last character is on, but it
 * counts every CR and every LF inside a quoted field as a line of its own (so a quoted CRLF counts
 * two). The start line is therefore `info.lines` less the CR/LF characters inside the record, less the
 * CRLF pairs csv-parse has over-counted inside the records before it. The test suite pins this.
 */
class RecordReader {
  private header: string[] | null = null;
  private overcount = 0;
  private lastEnd = 0; // physical line the previous record ended on
  private lastEmptyLines = 0; // csv-parse's count of blank lines up to the previous record

  constructor(private readonly checkHeader: boolean) {}

  /** The next record, or null for the header. */
  row(record: string[], info: Info): CsvRecord | null {
    let inner = 0;
    let pairs = 0;
    for (const f of record) {
      // Most cells hold no line break: two quick searches spare the regular expressions.
      if (f.indexOf('\n') === -1 && f.indexOf('\r') === -1) continue;
      inner += count(f, LINE_BREAK_CHARS);
      pairs += count(f, CRLF);
    }
    const line = info.lines - inner - this.overcount;
    this.overcount += pairs;
    this.lastEnd = line + inner - pairs;
    this.lastEmptyLines = info.empty_lines;

    for (let i = 0; i < record.length; i++) {
      if (record[i]!.length > MAX_FIELD_LENGTH) {
        const column = this.header?.[i] ?? `${i + 1}`;
        throw new CsvFormatError(
          line,
          `Line ${line}: the ${JSON.stringify(column)} cell is longer than ${MAX_FIELD_LENGTH} characters.`,
        );
      }
    }

    if (this.header === null) {
      const header = record.map((h, i) => (i === 0 ? stripBom(h) : h));
      if (this.checkHeader) {
        const check = checkCsvHeader(header);
        if (!check.ok) throw new CsvFormatError(line, `Line ${line}: ${check.message}`);
      } else {
        // Another's CSV: two columns of one name would leave the second's cells under the name, unseen.
        const first = new Map<string, number>();
        header.forEach((name, i) => {
          if (name.trim() !== '' && first.has(name)) throw new CsvFormatError(line, `Line ${line}: two columns are named "${name}" (columns ${first.get(name)! + 1} and ${i + 1}).`);
          if (!first.has(name)) first.set(name, i);
        });
      }
      this.header = header;
      return null;
    }
    // A null-prototype object: a column named "__proto__" stays a plain key, and no entries array is built.
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    for (let i = 0; i < this.header.length; i++) out[this.header[i]!] = record[i] ?? '';
    return { line, record: out };
  }

  /** Call at the end of the input. */
  end(): void {
    if (this.header === null) throw new CsvFormatError(1, 'The CSV file is empty: it needs a header line.');
  }

  /** A csv-parse error as a CsvFormatError on the line where the faulty record starts. */
  error(err: unknown): unknown {
    if (!isCsvParseError(err)) return err;
    const emptyLines = typeof err.empty_lines === 'number' ? err.empty_lines : this.lastEmptyLines;
    const line = this.lastEnd + 1 + Math.max(0, emptyLines - this.lastEmptyLines);
    return new CsvFormatError(line, `Line ${line}: ${describe(err, this.header?.length)}`);
  }
}

interface CsvParseError extends Error {
  code: CsvErrorCode;
  empty_lines?: unknown;
  record?: unknown;
}

// csv-parse and csv-parse/sync are separate bundles with separate CsvError classes: test the shape.
function isCsvParseError(err: unknown): err is CsvParseError {
  if (!(err instanceof Error) || err instanceof CsvFormatError) return false;
  const code: unknown = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^(CSV_|INVALID_OPENING_QUOTE$)/.test(code);
}

function describe(err: CsvParseError, headerLength: number | undefined): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (a " opens it and the file ends before the closing ").';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS': {
      const got = Array.isArray(err.record) ? err.record.length : undefined;
      if (got === undefined || headerLength === undefined) return 'the record has a different number of fields from the header.';
      return `the record has ${got} field${got === 1 ? '' : 's'}, the header ${headerLength}.`;
    }
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a closing " is followed by something other than a comma or the end of the line (write a " inside a quoted field as "").';
    case 'INVALID_OPENING_QUOTE':
      return 'a " inside an unquoted field (quote the field and write the " as "").';
    case 'CSV_MAX_RECORD_SIZE':
      return `the record is too long (at most ${MAX_FIELD_LENGTH} characters a cell).`;
    default:
      return err.message;
  }
}

/**
 * Parses a CSV file into records keyed by the header, skipping blank lines and a BOM. The header is
 * the first non-blank line. Throws (rejects with) a `CsvFormatError` for a malformed file: an unclosed
 * quote, a record whose field count differs from the header's, a stray quote, a cell longer than
 * `MAX_FIELD_LENGTH`, an empty file, or (unless `checkHeader: false`) a header `checkCsvHeader` refuses.
 */
export async function* parseCsv(input: CsvInput, options: ParseCsvOptions = {}): AsyncGenerator<CsvRecord> {
  const reader = new RecordReader(options.checkHeader ?? true);
  let parser: Parser;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    parser = parse(input, csvOptions(reader, options.delimiter));
  } else {
    const p = parse(csvOptions(reader, options.delimiter));
    parser = p;
    pipeline(input, p, (err) => {
      if (err) p.destroy(err);
    });
  }
  try {
    for await (const r of parser as AsyncIterable<CsvRecord>) yield r;
  } catch (err) {
    throw reader.error(err);
  } finally {
    parser.destroy();
  }
  reader.end();
}

/** `parseCsv` for a whole file in memory, synchronously. */
export function parseCsvSync(input: string | Buffer | Uint8Array, options: ParseCsvOptions = {}): CsvRecord[] {
  const reader = new RecordReader(options.checkHeader ?? true);
  let out: CsvRecord[];
  try {
    out = parseSync(input, csvOptions(reader, options.delimiter)) as unknown as CsvRecord[];
  } catch (err) {
    throw reader.error(err);
  }
  reader.end();
  return out;
}
