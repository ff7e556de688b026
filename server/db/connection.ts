// Opens the SQLite file and brings its schema up to date.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type DB = Database.Database;

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

export class MigrationError extends Error {}

export interface Migration { version: number; name: string; sql: string }

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

/** Applies every migration the database has not seen, each in its own transaction, in order.
 *  Refuses a database that knows a migration this code does not (it was written by newer code). */
/** Told before and after each migration that runs: on a large database one can take a minute (005
 *  fills its summary tables from every report), and a silent start looks like a hang. */
export type MigrationProgress = (m: Migration, done: null | { ms: number }) => void;

export function migrate(db: DB, migrations = loadMigrations(), onMigration?: MigrationProgress): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const known = new Set(migrations.map((m) => m.version));
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as
    { version: number; name: string }[];
  const unknown = applied.filter((a) => !known.has(a.version));
  if (unknown.length > 0) {
    throw new MigrationError(
      `the database has migration(s) this code does not know: ${unknown.map((u) => u.name).join(', ')}; ` +
      'run a newer version of conflict-tally, or restore a backup',
    );
  }
  const done = new Set(applied.map((a) => a.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const ran: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    const started = Date.now();
    onMigration?.(m, null);
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
    onMigration?.(m, { ms: Date.now() - started });
    ran.push(m.version);
  }
  return ran;
}
