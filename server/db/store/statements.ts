// Prepared statements for SQL built at run time (list filters, figure reads), compiled once per text.
import type { Statement } from 'better-sqlite3';
import type { DB } from '../connection';

/** The statement for an SQL text, compiled on first use. The cache holds the most recently used
 *  `capacity` texts: the shapes of SQL are few, but a caller that builds text from data (a list of
 *  values) must not grow it for ever. */
export function statementCache(db: DB, capacity = 500) {
  const cache = new Map<string, Statement<unknown[]>>();
  return (sql: string): Statement<unknown[]> => {
    let s = cache.get(sql);
    if (s) {
      // Most recently used last: a Map keeps insertion order.
      cache.delete(sql);
    } else {
      s = db.prepare<unknown[]>(sql);
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, s);
    return s;
  };
}

export type Prepared = ReturnType<typeof statementCache>;

/** Shared by the parts of the store: the connection, its statement cache and the clock (`now` is
 *  `clock()` as an ISO timestamp; tests inject a clock to move time on). */
export interface StoreContext {
  db: DB;
  prepared: Prepared;
  clock: () => Date;
  now: () => string;
}

/** Drops the triggers (or the indexes made by CREATE INDEX, unique ones included; not those SQLite
 *  makes for a key) on `tables`; the function returned creates them again, from their own text, in
 *  their order. For writes done set by set: the triggers' work is then done once, an index built once
 *  over many new rows is far quicker than grown row by row (a unique index refuses a duplicate then,
 *  and the caller's transaction rolls back). Inside the caller's transaction: a rollback brings them
 *  back too. */
export function suspendSchema(db: DB, kind: 'trigger' | 'index', tables: readonly string[]): () => void {
  const objects = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY rowid`)
    .all(kind, JSON.stringify(tables)) as { name: string; sql: string }[];
  for (const { name } of objects) db.exec(`DROP ${kind.toUpperCase()} ${name}`);
  return () => {
    for (const { sql } of objects) db.exec(sql);
  };
}

/** Runs a write that may be skipped (noting when a session or token was last used): at once or not at
 *  all, without waiting for another connection's transaction (a large import holds the database for a
 *  minute; a read that notes its session must not wait, nor fail, for it). */
export function writeIfFree(db: DB, write: () => void): void {
  if (db.inTransaction) {
    write();
    return;
  }
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    write();
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
