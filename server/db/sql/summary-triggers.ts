// The triggers that keep the summary tables in step with every write to reports, whoever writes it
// (the server, npm run import, another process): generated from the rules in rules.ts.
import { BUCKETS, type Bucket } from '../../domain/figure-types';
import {
  bandHigh, bandLow, bucketEndOfStart, bucketStart, eventOrder, figure, largestFirst, liveIncident, liveTally, reportedOn,
  seriesKey, seriesOrder,
} from './rules';

type Row = 'new.' | 'old.';

/** The two event summaries: over all sources, and per source (events formed from one source alone). */
const EVENT_TABLES = [
  { table: 'figure_events', days: 'figure_days', key: [] as string[] },
  { table: 'figure_source_events', days: 'figure_source_days', key: ['source'] },
] as const;

/** Statements that bring the event of row `r` up to date in one event table: its own row for a report
 *  without a key; for a keyed event, recomputed from its live reports (chosen report and band). */
function refreshEvent(t: (typeof EVENT_TABLES)[number], r: Row, includeOwn: boolean): string {
  const cols = ['party', 'metric', ...t.key];
  const same = cols.map((c) => `${c} = ${r}${c}`).join(' AND ');
  const insertCols = `(${cols.join(', ')}, event_key, date, total, low, high, chosen_id)`;
  const ofEvent = `${liveIncident()} AND event IS NOT NULL AND ${same} AND event = ${r}event`;
  return [
    `  DELETE FROM ${t.table} WHERE ${same} AND event_key = iif(${r}event IS NULL, 'r' || ${r}id, 'e' || ${r}event);`,
    ...(includeOwn ? [
      `  INSERT INTO ${t.table} ${insertCols}`,
      `  SELECT ${cols.map((c) => `${r}${c}`).join(', ')}, 'r' || ${r}id, ${r}date, ${figure(r)}, ${bandLow(r)}, ${bandHigh(r)}, ${r}id`,
      `   WHERE ${liveIncident(r)} AND ${r}event IS NULL;`,
    ] : []),
    `  INSERT INTO ${t.table} ${insertCols}`,
    `  SELECT ${cols.map((c) => `${r}${c}`).join(', ')}, 'e' || ${r}event, c.date, c.fig, b.lo, b.hi, c.id`,
    `    FROM (SELECT id, date, ${figure()} AS fig FROM reports INDEXED BY reports_incident_event WHERE ${ofEvent}`,
    `           ORDER BY ${eventOrder()} LIMIT 1) AS c,`,
    `         (SELECT min(${bandLow()}) AS lo, max(${bandHigh()}) AS hi FROM reports INDEXED BY reports_incident_event WHERE ${ofEvent}) AS b`,
    `   WHERE ${r}event IS NOT NULL;`,
  ].join('\n');
}

/** Rows of an event table are only inserted and deleted; its day sums follow. */
function daySumTriggers(t: (typeof EVENT_TABLES)[number]): string {
  const cols = ['party', 'metric', ...t.key, 'date'];
  const same = cols.map((c) => `${c} = old.${c}`).join(' AND ');
  return `CREATE TRIGGER ${t.table}_insert AFTER INSERT ON ${t.table} BEGIN
  INSERT INTO ${t.days} (${cols.join(', ')}, total, low, high, events)
  VALUES (${cols.map((c) => `new.${c}`).join(', ')}, new.total, new.low, new.high, 1)
  ON CONFLICT (${cols.join(', ')}) DO UPDATE SET
    total = total + excluded.total, low = low + excluded.low, high = high + excluded.high, events = events + 1;
END;
CREATE TRIGGER ${t.table}_delete AFTER DELETE ON ${t.table} BEGIN
  UPDATE ${t.days} SET total = total - old.total, low = low - old.low, high = high - old.high, events = events - 1
   WHERE ${same};
  DELETE FROM ${t.days} WHERE ${same} AND events = 0;
END;`;
}

