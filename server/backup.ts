// Online backup of the database with SQLite's backup API (better-sqlite3's db.backup), taken while the
// server keeps writing, then checked: the copy is opened on its own and must pass `integrity_check`.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface BackupResult {
  file: string;
  integrity: string;
  reports: number;
  revisions: number;
  pages: number;
  ms: number;
}

export class BackupError extends Error {}

/**
 * Copies `dbFile` to `destFile` (which must not exist yet) through the backup API, in one step: the
 * copy is one consistent snapshot of the last committed state, and writes of other connections
 * (the running server) are neither blocked for long nor able to restart it halfway. Then checks it.
 */
export async function backupDatabase(dbFile: string, destFile: string): Promise<BackupResult> {
  if (!fs.existsSync(dbFile)) throw new BackupError(`no database at ${dbFile}`);
  if (fs.existsSync(destFile)) throw new BackupError(`${destFile} exists already; choose a new file name`);
  fs.mkdirSync(path.dirname(path.resolve(destFile)), { recursive: true });
  const started = Date.now();
  // Read-only: a backup never writes to the live database (nor runs its migrations).
  const src = new Database(dbFile, { readonly: true, fileMustExist: true });
  let pages = 0;
  try {
    src.pragma('busy_timeout = 5000');
    // Returning a large page count copies everything left in the next step, inside one read transaction.
    const progress = await src.backup(destFile, { progress: () => 0x7fffffff });
    pages = progress.totalPages;
  } finally {
    src.close();
  }
  return { ...checkDatabaseFile(destFile), pages, ms: Date.now() - started };
}

/** Opens a database file on its own (read-only) and checks it: integrity and the number of rows. */
export function checkDatabaseFile(file: string): { file: string; integrity: string; reports: number; revisions: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const integrity = rows.map((r) => r.integrity_check).join('; ');
    const reports = db.prepare('SELECT count(*) FROM reports').pluck().get() as number;
    const revisions = db.prepare('SELECT count(*) FROM revisions').pluck().get() as number;
    return { file, integrity, reports, revisions };
  } finally {
    db.close();
  }
}
