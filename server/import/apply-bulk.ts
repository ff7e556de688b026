// The bulk path of an import (decision 0008): inside the import's transaction, the triggers on reports
// are set aside and their work done set by set — the reports inserted and updated by a statement each,
// one revision per stored change in one statement, the search index, the facet counts and the change
// counter — then the summaries of every touched party and metric rebuilt from their reports by the same
// SQL rules the triggers use (server/db/sql/), and the triggers put back.
import type { Staging, Store } from '../db/store';
import { SCOPE_TABLE, rebuildSummaries } from '../db/sql/summary-rebuild';
import type { ImportOptions } from './types';

/** Reports inserted per statement: progress between them. */
const INSERT_CHUNK = 50_000;

export function applyBulk(store: Store, staging: Staging, maxIdBefore: number, opts: ImportOptions, at: string): void {
  const { db } = store;
  const toStore = store.changes(staging.table);
  let started = Date.now();
  const tell = (phase: 'store' | 'summaries', done: number, total: number, unit: 'rows' | 'reports') =>
    opts.onProgress?.({ phase, done, total, unit, started });

  store.noteTouched(staging.table, SCOPE_TABLE);
  const restoreTriggers = store.suspendTriggers();
  tell('store', 0, toStore.length, 'rows');
  const inserts = toStore.filter((c) => c.action === 'insert');
  let done = 0;
  for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
    const chunk = inserts.slice(i, i + INSERT_CHUNK);
    done += store.insertRows(staging.table, at, chunk[0]!.seq, chunk[chunk.length - 1]!.seq);
    tell('store', done, toStore.length, 'rows');
  }
  done += store.updateRows(staging.table, at);
  store.writeRevisions(staging.table, maxIdBefore, opts.who, at);
  store.indexText(maxIdBefore);
  store.recountFacets(staging.table);
  store.bumpVersion();
  tell('store', done, toStore.length, 'rows');

  // The summaries of each touched party and metric, one at a time (progress between them).
  started = Date.now();
  const scopes = store.touchedScopes();
  const total = scopes.reduce((n, s) => n + s.reports, 0);
  const rebuild = rebuildSummaries('listed');
  let rebuilt = 0;
  tell('summaries', 0, total, 'reports');
  db.exec('CREATE TEMP TABLE IF NOT EXISTS all_scopes AS SELECT * FROM temp.summary_scope WHERE false; DELETE FROM temp.all_scopes; INSERT INTO temp.all_scopes SELECT * FROM temp.summary_scope;');
  const one = db.prepare('INSERT INTO temp.summary_scope (party, metric) VALUES (?, ?)');
  for (const s of scopes) {
    db.exec('DELETE FROM temp.summary_scope');
    one.run(s.party, s.metric);
    db.exec(rebuild);
    rebuilt += s.reports;
    tell('summaries', rebuilt, total, 'reports');
  }
  restoreTriggers();
  // Compared pairs of the series groups the rebuild marked (the pairs' own triggers are back).
  store.catchUpPairs();
  tell('summaries', total, total, 'reports');
}
