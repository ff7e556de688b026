// The import's part of the benchmark (issue 14): `npm run import` of the whole file into a new database
// against `sqlite3 .import` of the same file into a bare table, with the import process's peak memory;
// then the same file again (all unchanged), and the file as exported with ids with 1% of its figures
// edited (one new revision each, and no other) — each against the same baseline.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/db/connection';
import { createStore } from '../../server/db/store';
import { CSV_HEADER } from './dataset';
import { NODE_TS, ROOT, sampler, type Row } from './measure';

const IMPORT_TARGET = 0.03;
const IMPORT_RSS_TARGET = 400;

/** `sqlite3 .import` of the file into a bare table of text columns: seconds. */
function sqliteImport(csvFile: string, dir: string): number {
  const bare = path.join(dir, 'bare.db');
  for (const f of [bare, `${bare}-journal`]) fs.rmSync(f, { force: true });
  const script = `CREATE TABLE bare (${CSV_HEADER.map((c) => `${c} TEXT`).join(', ')});\n.mode csv\n.import --skip 1 '${csvFile}' bare\n`;
  const t0 = Date.now();
  const r = spawnSync('sqlite3', [bare], { input: script, encoding: 'utf8' });
  const secs = (Date.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`sqlite3 .import failed: ${r.stderr}`);
  fs.rmSync(bare, { force: true });
  return secs;
}

/** `npm run import` of a file: seconds, peak memory of the process tree, and its answer. */
async function appImport(file: string, dbFile: string): Promise<{ secs: number; peak: number; result: { inserted: number; updated: number; unchanged: number }; progress: string[] }> {
  const t0 = Date.now();
  const child = spawn(NODE_TS[0], [...NODE_TS.slice(1), 'scripts/import.ts', file, '--as', 'bench'], { cwd: ROOT, env: { ...process.env, TALLY_DB: dbFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  const mem = sampler(child.pid!, 200);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  mem.stop();
  if (code !== 0) throw new Error(`import of ${file} failed (${code}): ${err.slice(-2000)}`);
  return { secs: (Date.now() - t0) / 1000, peak: mem.peak(), result: JSON.parse(out) as never, progress: err.split('\n').filter((l) => l.startsWith('import:')) };
}

/** The database exported with ids, 1% of the reports' figures raised by one: the number edited. */
async function editOnePercent(dbFile: string, into: string): Promise<number> {
  const exported = `${into}.exported`;
  const r = spawnSync(NODE_TS[0], [...NODE_TS.slice(1), 'scripts/export.ts'], { cwd: ROOT, env: { ...process.env, TALLY_DB: dbFile }, stdio: ['ignore', fs.openSync(exported, 'w'), 'pipe'] });
  if (r.status !== 0) throw new Error(`export failed: ${r.stderr?.toString()}`);
  let i = 0;
  let edited = 0;
  await pipeline(fs.createReadStream(exported), parse({ columns: true }), async function* (rows: AsyncIterable<Record<string, string>>) {
    for await (const row of rows) {
      if (i++ % 100 === 0 && row.value !== '') {
        row.value = String(Number(row.value) + 1);
        if (row.high !== '' && Number(row.high) < Number(row.value)) row.high = row.value;
        edited++;
      }
      yield row;
    }
  }, stringify({ header: true, record_delimiter: 'windows' }), fs.createWriteStream(into));
  fs.rmSync(exported);
  return edited;
}

export async function measureImport(csvFile: string, dbFile: string, dir: string, rows: number, log: (s: string) => void): Promise<{ table: Row[]; progress: string[] }> {
  const table: Row[] = [];
  log('import baseline: sqlite3 .import of the same file into a bare table');
  const base = sqliteImport(csvFile, dir);
  const baseRate = rows / base;
  const row = (measure: string, secs: number, extra = '', ok = true) => {
    const ratio = rows / secs / baseRate;
    table.push({ measure, figure: `${Math.round(rows / secs).toLocaleString('en')} vs ${Math.round(baseRate).toLocaleString('en')} rows/s = ${ratio.toFixed(3)}${extra}`, target: `≥ ${IMPORT_TARGET}`, ok: ok && ratio >= IMPORT_TARGET });
  };

  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  const setup = openDatabase(dbFile);
  createStore(setup).createAccount('bench', 'editor');
  setup.close();
  log('import: npm run import into a new database');
  const first = await appImport(csvFile, dbFile);
  row(`import ${rows.toLocaleString('en')} rows into a new database: npm run import vs sqlite3 .import`, first.secs, `; ${first.result.inserted.toLocaleString('en')} inserted`, first.result.inserted === rows);
  table.push({ measure: 'import: peak RSS of the import process', figure: `${first.peak.toFixed(0)} MB`, target: `≤ ${IMPORT_RSS_TARGET} MB`, ok: first.peak <= IMPORT_RSS_TARGET });

  log('import: the same file again');
  const again = await appImport(csvFile, dbFile);
  row('import the same file again (all unchanged)', again.secs, `; ${again.result.unchanged.toLocaleString('en')} unchanged`, again.result.unchanged === rows);

  log('import: the export with 1% of the figures edited, by id');
  const edited = path.join(dir, 'edited.csv');
  const n = await editOnePercent(dbFile, edited);
  const db = new Database(dbFile, { readonly: true });
  const revisionsBefore = db.prepare('SELECT max(id) FROM revisions').pluck().get() as number;
  db.close();
  const third = await appImport(edited, dbFile);
  const check = new Database(dbFile, { readonly: true });
  const added = check.prepare("SELECT count(*), count(DISTINCT report_id), sum(action = 'update') FROM revisions WHERE id > ?").raw(true).get(revisionsBefore) as [number, number, number];
  check.close();
  fs.rmSync(edited);
  const oneEach = added[0] === n && added[1] === n && added[2] === n && third.result.updated === n;
  row(`import the export with 1% edited by id (${n.toLocaleString('en')} rows)`, third.secs, `; ${third.result.updated.toLocaleString('en')} updated, ${added[0].toLocaleString('en')} new revisions on ${added[1].toLocaleString('en')} reports`, oneEach);
  return { table, progress: first.progress };
}
