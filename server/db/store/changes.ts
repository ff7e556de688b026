// The change feed: every revision after a cursor, in commit order. The cursor is the revision's row id.
// SQLite lets one writer commit at a time and gives a new row the id above every row already there, so
// the ids of committed revisions rise in commit order; a reader sees only committed rows (its own
// connection's writes are synchronous and never span an await), so a page read after cursor c holds
// every change committed after c, and none before (decision 0011 has the argument and its tests).
import type { Action, Report } from '../../domain/api/report';
import type { Change, ChangesPage, HiddenChange } from '../../domain/api/changes';
import type { StoreContext } from './statements';

interface ChangeRow { id: number; report_id: number; revision: number; action: Action; who: string; at: string; snapshot: string; deleted: 0 | 1 }

export interface ChangeReadOptions {
  /** Signed-in readers get `who`, and the changes of deleted reports whole. */
  signedIn: boolean;
}

/** Thrown when a cursor lies beyond the newest change: the reader's copy is of another database, or
 *  of this one before it was restored from an older backup. */
export class CursorAheadError extends Error {
  constructor(readonly cursor: number, readonly latest: number) {
    super(`cursor ${cursor} is beyond the newest change (${latest})`);
  }
}

export function changeReads({ db }: StoreContext) {
  const stmt = {
    page: db.prepare(`SELECT v.id, v.report_id, v.revision, v.action, v.who, v.at, v.snapshot, r.deleted
      FROM revisions v JOIN reports r ON r.id = v.report_id WHERE v.id > ? ORDER BY v.id LIMIT ?`),
    latest: db.prepare('SELECT coalesce(max(id), 0) FROM revisions').pluck(),
  };

  function entryOf(row: ChangeRow, o: ChangeReadOptions): Change | HiddenChange {
    const head = { cursor: String(row.id), action: row.action, id: row.report_id, revision: row.revision };
    // A deleted report is hidden from every public view: to anonymous readers its changes, the delete
    // among them, are only which report and which revision (a mirror deletes it, and learns nothing).
    if (!o.signedIn && row.deleted === 1) return head;
    const change: Change = { ...head, at: row.at, report: JSON.parse(row.snapshot) as Report };
    if (o.signedIn) change.who = row.who;
    return change;
  }

  return {
    /** Up to `limit` changes after `after` (0: from the first), in one read transaction. */
    changesAfter(after: number, limit: number, o: ChangeReadOptions): ChangesPage {
      return db.transaction((): ChangesPage => {
        const latest = stmt.latest.get() as number;
        if (after > latest) throw new CursorAheadError(after, latest);
        const rows = stmt.page.all(after, limit + 1) as ChangeRow[];
        const more = rows.length > limit;
        const items = (more ? rows.slice(0, limit) : rows).map((r) => entryOf(r, o));
        return { items, next: items.length > 0 ? items[items.length - 1]!.cursor : String(after), more };
      })();
    },
  };
}
