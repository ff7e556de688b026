// CSV import with DESIGN.md's semantics: parse and validate every row first, then write all of it in one
// synchronous transaction, or nothing. Used by POST /api/import, `npm run import` and the seed.
import { ReportInput, fieldErrors, type FieldErrors } from '../domain/report';
import { csvRecordToInput } from '../domain/csv';
import type { Store } from '../db/store';
import { parseCsv, type CsvInput } from './parse';

export interface ImportOptions {
  who: string;
  /** Answer as if storing, store nothing. */
  dryRun?: boolean;
  /** `ignore`: treat every id as blank, adding rows from another database as new. */
  ids?: 'match' | 'ignore';
  /** Called every `progressEvery` records while reading, and once at the end. */
  onProgress?: (records: number) => void;
  progressEvery?: number;
}

export interface ImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; fields: FieldErrors }[];
}

/** A valid row waiting to be written. The input is kept as its JSON text: a 200,000-row import holds
 *  one compact string a row instead of a record and a parsed object (measured: 283 MB → see docs). */
interface Row { line: number; id: number | null; json: string }

function isHxlRow(record: Record<string, string>): boolean {
  const cells = Object.values(record).filter((c) => c !== '');
  return cells.length > 0 && cells.every((c) => c.startsWith('#'));
}

/** Reads the whole file (throws CsvFormatError for a malformed one) and validates every record. */
export async function readImport(source: CsvInput, opts: Pick<ImportOptions, 'ids' | 'onProgress' | 'progressEvery'> = {}) {
  const rows: Row[] = [];
  const rejected: ImportResult['rejected'] = [];
  const every = opts.progressEvery ?? 10_000;
  let n = 0;
  let first = true;
  for await (const { line, record } of parseCsv(source)) {
    // An HXL hashtag row under the header (our ?hxl=1 export, or HDX data) is not a report.
    if (first && isHxlRow(record)) {
      first = false;
      continue;
    }
    first = false;
    const { id, input } = csvRecordToInput(record);
    const parsed = ReportInput.safeParse(input);
    const fields: FieldErrors = parsed.success ? Object.create(null) as FieldErrors : fieldErrors(parsed.error.issues);
    if (id === 'invalid' && opts.ids !== 'ignore') fields.id = ['must be a positive whole number, or blank'];
    if (Object.keys(fields).length > 0) rejected.push({ line, fields });
    else if (parsed.success) rows.push({ line, id: opts.ids === 'ignore' || id === 'invalid' ? null : id, json: JSON.stringify(parsed.data) });
    if (++n % every === 0) opts.onProgress?.(n);
  }
  opts.onProgress?.(n);
  return { rows, rejected };
}

/** Decides what each valid row does and, unless anything is rejected or it is a dry run, does it:
 *  all in one synchronous transaction, so no other write can slip between the plan and the writes. */
export function applyImport(store: Store, read: { rows: Row[]; rejected: ImportResult['rejected'] }, opts: ImportOptions): ImportResult {
  return store.transaction(() => {
    const rejected = [...read.rejected];
    // JSON texts, parsed again as they are written, so the plan stays as small as the rows.
    const inserts: string[] = [];
    const updates: { id: number; json: string }[] = [];
    let unchanged = 0;
    const idLines = new Map<number, number>();
    for (const row of read.rows) {
      const input = JSON.parse(row.json) as ReportInput;
      if (row.id !== null) {
        const earlier = idLines.get(row.id);
        if (earlier !== undefined) {
          rejected.push({ line: row.line, fields: { id: [`appears twice in this file (also on line ${earlier})`] } });
          continue;
        }
        idLines.set(row.id, row.line);
        const current = store.getReport(row.id);
        if (!current) {
          rejected.push({ line: row.line, fields: { id: ['no live report has this id here: blank the column, or import with ?ids=ignore to add the row as new'] } });
        } else if (store.sameInput(current, input)) {
          unchanged++;
        } else {
          updates.push({ id: row.id, json: row.json });
        }
        continue;
      }
      // Compared with what is stored before this import: two equal rows of one file are two reports.
      if (store.findIdentical(input) !== undefined) unchanged++;
      else inserts.push(row.json);
    }
    rejected.sort((a, b) => a.line - b.line);
    const result: ImportResult = { inserted: inserts.length, updated: updates.length, unchanged, rejected };
    if (rejected.length > 0 || opts.dryRun) return result;
    store.importWrites(
      (function* () { for (const j of inserts) yield JSON.parse(j) as ReportInput; })(),
      (function* () { for (const u of updates) yield { id: u.id, input: JSON.parse(u.json) as ReportInput }; })(),
      opts.who,
    );
    return result;
  });
}

export async function importCsv(store: Store, source: CsvInput, opts: ImportOptions): Promise<ImportResult> {
  const read = await readImport(source, opts);
  return applyImport(store, read, opts);
}
