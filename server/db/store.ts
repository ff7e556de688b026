// The store: every SQL statement of conflict-tally, behind named functions that routes and scripts call.
// Each part lives in server/db/store/ by job; createStore puts them together over one connection.
import Database from 'better-sqlite3';
import type { DB } from './connection';
import { statementCache, type StoreContext } from './store/statements';
import { reportWrites } from './store/reports';
import { reportSearch, DEFAULT_SEARCH_TUNING, type SearchTuning } from './store/search';
import { facetReads } from './store/facets';
import { exportPages } from './store/export-pages';
import { figureReads } from './store/figure-reads';
import { eventReads } from './store/events';
import { pairUpkeep } from './store/pair-upkeep';
import { disagreementReads } from './store/disagreements';
import { importStaging } from './store/staging';
import { importSql } from './store/import-sql';
import { sessionStore } from './store/sessions';
import { changeReads } from './store/changes';
import { mirrorWrites } from './store/mirror';
import { recentReads } from './store/recent';
import { accountStore } from './store/accounts';
import { apiTokenStore } from './store/api-tokens';
import { invitationStore } from './store/invitations';
import { auditStore } from './store/audit';
import { recipeStore } from './store/recipes';

export type { Action, Author, Revision, WriteResult } from './store/reports';
export { BOOTSTRAP_WHO } from './store/reports';
export type { AccountRow } from './store/accounts';
export type { SessionEnd, SessionState } from './store/sessions';
export type { TokenMatch } from './store/api-tokens';
export type { InvitationRow } from './store/invitations';
export type { AuditRecord } from './store/audit';
export type { RecipeRevision, RecipeWrite } from './store/recipes';
export type { ReportPage, SearchTuning } from './store/search';
export type { ReportFilter } from './store/search-filter';
export type { Facets } from './store/facets';
export type { StagedRow, Staging } from './store/staging';
export type { EventsQuery } from './store/events';
export type { DisagreementPages } from './store/disagreements';
export { ftsQuery } from './store/search-filter';
export { DEFAULT_SEARCH_TUNING } from './store/search';
export { CursorAheadError, type ChangeReadOptions } from './store/changes';
export { MirrorRefused, type MirrorState } from './store/mirror';

export interface StoreOptions {
  /** How the list with `q` picks its plans (tests set it to run every plan on small data). */
  searchTuning?: SearchTuning;
  /** The time (tests move it on to expire sessions and invitations); the system clock by default. */
  clock?: () => Date;
}

export function createStore(db: DB, options: StoreOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const context: StoreContext = { db, prepared: statementCache(db), clock, now: () => clock().toISOString() };
  const stmt = {
    countLive: db.prepare('SELECT count(*) FROM reports WHERE deleted = 0').pluck(),
    anyReport: db.prepare('SELECT EXISTS (SELECT 1 FROM reports)').pluck(),
    dataVersion: db.prepare('SELECT version FROM data_version WHERE id = 1').pluck(),
  };
  const facets = facetReads(context);
  const figures = figureReads(context);
  const pairs = pairUpkeep(context);
  return {
    db,
    ...reportWrites(context, () => pairs.catchUpPairs()),
    ...reportSearch(context, facets.countFromFacets, options.searchTuning ?? DEFAULT_SEARCH_TUNING),
    ...facets,
    ...exportPages(context),
    ...figures,
    ...eventReads(context, figures.reportsByIds),
    ...pairs,
    ...disagreementReads(context, figures.reportsByIds, pairs),
    ...importStaging(context),
    ...importSql(context),
    ...sessionStore(context),
    ...changeReads(context),
    ...mirrorWrites(context, () => pairs.catchUpPairs()),
    ...recentReads(context),
    ...accountStore(context),
    ...apiTokenStore(context),
    ...invitationStore(context),
    ...auditStore(context),
    ...recipeStore(context),
    clock,

    /** The change counter behind read ETags: moves on every change to any report, from any process. */
    dataVersion: () => stmt.dataVersion.get() as number,
    countLive: () => stmt.countLive.get() as number,
    /** Whether the database has ever held a report (live or deleted). */
    hasAnyReport: () => stmt.anyReport.get() === 1,

    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },

    /** A transaction that takes the write lock at its start (BEGIN IMMEDIATE), for one that reads long
     *  before it writes (an import classifies its rows first): begun deferred, a commit by another
     *  connection meanwhile would make its first write fail (SQLITE_BUSY_SNAPSHOT) after all that work. */
    writeTransaction<T>(fn: () => T): T {
      return db.transaction(fn).immediate();
    },
  };
}

export type Store = ReturnType<typeof createStore>;

/** A read-only view of the database as it is now, on a connection of its own holding one read
 *  transaction (WAL: writers are not blocked): a long export sees one consistent state however many
 *  writes land meanwhile. `close()` ends it. An in-memory database has no second connection: its
 *  store is used as it is. */
export function openSnapshot(store: Store): { store: Store; close: () => void } {
  const { db } = store;
  if (db.memory) return { store, close: () => undefined };
  const snap = new Database(db.name, { readonly: true, fileMustExist: true });
  snap.pragma('busy_timeout = 5000');
  snap.exec('BEGIN');
  snap.prepare('SELECT 1 FROM reports LIMIT 1').get();
  return {
    store: createStore(snap),
    close: () => {
      snap.exec('COMMIT');
      snap.close();
    },
  };
}
