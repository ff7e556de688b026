// An import from mapped records to stored reports: read and stage them, then apply them in one
// transaction (server/import/apply.ts). The same code runs in the import command, in the server's
// import worker (server/import/worker.ts) and for the seed and samples.
import type { Store } from '../db/store';
import { applyStaged } from './apply';
import { stageRecords } from './stage';
import type { ImportOptions, ImportResult, MappedRecord } from './types';

export async function importRecords(store: Store, records: AsyncIterable<MappedRecord>, opts: ImportOptions): Promise<ImportResult> {
  const staged = await stageRecords(store, records, opts);
  return applyStaged(store, staged, opts);
}
