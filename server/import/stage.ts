// The read phase of an import: every mapped record staged (valid ones in the staging table, the
// reasons of the others kept), with progress.
import type { StagedRow, Staging, Store } from '../db/store';
import type { ImportOptions, MappedRecord, Rejected } from './types';

const STAGE_BATCH = 1000;
const PROGRESS_EVERY = 10_000;

export interface Staged { staging: Staging; rejected: Rejected[]; rows: number }

/** Reads all the records into a new staging table of `store`'s connection. The caller passes the
 *  result on to `applyStaged`, which drops the table; a failure while reading drops it here. */
export async function stageRecords(store: Store, records: AsyncIterable<MappedRecord>, opts: Pick<ImportOptions, 'onProgress' | 'readFraction'> = {}): Promise<Staged> {
  const staging = store.createStaging();
  const rejected: Rejected[] = [];
  const started = Date.now();
  const tell = (done: number) => opts.onProgress?.({ phase: 'read', done, total: null, unit: 'rows', fraction: opts.readFraction?.(), started });
  let batch: StagedRow[] = [];
  let n = 0;
  try {
    for await (const record of records) {
      if (record.ok) batch.push({ line: record.line, id: record.id ?? null, input: record.input });
      else rejected.push({ line: record.line, fields: record.fields, column: record.column, cell: record.cell, template: record.template });
      if (batch.length >= STAGE_BATCH) {
        staging.add(batch);
        batch = [];
      }
      if (++n % PROGRESS_EVERY === 0) tell(n);
    }
    staging.add(batch);
  } catch (e) {
    staging.drop();
    throw e;
  }
  tell(n);
  return { staging, rejected, rows: n };
}
