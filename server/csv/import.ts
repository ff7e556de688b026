// CSV import with DESIGN.md's semantics. The file is read and every row validated first, valid rows
// going to a temporary staging table; then one synchronous transaction writes them and rolls back if
// anything was rejected or it is a dry run: all or nothing, and never a transaction across an await.
import { ReportInput, fieldErrors, type FieldErrors } from '../domain/report';
import { csvRecordToInput } from '../domain/csv';
import type { StagedRow, Staging, Store } from '../db/store';
import type { ImportResult } from '../domain/api/catalogue';
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

export type { ImportResult } from '../domain/api/catalogue';

export interface ReadImport {
  staging: Staging;
  rejected: ImportResult['rejected'];
}

function isHxlRow(record: Record<string, string>): boolean {
  const cells = Object.values(record).filter((c) => c !== '');
  return cells.length > 0 && cells.every((c) => c.startsWith('#'));
}

const STAGE_BATCH = 1000;

/** Reads the whole file (throws CsvFormatError for a malformed one), validating every record. The
 *  caller must pass the result to `applyImport`, which drops the staging table. */
export async function readImport(store: Store, source: CsvInput, opts: Pick<ImportOptions, 'ids' | 'onProgress' | 'progressEvery'> = {}): Promise<ReadImport> {
  const staging = store.createStaging();
  const rejected: ImportResult['rejected'] = [];
  const every = opts.progressEvery ?? 10_000;
  let batch: StagedRow[] = [];
  let n = 0;
  let first = true;
  try {
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
      else if (parsed.success) batch.push({ line, id: opts.ids === 'ignore' || id === 'invalid' ? null : id, json: JSON.stringify(parsed.data) });
      if (batch.length >= STAGE_BATCH) {
        staging.add(batch);
        batch = [];
      }
      if (++n % every === 0) opts.onProgress?.(n);
    }
    staging.add(batch);
  } catch (e) {
    staging.drop();
    throw e;
  }
  opts.onProgress?.(n);
  return { staging, rejected };
}

class RollBack extends Error {}

/** Writes the staged rows in one synchronous transaction: updates for live ids that differ, inserts for
 *  rows without id unless a live report is identical. Any rejection, or a dry run, rolls it all back,
 *  so the dry run's answer is the real run's. */
export function applyImport(store: Store, read: ReadImport, opts: ImportOptions): ImportResult {
  const result: ImportResult = { inserted: 0, updated: 0, unchanged: 0, rejected: [...read.rejected] };
  try {
    store.transaction(() => {
      // Rows are compared with what was stored before this import: two equal rows of one file are two
      // reports, and an id this import itself gave out is still unknown to the file.
      const maxIdBefore = store.maxId();
      const idLines = new Map<number, number>();
      const at = new Date().toISOString();
      for (const row of read.staging.rows()) {
        const input = JSON.parse(row.json) as ReportInput;
        if (row.id === null) {
          if (store.findIdentical(input, maxIdBefore) !== undefined) result.unchanged++;
          else {
            store.importInsert(input, opts.who, at);
            result.inserted++;
          }
          continue;
        }
        const earlier = idLines.get(row.id);
        if (earlier !== undefined) {
          result.rejected.push({ line: row.line, fields: { id: [`appears twice in this file (also on line ${earlier})`] } });
          continue;
        }
        idLines.set(row.id, row.line);
        const current = row.id <= maxIdBefore ? store.getReport(row.id) : undefined;
        if (!current) {
          result.rejected.push({ line: row.line, fields: { id: ['no live report has this id here: blank the column, or import with ?ids=ignore to add the row as new'] } });
        } else if (store.sameInput(current, input)) {
          result.unchanged++;
        } else {
          store.importUpdate(row.id, input, opts.who, at);
          result.updated++;
        }
      }
      if (result.rejected.length > 0 || opts.dryRun) throw new RollBack();
    });
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
  } finally {
    read.staging.drop();
  }
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}

export async function importCsv(store: Store, source: CsvInput, opts: ImportOptions): Promise<ImportResult> {
  return applyImport(store, await readImport(store, source, opts), opts);
}