const INCIDENT_COLUMNS = 'party, metric, source, kind, date, value, low, high, event, reported_on, deleted';
const TALLY_COLUMNS = 'party, metric, kind, source, period_start, date, value, low, reported_on, deleted';
const TALLY_SERIES = (r: string, q: string) =>
  `${liveTally(q)} AND ${q}party = ${r}party AND ${q}metric = ${r}metric AND ${q}source = ${r}source AND ${q}period_start = ${r}period_start`;

function eventTriggers(): string {
  const both = (r: Row, own: boolean) => EVENT_TABLES.map((t) => refreshEvent(t, r, own)).join('\n');
  return `CREATE TRIGGER figure_events_report_insert AFTER INSERT ON reports WHEN ${liveIncident('new.')} BEGIN
${both('new.', true)}
END;
CREATE TRIGGER figure_events_report_update AFTER UPDATE OF ${INCIDENT_COLUMNS} ON reports
WHEN (${liveIncident('old.')}) OR (${liveIncident('new.')}) BEGIN
${both('old.', false)}
${both('new.', true)}
END;
CREATE TRIGGER figure_events_report_delete AFTER DELETE ON reports WHEN ${liveIncident('old.')} BEGIN
${both('old.', false)}
END;`;
}

/** A new live tally folds into its bucket: one more tally, and the last in series order kept. */
function foldIntoBucket(bucket: Bucket): string {
  const later = `(excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id)`;
  // An upsert from a SELECT needs its WHERE (SQLite's parser), which also skips a row that is no live tally.
  return `  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT new.party, new.metric, '${bucket}', ${bucketStart(bucket, 'new.date')}, new.source, new.period_start, 1, new.id, new.date, ${reportedOn('new.')}
   WHERE ${liveTally('new.')}
  ON CONFLICT (party, metric, bucket, bucket_start, source, period_start) DO UPDATE SET
    tallies = tallies + 1,
    last_id = iif(${later}, excluded.last_id, last_id),
    last_rep = iif(${later}, excluded.last_rep, last_rep),
    last_date = iif(${later}, excluded.last_date, last_date);`;
}

/** A tally changed or removed: the bucket of row `r` (before or after the change) is recomputed from the
 *  live tallies dated in it. */
function recomputeBucket(bucket: Bucket, r: Row): string {
  const start = bucketStart(bucket, `${r}date`);
  const inBucket = `${TALLY_SERIES(r, '')} AND date BETWEEN ${start} AND ${bucketEndOfStart(bucket, start)}`;
  return `  DELETE FROM figure_tally_buckets WHERE party = ${r}party AND metric = ${r}metric AND bucket = '${bucket}'
     AND bucket_start = ${start} AND source = ${r}source AND period_start = ${r}period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT ${r}party, ${r}metric, '${bucket}', ${start}, ${r}source, ${r}period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE ${inBucket}) AS c,
         (SELECT id, date, ${reportedOn()} AS rep FROM reports WHERE ${inBucket} ORDER BY ${seriesOrder('', ' DESC')} LIMIT 1) AS l
   WHERE ${r}period_start IS NOT NULL;`;
}

/** The tally of row `r`'s series that comes next after it in series order. */
const nextInSeries = (r: Row) =>
  `(SELECT q.id FROM reports AS q WHERE ${TALLY_SERIES(r, 'q.')} AND ${seriesKey('q.')} > ${seriesKey(r)} ORDER BY ${seriesOrder('q.')} LIMIT 1)`;

/** Sets the decrease flag of the tally whose id is `idExpr` from the tally before it in its series. */
function flagDecrease(idExpr: string): string {
  return `  DELETE FROM figure_decreases WHERE id = ${idExpr};
  INSERT INTO figure_decreases (id, party, metric, date, previous, previous_id, previous_date)
  SELECT t.id, t.party, t.metric, t.date, ${figure('p.')}, p.id, p.date
    FROM reports AS t JOIN reports AS p ON p.id = (
           SELECT q.id FROM reports AS q WHERE ${TALLY_SERIES('t.', 'q.')} AND ${seriesKey('q.')} < ${seriesKey('t.')}
            ORDER BY ${seriesOrder('q.', ' DESC')} LIMIT 1)
   WHERE t.id = ${idExpr} AND ${liveTally('t.')} AND ${figure('t.')} < ${figure('p.')};`;
}

