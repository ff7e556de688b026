// npm run backup -- FILE [--db PATH]: an online backup of the database (TALLY_DB by default) to FILE,
// safe while the server runs and writes; the copy is checked with integrity_check. Exit 1 on failure.
// Restore: see README.md, "Backup and restore".
import { backupDatabase } from '../server/backup';
import { readConfig } from '../server/config';

function usage(message?: string): never {
  if (message) process.stderr.write(`backup: ${message}\n`);
  process.stderr.write('usage: npm run backup -- FILE [--db PATH]   (PATH defaults to $TALLY_DB, else data/tally.db)\n');
  process.exit(1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let db: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--db') {
      const v = args[++i];
      if (!v) usage('--db needs a path');
      db = v;
    } else if (a.startsWith('--db=')) {
      db = a.slice(5);
    } else if (a === '--help' || a === '-h') {
      usage();
    } else if (a.startsWith('-')) {
      usage(`unknown option ${a}`);
    } else {
      rest.push(a);
    }
  }
  if (rest.length !== 1) usage('name one backup file');
  // The same TALLY_DB (and default) as the server.
  db ??= readConfig().TALLY_DB;
  const r = await backupDatabase(db, rest[0]!);
  process.stdout.write(`backup: ${db} -> ${r.file}: ${r.pages} pages in ${r.ms} ms; integrity_check ${r.integrity}; ${r.reports} reports, ${r.revisions} revisions\n`);
  if (r.integrity !== 'ok') {
    process.stderr.write('backup: the copy failed integrity_check; do not rely on it\n');
    process.exit(1);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`backup: failed: ${(e as Error).message}\n`);
  process.exit(1);
});
