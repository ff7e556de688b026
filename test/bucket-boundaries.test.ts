// Bucket boundaries are written twice, by necessity: in TypeScript (the running total's reduction,
// server/domain/dates.ts) and in SQL (the tally buckets' triggers, server/db/sql/rules.ts). This holds
// them equal over every bucket size across year, quarter, month and ISO-week edges, and both to the
// calendar as the plain reference reads it.
import Database from 'better-sqlite3';
import { BUCKETS } from '../server/domain/figure-types';
import { bucketSpan, bucketStart } from '../server/domain/dates';
import { bucketEndOfStart, bucketStart as bucketStartSql } from '../server/db/sql/rules';
import { bucketOf } from './reference/figures';

const days: string[] = [];
// Every day of 2019–2021 (a leap year, ISO weeks straddling new years: 2019-12-30 is in 2020's week 1,
// 2021-01-03 in 2020's week 53), and the years around the edges of the calendar SQLite keeps.
for (let t = Date.UTC(2019, 0, 1); t <= Date.UTC(2021, 11, 31); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
days.push('1000-01-01', '1000-03-01', '1999-12-31', '2000-02-29', '9999-12-31');

test.each(BUCKETS)('%s: TypeScript and SQL give every day the same bucket start and end', (bucket) => {
  const db = new Database(':memory:');
  const sql = db.prepare(`SELECT ${bucketStartSql(bucket, '@d')} AS start, ${bucketEndOfStart(bucket, bucketStartSql(bucket, '@d'))} AS end`);
  const differ: string[] = [];
  for (const d of days) {
    const { start, end } = sql.get({ d }) as { start: string; end: string };
    const [tsStart, tsEnd] = bucketSpan(d, bucket);
    if (start !== tsStart || end !== tsEnd || bucketStart(d, bucket) !== bucketOf(d, bucket)) differ.push(`${d}: SQL ${start}…${end}, TS ${tsStart}…${tsEnd}, calendar ${bucketOf(d, bucket)}`);
  }
  expect(differ).toEqual([]);
  db.close();
});
