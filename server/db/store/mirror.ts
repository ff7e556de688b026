// A mirror's writes: another server's changes applied as they were made there, ids, revisions and
// times kept, through the same tables and triggers as every write here (so the summaries, the facets,
// the search index and the compared pairs follow), with the cursor stored in the same transaction.
import type { Change, HiddenChange } from '../../domain/api/changes';
import { REPORT_INPUT_FIELDS } from '../../domain/report';
import type { StoreContext } from './statements';

const STORED = ['id', ...REPORT_INPUT_FIELDS, 'created_at', 'updated_at', 'revision', 'deleted'] as const;

export interface MirrorState { source: string; cursor: number }

export class MirrorRefused extends Error {}

export function mirrorWrites({ db, now }: StoreContext, settle: () => void) {
  const stmt = {
    state: db.prepare('SELECT source, cursor FROM mirror_state WHERE id = 1'),
    saveState: db.prepare(`INSERT INTO mirror_state (id, source, cursor, updated_at) VALUES (1, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`),
    anyReport: db.prepare('SELECT EXISTS (SELECT 1 FROM reports)').pluck(),
    exists: db.prepare('SELECT deleted FROM reports WHERE id = ?').pluck(),
    insert: db.prepare(`INSERT INTO reports (${STORED.join(', ')}) VALUES (${STORED.map((c) => '@' + c).join(', ')})`),
    update: db.prepare(`UPDATE reports SET ${STORED.filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`),
    hide: db.prepare('UPDATE reports SET deleted = 1, revision = ? WHERE id = ? AND deleted = 0'),
    // The remote's accounts are not this database's: a mirrored revision keeps the name it was made
    // under (`who`) and is marked as written by a process of the server's own.
    insertRevision: db.prepare(`INSERT INTO revisions (id, report_id, revision, action, who, at, snapshot, actor, account_id, account_name)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'system', NULL, NULL)`),
  };

  function apply(change: Change | HiddenChange, who: string): void {
    if (!('report' in change)) {
      // An anonymous reader's view of a report that is deleted there now: its delete hides it here
      // (if it was ever shown here); its other changes carry nothing to store.
      if (change.action === 'delete') stmt.hide.run(change.revision, change.id);
      return;
    }
    const r = change.report;
    const row = { ...r, deleted: change.action === 'delete' ? 1 : 0 };
    if (stmt.exists.get(r.id) === undefined) stmt.insert.run(row);
    else stmt.update.run(row);
    stmt.insertRevision.run(Number(change.cursor), r.id, change.revision, change.action, change.who ?? who, change.at, JSON.stringify(r));
  }

  return {
    /** Where this database mirrors from, if it is a mirror. */
    mirrorState(): MirrorState | undefined {
      return stmt.state.get() as MirrorState | undefined;
    },

    /** Applies one page of another server's changes and the cursor after it, all or nothing. A database
     *  that holds reports of its own, or mirrors another source, is refused: ids would collide. */
    applyChanges(source: string, changes: readonly (Change | HiddenChange)[], next: string, who = 'mirror'): void {
      db.transaction(() => {
        const state = stmt.state.get() as MirrorState | undefined;
        if (state && state.source !== source) throw new MirrorRefused(`this database mirrors ${state.source}, not ${source}`);
        if (!state && stmt.anyReport.get() === 1) throw new MirrorRefused('this database has reports of its own: a mirror starts from an empty database');
        for (const c of changes) apply(c, who);
        settle();
        stmt.saveState.run(source, Number(next), now());
      })();
    },
  };
}
