// npm run import -- FILE --as ACCOUNT [--recipe=NAME_OR_FILE] [--dry-run] [--ids=ignore]: the import route's code
// path, without a size limit. The revisions name the account it acts for, which must exist and be enabled.
// Without a recipe the file is our own CSV, or a CSV with an HXL row (it maps itself); with one, any file
// the recipe describes (csv, xlsx, json, ndjson).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config';
import { openDatabase } from '../server/db/connection';
import { createStore, type Store } from '../server/db/store';
import { csvRecords } from '../server/csv/import';
import { CsvFormatError } from '../server/csv/parse';
import { csvKindOf, HEAD_BYTES } from '../server/domain/import-kind';
import { parseRecipe, type Recipe } from '../server/domain/recipe';
import type { FieldErrors } from '../server/domain/report';
import { importRecords } from '../server/import/engine';
import type { ImportResult, MappedRecord } from '../server/import/types';
import { RecipeFileError, findRecipe, mapFile } from '../server/recipes';
import { progressPrinter } from './import-progress';

const USAGE = 'usage: npm run import -- FILE --as ACCOUNT [--recipe=NAME_OR_FILE] [--dry-run] [--ids=ignore]';

class UsageError extends Error {}

const listFields = (fields: FieldErrors) => Object.entries(fields).map(([k, v]) => `  ${k}: ${v.join('; ')}`).join('\n');

/** A recipe file (a path that exists, or one ending in .json), else the name of a saved or shipped recipe. */
function loadRecipe(arg: string, store: Store): Recipe {
  let doc: unknown;
  if (fs.existsSync(arg) || arg.endsWith('.json')) {
    if (!fs.existsSync(arg)) throw new UsageError(`no recipe file ${arg}`);
    try {
      doc = JSON.parse(fs.readFileSync(arg, 'utf8'));
    } catch (e) {
      throw new UsageError(`the recipe file ${arg} is not valid JSON: ${(e as Error).message}`);
    }
  } else {
    const found = findRecipe(store, arg);
    if (!found) throw new UsageError(`no recipe named "${arg}" (saved or shipped), and no file ${arg}`);
    doc = found.recipe;
  }
  const r = parseRecipe(doc);
  if (!r.ok) throw new UsageError(`the recipe ${arg} has invalid fields:\n${listFields(r.fields)}`);
  return r.recipe;
}

/** What the file is when no recipe is named: our CSV, or a CSV with an HXL row. */
function kindOf(file: string): 'reports' | 'hxl' | 'other' {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
    return csvKindOf(new TextDecoder().decode(head.subarray(0, n)), n < HEAD_BYTES).kind;
  } finally {
    fs.closeSync(fd);
  }
}

function describeRejection(r: ImportResult['rejected'][number]): string {
  const where = [`line ${r.line}`, r.column !== undefined ? `column ${JSON.stringify(r.column)}` : null, r.cell !== undefined ? `cell ${JSON.stringify(r.cell)}` : null,
    r.template !== undefined ? `template ${JSON.stringify(r.template)}` : null].filter(Boolean).join(', ');
  return `${where}: ${Object.entries(r.fields).map(([k, v]) => `${k} ${v.join('; ')}`).join(', ')}`;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, ids: { type: 'string' }, as: { type: 'string' }, recipe: { type: 'string' } } });
  } catch (e) {
    process.stderr.write(`import: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const file = args.positionals[0];
  const ids = args.values.ids ?? 'match';
  if (!file || args.positionals.length > 1 || (ids !== 'match' && ids !== 'ignore') || args.values.recipe === '') {
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
    let recipe = args.values.recipe === undefined ? null : loadRecipe(args.values.recipe, store);
    if (!recipe && kindOf(file) === 'hxl') recipe = { format: 'csv' };
    const records: AsyncIterable<MappedRecord> = recipe ? mapFile(recipe, stream).records : csvRecords(stream, { ids });
    const result = await importRecords(store, records, {
      who: { actor: 'account', id: account.id, name: account.name }, dryRun: args.values['dry-run'] ?? false, bulkRows: config.TALLY_BULK_ROWS, keyFields: recipe?.key,
      onProgress: printer.tell, readFraction: () => (size === 0 ? 1 : stream.bytesRead / size),
    });
    printer.end();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ ...result, rejected: result.rejected.slice(0, 50), rejected_count: result.rejected.length, seconds }) + '\n');
    if (result.rejected.length > 0) {
      process.stderr.write(`import: ${result.rejected.length} rejected rows, nothing stored; the first: ${describeRejection(result.rejected[0]!)}\n`);
      return 1;
    }
    process.stderr.write(`import: ${args.values['dry-run'] ? 'dry run, nothing stored: ' : ''}${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged in ${seconds.toFixed(1)} s\n`);
    return 0;
  } catch (e) {
    printer.end();
    if (e instanceof UsageError) {
      process.stderr.write(`import: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CsvFormatError) {
      process.stderr.write(`import: ${file} is not a valid report CSV: ${e.message}${kindOf(file) === 'other' ? ' (another file\'s columns? name a recipe with --recipe)' : ''}\n`);
      return 1;
    }
    if (e instanceof RecipeFileError) {
      process.stderr.write(`import: ${file}: ${e.message}${e.fields ? `\n${listFields(e.fields)}` : ''}\n`);
      return 1;
    }
    throw e;
  } finally {
    stream.destroy();
    db.close();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`import: ${(e as Error).message}\n`);
  process.exit(1);
});
