// npm run seed: loads data/seed.csv into the database; reports already there are left as they are.
import { readConfig } from '../server/config';
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { loadSeed } from '../server/seed';

async function main() {
  const config = readConfig();
  const db = openDatabase(config.TALLY_DB);
  const result = await loadSeed(createStore(db));
  db.close();
  process.stdout.write(`seed into ${config.TALLY_DB}: ${result.inserted} inserted, ${result.unchanged} unchanged\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`seed: ${(e as Error).message}\n`);
  process.exit(1);
});
