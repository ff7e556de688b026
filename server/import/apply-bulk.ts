// The bulk path of an import (decision 0008): inside the import's transaction, the triggers on reports
// are set aside and their work done set by set — the reports inserted and updated by a statement each,
// one revision per stored change in one statement, the search index, the facet counts and the change
// counter — then the summaries of every touched party and metric rebuilt from their reports by the same
// SQL rules the triggers use (server/db/sql/), and the triggers put back.
import os from 'node:os';
import type { Staging, Store } from '../db/store';
import { SCOPE_TABLE, rebuildSummaries } from '../db/sql/summary-rebuild';
import type { ImportOptions } from './types';

/** SQLite's helper threads for the large sorts of building indexes and summaries (it uses none by
 *  default): 87 s to 80 s for a million reports on two cores. */
const SORT_THREADS = Math.min(4, os.availableParallelism());

/** Reports inserted per statement: progress between them. */
const INSERT_CHUNK = 50_000;

export function applyBulk(store: Store, staging: Staging, maxIdBefore: number, opts: ImportOptions, at: string, changes: { inserted: number; updated: number }): void {
  const threadsBefore = store.db.pragma('threads', { simple: true }) as number;
  store.db.pragma(`threads = ${SORT_THREADS}`);
  try {
    storeInSets(store, staging, maxIdBefore, opts, at, changes);
  } finally {
    store.db.pragma(`threads = ${threadsBefore}`);
  }
}

function storeInSets(store: Store, staging: Staging, maxIdBefore: number, opts: ImportOptions, at: string, changes: { inserted: number; updated: number }): void {
  const { db } = store;
  const toStore = changes.inserted + changes.updated;
  let started = Date.now();
  const tell = (phase: 'store' | 'index' | 'summaries' | 'pairs', done: number, total: number, unit: 'rows' | 'steps' | 'tallies') =>
    opts.onProgress?.({ phase, done, total, unit, started });

  store.noteTouched(staging.table, SCOPE_TABLE);
  const restoreTriggers = store.suspendTriggers();
  // Many new reports against those stored: the indexes are built once afterwards, not grown row by row.
  const restoreIndexes = changes.inserted >= store.countLive() ? store.suspendIndexes() : null;
  tell('store', 0, toStore, 'rows');
  let done = 0;
  for (const chunk of store.insertChunks(staging.table, INSERT_CHUNK)) {
    done += store.insertRows(staging.table, at, chunk.from, chunk.to);
    tell('store', done, toStore, 'rows');
  }
  // Updates find their reports by id (the primary key): no secondary index is needed for them.
  done += store.updateRows(staging.table, at);
  tell('store', done, toStore, 'rows');

  // What the triggers would have done, a statement each: told as steps (the indexes take the longest).
  started = Date.now();
  const indexSteps = [
    () => restoreIndexes?.(),
    () => store.writeRevisions(staging.table, maxIdBefore, opts.who, at),
    () => store.indexText(maxIdBefore),
    () => {
      store.moveFacets(staging.table);
      store.bumpVersion();
    },
  ];
  tell('index', 0, indexSteps.length, 'steps');
  indexSteps.forEach((step, i) => {
    step();
    tell('index', i + 1, indexSteps.length, 'steps');
  });

  // The summaries of every touched party and metric, rebuilt together, statement by statement.
  started = Date.now();
  const steps = rebuildSummaries('listed').split(';\n').filter((x) => x.trim() !== '');
  tell('summaries', 0, steps.length, 'steps');
  // A first import (the reports' indexes were set aside): the summaries' own are built once after too.
  const restoreSummaryIndexes = restoreIndexes ? store.suspendSummaryIndexes() : null;
  steps.forEach((sql, i) => {
    db.exec(sql);
    tell('summaries', i + 1, steps.length, 'steps');
  });
  restoreSummaryIndexes?.();
  restoreTriggers();

  // The compared pairs of every series group the rebuild marked (those with tallies now), and of those
  // the updated tallies left (one the import emptied has pairs to remove) (server/db/store/pair-upkeep.ts).
  store.markLeftPairGroups();
  started = Date.now();
  store.catchUpPairs((done, of) => tell('pairs', done, of, 'tallies'));
}
