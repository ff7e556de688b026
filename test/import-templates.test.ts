// A recipe's templates make several reports of one line: the import engine tells them apart by their
// place in the file, not their line. Found by the Gaza re-publication test: with matching by line, the
// revised killed figure of a day was written to the right report and then overwritten by the same
// line's unchanged wounded figure (one report lost, another doubled). Both storing paths.
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import type { ReportInput } from '../server/domain/report';
import { importRecords } from '../server/import/engine';
import type { MappedRecord } from '../server/import/types';
import { tempDir } from './helpers';

const tally = (date: string, metric: 'killed' | 'wounded', value: number): ReportInput => ({
  source: 'Ministry', party: 'Civilians', metric, kind: 'tally', date, period_start: '2023-10-07', value,
  date_precision: 'day', qualifier: 'exact',
});

/** Two templates a line: killed and wounded, as the Gaza recipe reads a day. */
function* file(killedOn2: number): Generator<MappedRecord> {
  let line = 1;
  for (const [date, k, w] of [['2023-10-08', 10, 30], ['2023-10-09', killedOn2, 60], ['2023-10-10', 30, 90]] as const) {
    line++;
    yield { ok: true, line, template: 'killed', input: tally(date, 'killed', k) };
    yield { ok: true, line, template: 'wounded', input: tally(date, 'wounded', w) };
  }
}
async function* records(killedOn2: number): AsyncGenerator<MappedRecord> {
  yield* file(killedOn2);
}

const KEY = ['source', 'party', 'metric', 'kind', 'period_start', 'date'] as const;

describe.each([['per row', 1_000_000], ['bulk', 1]])('the %s path', (_name, bulkRows) => {
  test('a revised figure on a line of two reports updates that report alone', async () => {
    const db = openDatabase(`${tempDir()}/t.db`);
    const store = createStore(db);
    try {
      expect(await importRecords(store, records(20), { who: 'test', keyFields: KEY, bulkRows })).toMatchObject({ inserted: 6, updated: 0, unchanged: 0 });
      expect(await importRecords(store, records(25), { who: 'test', keyFields: KEY, bulkRows })).toEqual({ inserted: 0, updated: 1, unchanged: 5, rejected: [] });
      expect(db.prepare('SELECT date, metric, value, revision FROM reports ORDER BY id').raw(true).all()).toEqual([
        ['2023-10-08', 'killed', 10, 1], ['2023-10-08', 'wounded', 30, 1],
        ['2023-10-09', 'killed', 25, 2], ['2023-10-09', 'wounded', 60, 1],
        ['2023-10-10', 'killed', 30, 1], ['2023-10-10', 'wounded', 90, 1],
      ]);
      expect(db.prepare("SELECT count(*) FROM revisions WHERE action = 'update'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  test('two templates of one line giving the same key: the second is rejected, naming the key', async () => {
    const db = openDatabase(`${tempDir()}/t.db`);
    const store = createStore(db);
    try {
      async function* same(): AsyncGenerator<MappedRecord> {
        yield { ok: true, line: 2, template: 'a', input: tally('2023-10-08', 'killed', 10) };
        yield { ok: true, line: 2, template: 'b', input: tally('2023-10-08', 'killed', 11) };
      }
      const r = await importRecords(store, same(), { who: 'test', keyFields: KEY, bulkRows });
      expect(r.rejected).toEqual([{ line: 2, fields: { key: ['source "Ministry", party "Civilians", metric "killed", kind "tally", period_start "2023-10-07", date "2023-10-08" comes twice in this file (also on line 2)'] } }]);
      expect(db.prepare('SELECT count(*) FROM reports').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
