// npm run generate:summaries: writes the summary tables' migration from server/db/sql/ (see
// summaries-migration.ts). Run it after changing a rule there, under a new migration number.
import fs from 'node:fs';
import path from 'node:path';
import { SUMMARIES_MIGRATION, summariesMigration } from '../server/db/sql/summaries-migration';

const file = path.join(__dirname, '..', 'server', 'db', 'migrations', SUMMARIES_MIGRATION);
fs.writeFileSync(file, summariesMigration());
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
