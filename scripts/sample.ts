// npm run sample -- gaza|lebanon [...]: loads a real sample series (data/samples/) into TALLY_DB, so a
// newcomer can explore real data at once. Loading one again changes nothing.
import { readConfig } from '../server/config';
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { SAMPLES, isSampleName, loadSample } from '../server/samples';

const USAGE = `usage: npm run sample -- NAME [NAME ...]\n${Object.entries(SAMPLES).map(([name, s]) => `  ${name.padEnd(8)} ${s.about}`).join('\n')}\n`;

async function main(): Promise<number> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !isSampleName(n));
  if (names.length === 0 || unknown.length > 0) {
    if (unknown.length > 0) process.stderr.write(`sample: no sample named ${unknown.join(', ')}\n`);
    process.stderr.write(USAGE);
    return 2;
  }
  const config = readConfig();
  const db = openDatabase(config.TALLY_DB);
  const store = createStore(db);
  for (const name of names.filter(isSampleName)) {
    const result = await loadSample(store, name);
    process.stdout.write(`sample ${name} into ${config.TALLY_DB}: ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged\n`);
  }
  db.close();
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`sample: ${(e as Error).message}\n`);
  process.exit(1);
});
