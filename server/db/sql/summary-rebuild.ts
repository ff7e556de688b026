// Filling the summary tables from the reports, set by set (the migration that creates them, and the
// bulk import for the party and metric pairs it touched): the same rules as the triggers (rules.ts).
import { BUCKETS, type Bucket } from '../../domain/figure-types';
import { bandHigh, bandLow, bucketStart, eventOrder, figure, liveIncident, liveTally, reportedOn, seriesOrder } from './rules';

/** A scope of party and metric pairs: every one, or those listed in temp.summary_scope. */
export type Scope = 'all' | 'listed';

/** The table the bulk path lists its party and metric pairs in, on its own connection. */
export const SCOPE_TABLE = 'CREATE TEMP TABLE IF NOT EXISTS summary_scope (party TEXT NOT NULL, metric TEXT NOT NULL, PRIMARY KEY (party, metric)) WITHOUT ROWID';

const inScope = (scope: Scope, r = '') => (scope === 'all' ? '' : ` AND (${r}party, ${r}metric) IN (SELECT party, metric FROM temp.summary_scope)`);

function eventsOf(table: string, days: string, key: string[], scope: Scope): string {
  const cols = ['party', 'metric', ...key];
  const list = cols.join(', ');
  return `DELETE FROM ${days} WHERE true${inScope(scope)};
DELETE FROM ${table} WHERE true${inScope(scope)};
INSERT INTO ${table} (${list}, event_key, date, total, low, high, chosen_id)
SELECT ${list}, 'r' || id, date, ${figure()}, ${bandLow()}, ${bandHigh()}, id
  FROM reports WHERE ${liveIncident()} AND event IS NULL${inScope(scope)} ORDER BY ${list}, 'r' || id;
INSERT INTO ${table} (${list}, event_key, date, total, low, high, chosen_id)
SELECT ${list}, 'e' || event, date, fig, lo, hi, id FROM (
  SELECT ${list}, event, date, id, ${figure()} AS fig, min(${bandLow()}) OVER w AS lo, max(${bandHigh()}) OVER w AS hi,
         row_number() OVER (w ORDER BY ${eventOrder()}) AS rn
    FROM reports WHERE ${liveIncident()} AND event IS NOT NULL${inScope(scope)}
  WINDOW w AS (PARTITION BY ${list}, event)
) WHERE rn = 1 ORDER BY ${list}, 'e' || event;
INSERT INTO ${days} (${list}, date, total, low, high, events)
SELECT ${list}, date, sum(total), sum(low), sum(high), count(*) FROM ${table} WHERE true${inScope(scope)} GROUP BY ${list}, date;`;
}

function bucketsOf(bucket: Bucket, scope: Scope): string {
  return `INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
SELECT party, metric, '${bucket}', bs, source, period_start, n, id, date, rep FROM (
  SELECT party, metric, source, period_start, bs, id, date, rep, count(*) OVER w AS n,
         row_number() OVER (w ORDER BY date DESC, rep DESC, id DESC) AS rn
    FROM (SELECT party, metric, source, period_start, ${bucketStart(bucket, 'date')} AS bs, id, date, ${reportedOn()} AS rep
            FROM reports WHERE ${liveTally()}${inScope(scope)})
  WINDOW w AS (PARTITION BY party, metric, source, period_start, bs)
) WHERE rn = 1;`;
}

/** Every summary of the scope rebuilt from the live reports. The summary triggers must not be there
 *  while it runs (the day sums are filled here directly). Compared pairs are the server's to compute:
 *  the scope's series are marked for it. */
export function rebuildSummaries(scope: Scope): string {
  return [
    eventsOf('figure_events', 'figure_days', [], scope),
    eventsOf('figure_source_events', 'figure_source_days', ['source'], scope),
    `DELETE FROM figure_tally_buckets WHERE true${inScope(scope)};`,
    ...BUCKETS.map((b) => bucketsOf(b, scope)),
    // A decrease is keyed by its tally alone: one that moved here from another party or metric goes too.
    `DELETE FROM figure_decreases WHERE true${scope === 'all' ? '' : `${inScope(scope)} OR id IN (SELECT id FROM reports WHERE true${inScope(scope)})`};
INSERT INTO figure_decreases (id, party, metric, date, previous, previous_id, previous_date)
SELECT id, party, metric, date, pfig, pid, pdate FROM (
  SELECT id, party, metric, date, ${figure()} AS fig,
         lag(${figure()}) OVER s AS pfig, lag(id) OVER s AS pid, lag(date) OVER s AS pdate
    FROM reports WHERE ${liveTally()}${inScope(scope)}
  WINDOW s AS (PARTITION BY party, metric, source, period_start ORDER BY ${seriesOrder()})
) WHERE fig < pfig;`,
    `INSERT INTO figure_pairs_dirty (party, metric, period_start)
SELECT DISTINCT party, metric, period_start FROM reports WHERE ${liveTally()}${inScope(scope)};`,
  ].join('\n');
}
