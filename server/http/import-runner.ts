// Where the server stores an import: every route that imports (our CSV, a recipe's file) hands its
// mapped records to the runner, which stores them with the import engine and knows, while it does,
// that a large import holds the database (writes then answer 503) and how far it is (the progress the
// import dialog shows).
import type { Store } from '../db/store';
import { importRecords } from '../import/engine';
import type { ImportOptions, ImportProgress, ImportResult, MappedRecord } from '../import/types';

export interface ImportRunner {
  /** Stores the records (all or nothing; nothing on a dry run). */
  run(records: AsyncIterable<MappedRecord>, opts: ImportOptions): Promise<ImportResult>;
  /** The import under way, if any, and where it is. */
  current(): (ImportProgress & { who: string }) | null;
}

/** The runner of this process, over the server's own connection. */
export function importRunner(store: Store, defaults: Pick<ImportOptions, 'bulkRows'> = {}): ImportRunner {
  let current: (ImportProgress & { who: string }) | null = null;
  return {
    async run(records, opts) {
      const tell = (p: ImportProgress) => {
        current = { ...p, who: opts.who };
        opts.onProgress?.(p);
      };
      try {
        return await importRecords(store, records, { ...defaults, ...opts, onProgress: tell });
      } finally {
        current = null;
      }
    },
    current: () => current,
  };
}
