// The store phase of an import: the staged rows classified (insert, update, unchanged, rejected) by one
// set of rules, then written in one transaction — row by row for a small import (the triggers keep
// every summary), set by set for a large one (apply-bulk.ts) — and rolled back whole when anything is
// rejected or it is a dry run, so the dry run answers exactly what the real run would.
import type { Store } from '../db/store';
import { applyBulk } from './apply-bulk';
import type { Staged } from './stage';
import { DEFAULT_BULK_ROWS, type ImportOptions, type ImportResult } from './types';

class RollBack extends Error {}

export function applyStaged(store: Store, staged: Staged, opts: ImportOptions): ImportResult {
  const { staging } = staged;
  let result: ImportResult = { inserted: 0, updated: 0, unchanged: 0, rejected: [...staged.rejected] };
  const started = Date.now();
  let committing = started;
  const rows = staging.count();
  try {
    store.writeTransaction(() => {
      // The database is held from here: told at once, so the server answers other writes 503 busy
      // rather than letting them wait for the lock.
      const maxIdBefore = store.maxId();
      const storing = Date.now();
      opts.onProgress?.({ phase: 'store', done: 0, total: rows, unit: 'rows', started: storing });
      const classified = store.classify(staging.table, maxIdBefore, opts.keyFields);
      result = { inserted: classified.inserted, updated: classified.updated, unchanged: classified.unchanged, rejected: [...result.rejected, ...classified.rejected] };
      if (result.rejected.length > 0 || opts.dryRun) throw new RollBack();
      const at = new Date().toISOString();
      // The bulk path for many changes; a large file that changes little (a corrected re-publication) is
      // cheaper row by row, where the triggers touch only what changed.
      if (classified.inserted + classified.updated >= (opts.bulkRows ?? DEFAULT_BULK_ROWS)) {
        applyBulk(store, staging, maxIdBefore, opts, at, classified);
      } else {
        // Each staged row writes its own report (a recipe's templates make several of one line).
        for (const row of staging.changes()) {
          if (row.id === null) store.importInsert(row.input, opts.who, at);
          else store.importUpdate(row.id, row.input, opts.who, at);
        }
        store.catchUpPairs();
        opts.onProgress?.({ phase: 'store', done: rows, total: rows, unit: 'rows', started: storing });
      }
      opts.beforeCommit?.();
      // The commit writes every changed page to the write-ahead log: seconds for a large import, told
      // rather than silent.
      committing = Date.now();
      opts.onProgress?.({ phase: 'commit', done: 0, total: 1, unit: 'steps', started: committing });
    });
    opts.onProgress?.({ phase: 'commit', done: 1, total: 1, unit: 'steps', started: committing });
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
  } finally {
    staging.drop();
  }
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}
