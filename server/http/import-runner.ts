// Where the server stores an import: every route that imports (our CSV, a recipe's file) hands its
// mapped records to the runner. A small import (fewer records than the bulk threshold) is stored on the
// server's own connection at once; a large one in the import worker (server/import/worker.ts), so that
// reads go on being answered while its transaction is open. The runner knows the import under way and
// how far it is (the progress the import dialog shows), and whether it holds the database, when other
// writes are answered 503 busy (the write gate of server/http/routes.ts) rather than left waiting.
import type { Store } from '../db/store';
import { ApiError } from './errors';
import { authorOf, whoOf } from '../db/store/reports';
import { importRecords } from '../import/engine';
import { importInWorker } from '../import/worker-client';
import { DEFAULT_BULK_ROWS, type ImportOptions, type ImportProgress, type ImportResult, type MappedRecord } from '../import/types';

export const ANOTHER_IMPORT_MESSAGE = 'Another import is being stored, so this file was not; send it again when that one is done.';

export interface ImportRunner {
  /** Stores the records (all or nothing; nothing on a dry run). */
  run(records: AsyncIterable<MappedRecord>, opts: ImportOptions): Promise<ImportResult>;
  /** The import under way, if any, and where it is. */
  current(): (ImportProgress & { who: string }) | null;
  /** Seconds left in the current phase of the import under way (at its rate so far), while it holds the
   *  database and the phase's size is known; null otherwise. What the import dialog shows. */
  phaseLeft(): number | null;
  /** Seconds until the import under way is likely done, while it holds the database (the phase's time
   *  left and a margin for the phases after it: a Retry-After); null otherwise. */
  holdingFor(): number | null;
}

export interface RunnerOptions {
  bulkRows?: number;
  /** Test hook: a large import waits before its commit until the test releases it. */
  hold?: { flag: SharedArrayBuffer; onHolding: () => void };
}

async function* chain<T>(first: readonly T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

export function importRunner(store: Store, options: RunnerOptions = {}): ImportRunner {
  let current: (ImportProgress & { who: string }) | null = null;
  let inWorker = false;
  const bulkRows = options.bulkRows ?? DEFAULT_BULK_ROWS;
  function phaseLeft(): number | null {
    if (!inWorker || current === null || current.phase === 'read' || current.total === null) return null;
    if (current.done >= current.total) return 0;
    const rate = current.done / Math.max(1, (Date.now() - current.started) / 1000);
    return rate > 0 ? Math.ceil((current.total - current.done) / rate) : null;
  }

  let running = false;
  return {
    async run(records, opts) {
      // One import at a time: a second one's end would clear the first's state, and with it the 503
      // that keeps other writes from waiting on the database the first holds.
      if (running) throw new ApiError('busy', ANOTHER_IMPORT_MESSAGE);
      running = true;
      const tell = (p: ImportProgress) => {
        current = { ...p, who: whoOf(authorOf(opts.who)) };
        opts.onProgress?.(p);
      };
      try {
        // The first records decide: a file that ends before the bulk threshold is stored here.
        const it = records[Symbol.asyncIterator]();
        const first: MappedRecord[] = [];
        let ended = false;
        while (first.length < bulkRows) {
          const r = await it.next();
          if (r.done) {
            ended = true;
            break;
          }
          first.push(r.value);
        }
        if (ended || store.db.memory) {
          return await importRecords(store, chain(first, it), { bulkRows, ...opts, onProgress: tell });
        }
        inWorker = true;
        return await importInWorker(store.db.name, chain(first, it), {
          bulkRows, ...opts, onProgress: tell, hold: options.hold?.flag, onHolding: options.hold?.onHolding,
        });
      } finally {
        current = null;
        inWorker = false;
        running = false;
      }
    },
    current: () => current,
    phaseLeft,
    holdingFor() {
      if (!inWorker || current === null || current.phase === 'read') return null;
      // The phases after this one: a few seconds more at least (none after the last two).
      return Math.max(1, (phaseLeft() ?? 30) + (current.phase === 'pairs' || current.phase === 'commit' ? 0 : 10));
    },
  };
}
