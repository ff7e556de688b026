// Reports and their revisions: create, update, delete, restore, history, rename and merge, and the
// row writes an import makes inside its own transaction.
import type { Report, ReportInput } from '../../domain/report';
import type { Action, Revision } from '../../domain/api/report';
import type { RevisionActor } from '../../domain/accounts';
import { REPORT_INPUT_FIELDS } from '../../domain/report';
import { SELECT_REPORT, columnsOf, sameInput, toReport, type ReportRow } from './rows';
import type { StoreContext } from './statements';

export type { Action, Revision } from '../../domain/api/report';

/** Who makes a change: an account (by id, and its name now, which the revision keeps), the bootstrap
 *  token, or a process of the server's own (the seed; a script or test names itself). A plain string is
 *  the last. */
export type Author =
  | { actor: 'account'; id: number; name: string }
  | { actor: 'bootstrap' }
  | { actor: 'system'; name: string };

/** The `who` of the bootstrap token's revisions. */
export const BOOTSTRAP_WHO = 'bootstrap token';

export const authorOf = (a: Author | string): Author => (typeof a === 'string' ? { actor: 'system', name: a } : a);
export const whoOf = (a: Author): string => (a.actor === 'bootstrap' ? BOOTSTRAP_WHO : a.name);

export type WriteResult =
  | { status: 'ok'; report: Report; changed: boolean }
  | { status: 'not_found' }
  | { status: 'conflict'; current: Report };

/** `settle` brings what the server computes itself (the compared pairs) up to date inside a write's
 *  transaction, after the triggers have updated the rest. */
