// Our own CSV as mapped records (DESIGN "CSV"): any column order, our header's names, an HXL hashtag
// row under the header skipped, each record validated by the one schema; and importing such a file
// through the import engine (server/import/).
import { ReportInput, fieldErrors, type FieldErrors } from '../domain/report';
import { csvRecordToInput } from '../domain/csv';
import { isHxlRow } from '../domain/hxl';
import type { Store } from '../db/store';
import { importRecords } from '../import/engine';
import type { ImportOptions, ImportResult, MappedRecord } from '../import/types';
import { parseCsv, type CsvInput } from './parse';

export type { ImportOptions, ImportResult } from '../import/types';

/** The records of one of our CSV files. `ids: 'ignore'` treats every id as blank, adding rows from
 *  another database as new. Throws (rejects with) CsvFormatError for a malformed file. */
export async function* csvRecords(source: CsvInput, opts: { ids?: 'match' | 'ignore' } = {}): AsyncGenerator<MappedRecord> {
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
    if (Object.keys(fields).length > 0 || !parsed.success) yield { ok: false, line, fields };
    else yield { ok: true, line, id: opts.ids === 'ignore' || id === 'invalid' ? null : id, input: parsed.data };
  }
}

export function importCsv(store: Store, source: CsvInput, opts: ImportOptions & { ids?: 'match' | 'ignore' }): Promise<ImportResult> {
  return importRecords(store, csvRecords(source, opts), opts);
}
