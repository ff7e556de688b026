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
    store.transaction(() => {
      const maxIdBefore = store.maxId();
      const classified = store.classify(staging.table, maxIdBefore, opts.keyFields);
      result = { inserted: classified.inserted, updated: classified.updated, unchanged: classified.unchanged, rejected: [...result.rejected, ...classified.rejected] };
      if (result.rejected.length > 0 || opts.dryRun) throw new RollBack();
      const at = new Date().toISOString();
      // The bulk path for many changes; a large file that changes little (a corrected re-publication) is
      // cheaper row by row, where the triggers touch only what changed.
      if (classified.inserted + classified.updated >= (opts.bulkRows ?? DEFAULT_BULK_ROWS)) {
        applyBulk(store, staging, maxIdBefore, opts, at, classified);
      } else {
        opts.onProgress?.({ phase: 'store', done: 0, total: rows, unit: 'rows', started });
        // Staged rows by their place in the file (seq), not their line: a recipe's templates make
        // several reports of one line, and each must write only its own.
        const byId = new Map<number, number>();
        const changes = store.changes(staging.table);
        for (const c of changes) if (c.id !== null) byId.set(c.seq, c.id);
        const wanted = new Set(changes.map((c) => c.seq));
        for (const row of staging.rows()) {
          if (!wanted.has(row.seq)) continue;
          const id = byId.get(row.seq);
          if (id === undefined) store.importInsert(row.input, opts.who, at);
          else store.importUpdate(id, row.input, opts.who, at);
        }
        store.catchUpPairs();
        opts.onProgress?.({ phase: 'store', done: rows, total: rows, unit: 'rows', started });
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