export function reportWrites({ db, now }: StoreContext, settle: () => void) {
  const stmt = {
    get: db.prepare(`${SELECT_REPORT} WHERE id = ?`),
    insert: db.prepare(`INSERT INTO reports (${REPORT_INPUT_FIELDS.join(', ')}, created_at, updated_at, revision)
      VALUES (${REPORT_INPUT_FIELDS.map((f) => '@' + f).join(', ')}, @now, @now, 1)`),
    update: db.prepare(`UPDATE reports SET ${REPORT_INPUT_FIELDS.map((f) => `${f} = @${f}`).join(', ')},
      updated_at = @now, revision = revision + 1 WHERE id = @id`),
    setDeleted: db.prepare('UPDATE reports SET deleted = ?, updated_at = ?, revision = revision + 1 WHERE id = ?'),
    insertRevision: db.prepare(`INSERT INTO revisions (report_id, revision, action, who, at, snapshot, actor, account_id, account_name)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    history: db.prepare(`SELECT revision, action, who, at, snapshot, actor, account_id, account_name FROM revisions
      WHERE report_id = ? ORDER BY revision`),
    maxId: db.prepare('SELECT coalesce(max(id), 0) FROM reports').pluck(),
    countWith: {
      source: db.prepare('SELECT count(*) FROM reports WHERE deleted = 0 AND source = ?').pluck(),
      party: db.prepare('SELECT count(*) FROM reports WHERE deleted = 0 AND party = ?').pluck(),
    },
    liveIdsWith: {
      source: db.prepare('SELECT id FROM reports WHERE deleted = 0 AND source = ? ORDER BY id').pluck(),
      party: db.prepare('SELECT id FROM reports WHERE deleted = 0 AND party = ? ORDER BY id').pluck(),
    },
    rename: {
      source: db.prepare('UPDATE reports SET source = ?, updated_at = ?, revision = revision + 1 WHERE id = ?'),
      party: db.prepare('UPDATE reports SET party = ?, updated_at = ?, revision = revision + 1 WHERE id = ?'),
    },
  };

  const getRow = (id: number) => stmt.get.get(id) as ReportRow | undefined;

  function recordRevision(report: Report, action: Action, by: Author, at: string) {
    const account = by.actor === 'account' ? by : undefined;
    stmt.insertRevision.run(report.id, report.revision, action, whoOf(by), at, JSON.stringify(report), by.actor,
      account?.id ?? null, account?.name ?? null);
  }

  /** Inserts one report and its first revision; the caller holds the transaction. The stored report is
   *  built from what was written rather than read back: one statement less per row of an import. */
  function insertRow(input: ReportInput, who: Author, at: string): Report {
    const cols = columnsOf(input);
    const { lastInsertRowid } = stmt.insert.run({ ...cols, now: at });
    const report = { id: Number(lastInsertRowid), ...cols, created_at: at, updated_at: at, revision: 1 } as unknown as Report;
    recordRevision(report, 'create', who, at);
    return report;
  }

  function updateRow(id: number, input: ReportInput, who: Author, at: string): Report {
    stmt.update.run({ ...columnsOf(input), id, now: at });
    const report = toReport(getRow(id)!);
    recordRevision(report, 'update', who, at);
    return report;
  }

  function setDeleted(id: number, deleted: boolean, who: Author, ifMatch?: number): WriteResult {
    return db.transaction((): WriteResult => {
      const row = getRow(id);
      if (!row || row.deleted === (deleted ? 1 : 0)) return { status: 'not_found' };
      if (ifMatch !== undefined && ifMatch !== row.revision) return { status: 'conflict', current: toReport(row) };
      const at = now();
      stmt.setDeleted.run(deleted ? 1 : 0, at, id);
      const report = toReport(getRow(id)!);
      recordRevision(report, deleted ? 'delete' : 'restore', who, at);
      settle();
      return { status: 'ok', report, changed: true };
    })();
  }

  return {
    getReport(id: number, opts: { includeDeleted?: boolean } = {}): (Report & { deleted: boolean }) | undefined {
      const row = getRow(id);
      if (!row || (row.deleted && !opts.includeDeleted)) return undefined;
      return { ...toReport(row), deleted: row.deleted === 1 };
    },

    insertReport(input: ReportInput, who: Author | string): Report {
      return db.transaction(() => {
        const report = insertRow(input, authorOf(who), now());
        settle();
        return report;
      })();
    },

    /** An import's insert, inside the caller's transaction (no savepoint per row). */
    importInsert(input: ReportInput, who: Author | string, at: string): Report {
      if (!db.inTransaction) throw new Error('importInsert runs inside store.transaction');
      return insertRow(input, authorOf(who), at);
    },

    importUpdate(id: number, input: ReportInput, who: Author | string, at: string): Report {
      if (!db.inTransaction) throw new Error('importUpdate runs inside store.transaction');
      return updateRow(id, input, authorOf(who), at);
    },

    /** Replaces a live report's fields. No change, no revision. */
    updateReport(id: number, input: ReportInput, who: Author | string, ifMatch?: number): WriteResult {
      return db.transaction((): WriteResult => {
        const row = getRow(id);
        if (!row || row.deleted) return { status: 'not_found' };
        if (ifMatch !== undefined && ifMatch !== row.revision) return { status: 'conflict', current: toReport(row) };
        if (sameInput(row, input)) return { status: 'ok', report: toReport(row), changed: false };
        const report = updateRow(id, input, authorOf(who), now());
        settle();
        return { status: 'ok', report, changed: true };
      })();
    },

    /** Hides a live report (deleted = 1) and records the revision; nothing is erased. */
    deleteReport(id: number, who: Author | string, ifMatch?: number): WriteResult {
      return setDeleted(id, true, authorOf(who), ifMatch);
    },

    restoreReport(id: number, who: Author | string, ifMatch?: number): WriteResult {
      return setDeleted(id, false, authorOf(who), ifMatch);
    },

    history(id: number): Revision[] {
      const rows = stmt.history.all(id) as {
        revision: number; action: Action; who: string; at: string; snapshot: string;
        actor: RevisionActor; account_id: number | null; account_name: string | null;
      }[];
      return rows.map((r) => ({
        revision: r.revision, action: r.action, who: r.who, at: r.at, actor: r.actor, account_id: r.account_id,
        account_name: r.account_name, legacy: r.actor === 'shared_token', report: JSON.parse(r.snapshot) as Report,
      }));
    },

    /** The highest id ever given; reports written after this call have higher ones. */
    maxId: () => stmt.maxId.get() as number,

    /** How many live reports name `from` as their source or party. */
    countWith(field: 'source' | 'party', from: string): number {
      return stmt.countWith[field].get(from) as number;
    },

    /** Renames (or, when `to` exists already, merges) a source or party across every live report that
     *  names it, in one transaction, each report changed getting its own revision. */
    renameValue(field: 'source' | 'party', from: string, to: string, who: Author | string): number {
      const by = authorOf(who);
      return db.transaction(() => {
        const ids = stmt.liveIdsWith[field].all(from) as number[];
        const at = now();
        for (const id of ids) {
          stmt.rename[field].run(to, at, id);
          recordRevision(toReport(getRow(id)!), 'update', by, at);
        }
        settle();
        return ids.length;
      })();
    },
  };
}
