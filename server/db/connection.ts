// Opens the SQLite file and brings its schema up to date.
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../paths';

export type DB = Database.Database;

const MIGRATIONS_DIR = fromRoot('server', 'db', 'migrations');
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

export class MigrationError extends Error {}

export interface Migration { version: number; name: string; sql: string }

/** The SHA-256 of a migration's text: recorded when it is applied, and compared at every start. */
export const checksumOf = (sql: string) => crypto.createHash('sha256').update(sql, 'utf8').digest('hex');

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs.readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** Opens (creating if needed) the database with the settings every connection must have. */
export function openDatabase(file: string, options: { migrate?: boolean; onMigration?: MigrationProgress } = {}): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: an acknowledged write survives power loss, not only a process crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (options.migrate !== false) migrate(db, loadMigrations(), options.onMigration);
  return db;
}

/** Told before and after each migration that runs: on a large database one can take a minute (006
 *  fills its summary tables from every report), and a silent start looks like a hang. */
export type MigrationProgress = (m: Migration, done: null | { ms: number }) => void;

/** Applies every migration the database has not seen, each in its own transaction, in order, and
 *  records its checksum. Refuses a database that knows a migration this code does not (it was written
 *  by newer code), or one whose file has changed since the database applied it. */
export function migrate(db: DB, migrations = loadMigrations(), onMigration?: MigrationProgress): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  // Checksums came after the first migrations: a database applied by older code records them now,
  // from the files as they are (applied migrations are kept byte for byte).
  const columns = db.prepare('SELECT name FROM pragma_table_info(\'schema_migrations\')').pluck().all() as string[];
  if (!columns.includes('checksum')) db.exec('ALTER TABLE schema_migrations ADD COLUMN checksum TEXT');
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as
    { version: number; name: string; checksum: string | null }[];
  const unknown = applied.filter((a) => !byVersion.has(a.version));
  if (unknown.length > 0) {
    throw new MigrationError(
      `the database has migration(s) this code does not know: ${unknown.map((u) => u.name).join(', ')}; ` +
      'run a newer version of conflict-tally, or restore a backup',
    );
  }
  const changed = applied.filter((a) => a.checksum !== null && a.checksum !== checksumOf(byVersion.get(a.version)!.sql));
  if (changed.length > 0) {
    throw new MigrationError(
      `migration file(s) changed after the database applied them: ${changed.map((c) => byVersion.get(c.version)!.name).join(', ')}; ` +
      'an applied migration is history: restore the file as it was and put the change in a new migration',
    );
  }
  const fill = db.prepare('UPDATE schema_migrations SET checksum = ? WHERE version = ?');
  for (const a of applied) if (a.checksum === null) fill.run(checksumOf(byVersion.get(a.version)!.sql), a.version);
  const done = new Set(applied.map((a) => a.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)');
  const ran: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    const started = Date.now();
    onMigration?.(m, null);
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString(), checksumOf(m.sql));
    })();
    onMigration?.(m, { ms: Date.now() - started });
    ran.push(m.version);
  }
  return ran;
}
