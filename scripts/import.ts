// npm run import -- FILE --as ACCOUNT [--dry-run] [--ids=ignore]: the import route's code path, without a
// size limit. The revisions name the account it acts for, which must exist and be enabled.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config';
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { importCsv } from '../server/csv/import';
import { progressPrinter } from './import-progress';
import { CsvFormatError } from '../server/csv/parse';

const USAGE = 'usage: npm run import -- FILE --as ACCOUNT [--dry-run] [--ids=ignore]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, ids: { type: 'string' }, as: { type: 'string' } } });
  } catch (e) {
    process.stderr.write(`import: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const file = args.positionals[0];
  const ids = args.values.ids ?? 'match';
  if (!file || args.positionals.length > 1 || (ids !== 'match' && ids !== 'ignore')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!args.values.as) {
    process.stderr.write(`import: name the account the import acts for (--as ACCOUNT): its revisions carry that account\n${USAGE}\n`);
    return 2;
  }
  if (!fs.existsSync(file)) {
    process.stderr.write(`import: no file ${file}\n`);
    return 2;
  }
  const config = readConfig();
  const db = openDatabase(config.TALLY_DB);
  const store = createStore(db);
  const account = store.accountByName(args.values.as);
  // Every account may import (an editor's or an admin's role); a disabled one may not.
  if (!account || account.disabled) {
    process.stderr.write(`import: ${account ? `${account.name} is disabled` : `no account named "${args.values.as}" (npm run account -- list shows them)`}; nothing imported\n`);
    db.close();
    return 1;
  }
  const started = Date.now();
  const printer = progressPrinter(process.stderr);
  const size = fs.statSync(file).size;
  const stream = fs.createReadStream(file);
  try {
    const result = await importCsv(store, stream, {
      ids, who: { actor: 'account', id: account.id, name: account.name }, dryRun: args.values['dry-run'] ?? false, bulkRows: config.TALLY_BULK_ROWS,
      onProgress: printer.tell, readFraction: () => (size === 0 ? 1 : stream.bytesRead / size),
    });
    printer.end();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ ...result, rejected: result.rejected.slice(0, 50), rejected_count: result.rejected.length, seconds }) + '\n');
    if (result.rejected.length > 0) {
      process.stderr.write(`import: ${result.rejected.length} rejected rows, nothing stored (first: line ${result.rejected[0]!.line})\n`);
      return 1;
    }
    process.stderr.write(`import: ${args.values['dry-run'] ? 'dry run, nothing stored: ' : ''}${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged in ${seconds.toFixed(1)} s\n`);
    return 0;
  } catch (e) {
    if (e instanceof CsvFormatError) {
      printer.end();
      process.stderr.write(`import: ${file} is not a valid report CSV: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    db.close();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`import: ${(e as Error).message}\n`);
  process.exit(1);
});
