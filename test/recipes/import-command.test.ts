// npm run import -- FILE --recipe=NAME_OR_FILE, as a user runs it: a shipped recipe by name, a recipe
// file, progress on stderr, the answer on stdout, and a bad recipe or a file that does not fit refused
// with the keys named and nothing stored.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../server/db/connection';
import { createStore } from '../../server/db/store';
import { tempDir } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');
const ORIGINAL = path.join(ROOT, 'data', 'samples', 'original');

let dir: string;
let db: string;
beforeAll(() => {
  dir = tempDir('tally-import-command-');
  db = path.join(dir, 'tally.db');
  // The command acts for an account (its revisions name it).
  const d = openDatabase(db);
  createStore(d).createAccount('Desk importer', 'editor');
  d.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function importCommand(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/import.ts', ...args, '--as', 'Desk importer'], {
    cwd: ROOT, env: { ...process.env, TALLY_DB: db, LOG_LEVEL: 'silent' }, encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const liveReports = () => {
  const d = openDatabase(db);
  try {
    return d.prepare('SELECT count(*) FROM reports WHERE deleted = 0').pluck().get() as number;
  } finally {
    d.close();
  }
};

test('a shipped recipe by name, then a recipe file: progress on stderr, the counts on stdout; again: all unchanged', () => {
  const gaza = importCommand(path.join(ORIGINAL, 'casualties_daily.json'), '--recipe=gaza-daily');
  expect(gaza.status).toBe(0);
  expect(JSON.parse(gaza.stdout)).toMatchObject({ inserted: 2302, updated: 0, unchanged: 0, rejected: [], rejected_count: 0 });
  expect(gaza.stderr).toMatch(/^import: read and validate +2,302 rows \(100% of the file\)/m);
  expect(gaza.stderr).toMatch(/^import: 2302 inserted, 0 updated, 0 unchanged in [\d.]+ s$/m);

  const lebanon = importCommand(path.join(ORIGINAL, 'lebanon_casualties_daily.json'), `--recipe=${path.join(ROOT, 'data', 'recipes', 'lebanon-daily.json')}`);
  expect(JSON.parse(lebanon.stdout)).toMatchObject({ inserted: 374, updated: 0, unchanged: 0 });
  const again = importCommand(path.join(ORIGINAL, 'casualties_daily.json'), '--recipe=gaza-daily', '--dry-run');
  expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2302 });
  expect(again.stderr).toMatch(/^import: dry run, nothing stored: 0 inserted, 0 updated, 2302 unchanged/m);
  expect(liveReports()).toBe(2302 + 374);
}, 60_000);

test('a bad recipe, an unknown name, a file that does not fit: refused, naming what is wrong; nothing stored', () => {
  const before = liveReports();
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ format: 'json', fields: { sorce: 'x', date: { column: 'report_date', format: 'YYYY-MM-dd' } } }));
  const r1 = importCommand(path.join(ORIGINAL, 'casualties_daily.json'), `--recipe=${bad}`);
  expect(r1.status).toBe(2);
  expect(r1.stderr).toBe(`import: the recipe ${bad} has invalid fields:\n  fields.date.format: "YYYY-MM-dd": use yyyy (calendar year), not YYYY (week-numbering year)\n  fields.sorce: unknown field\n`);
  const r2 = importCommand(path.join(ORIGINAL, 'casualties_daily.json'), '--recipe=no-such-recipe');
  expect([r2.status, r2.stderr]).toEqual([2, 'import: no recipe named "no-such-recipe" (saved or shipped), and no file no-such-recipe\n']);
  const misfit = path.join(dir, 'misfit.json');
  fs.writeFileSync(misfit, JSON.stringify({ format: 'json', defaults: { source: 'S', party: 'P', metric: 'killed', kind: 'incident' }, fields: { date: 'day', value: 'dead' } }));
  const r3 = importCommand(path.join(ORIGINAL, 'lebanon_casualties_daily.json'), `--recipe=${misfit}`);
  expect(r3.status).toBe(1);
  expect(r3.stderr.split('\n').slice(0, 3).map((l) => l.replace(/ \(no record has this key.*$/, ''))).toEqual([
    `import: ${path.join(ORIGINAL, 'lebanon_casualties_daily.json')}: The recipe names keys no record has: fields.date.column, fields.value.column.`,
    '  fields.date.column: no column "day" in the file', '  fields.value.column: no column "dead" in the file']);
  expect(liveReports()).toBe(before);
}, 60_000);