/** A tally's series and day, for the server to bring that series' compared pairs up to date. */
const markPairs = (r: Row) => `  INSERT INTO figure_pairs_dirty (party, metric, period_start, source, date)
  SELECT ${r}party, ${r}metric, ${r}period_start, ${r}source, ${r}date WHERE ${liveTally(r)};`;

function tallyTriggers(): string {
  const removed = (r: Row) => [
    ...BUCKETS.map((b) => recomputeBucket(b, r)),
    `  DELETE FROM figure_decreases WHERE id = ${r}id;`,
    flagDecrease(nextInSeries(r)),
    markPairs(r),
  ];
  const added = [
    flagDecrease('new.id'),
    flagDecrease(nextInSeries('new.')),
    markPairs('new.'),
  ];
  return `CREATE TRIGGER figure_tallies_report_insert AFTER INSERT ON reports WHEN ${liveTally('new.')} BEGIN
${BUCKETS.map(foldIntoBucket).join('\n')}
${added.join('\n')}
END;
CREATE TRIGGER figure_tallies_report_update AFTER UPDATE OF ${TALLY_COLUMNS} ON reports
WHEN (${liveTally('old.')}) OR (${liveTally('new.')}) BEGIN
${removed('old.').join('\n')}
${BUCKETS.map((b) => recomputeBucket(b, 'new.')).join('\n')}
${added.join('\n')}
END;
CREATE TRIGGER figure_tallies_report_delete AFTER DELETE ON reports WHEN ${liveTally('old.')} BEGIN
${removed('old.').join('\n')}
END;`;
}

/** The counts and the largest flagged pair of a group follow its pairs: an inserted pair is held
 *  against the largest; when the largest goes, the group's flagged pairs are read for the next. */
function pairTriggers(): string {
  const largest = `(SELECT rel, first_day, a_id, b_id FROM figure_pairs WHERE group_id = new.group_id AND a_day = figure_pair_groups.largest_a_day)`;
  const beatsLargest = `new.flagged AND (largest_a_day IS NULL OR EXISTS (SELECT 1 FROM ${largest} AS l
      WHERE new.rel > l.rel OR (new.rel = l.rel AND (new.first_day, new.a_id, new.b_id) < (l.first_day, l.a_id, l.b_id))))`;
  return `CREATE TRIGGER figure_pairs_insert AFTER INSERT ON figure_pairs BEGIN
  UPDATE figure_pair_groups SET compared = compared + 1, flagged = flagged + new.flagged,
    largest_a_day = iif(${beatsLargest}, new.a_day, largest_a_day)
   WHERE id = new.group_id;
END;
CREATE TRIGGER figure_pairs_delete AFTER DELETE ON figure_pairs BEGIN
  UPDATE figure_pair_groups SET compared = compared - 1, flagged = flagged - old.flagged WHERE id = old.group_id;
  UPDATE figure_pair_groups SET largest_a_day =
    (SELECT a_day FROM figure_pairs WHERE group_id = old.group_id AND flagged ORDER BY ${largestFirst()} LIMIT 1)
   WHERE id = old.group_id AND largest_a_day = old.a_day;
END;`;
}

/** Every summary trigger, in the order they are created. */
export function summaryTriggers(): string {
  return [...EVENT_TABLES.map(daySumTriggers), eventTriggers(), tallyTriggers(), pairTriggers()].join('\n');
}

/** The names of the summary triggers (the bulk import drops and recreates them). */
export function summaryTriggerNames(): string[] {
  return [...summaryTriggers().matchAll(/^CREATE TRIGGER (\w+)/gm)].map((m) => m[1]!);
}
