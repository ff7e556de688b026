// The summary tables of the derived figures (decision 0006): what each holds, and their indexes.
// Generated into the migration by scripts/generate-summaries.ts, with the triggers that keep them.
import { DEFAULT_DISAGREEMENT_DAYS, DEFAULT_DISAGREEMENT_RATIO } from '../../domain/figure-types';
import { exceedsRatio, figure, liveTally, reportedOn } from './rules';

/** The default flag of a kept pair, so the default query reads counts and an index. */
const DEFAULT_RATIO_PPM = String(Math.round(DEFAULT_DISAGREEMENT_RATIO * 1_000_000));

/** The compared pairs' table: the kept one, and the temporary one a read of more days fills. */
export function pairsTable(name: string, temporary = false): string {
  return `CREATE ${temporary ? 'TEMP TABLE IF NOT EXISTS' : 'TABLE'} ${name} (
  group_id   INTEGER NOT NULL,
  a_day      INTEGER NOT NULL,
  b_day      INTEGER NOT NULL,
  a_id       INTEGER NOT NULL,
  b_id       INTEGER NOT NULL,
  a_figure   INTEGER NOT NULL,
  b_figure   INTEGER NOT NULL,
  days       INTEGER GENERATED ALWAYS AS (abs(a_day - b_day)) VIRTUAL,
  first_day  INTEGER GENERATED ALWAYS AS (min(a_day, b_day)) VIRTUAL,
  difference INTEGER GENERATED ALWAYS AS (abs(a_figure - b_figure)) VIRTUAL,
  larger     INTEGER GENERATED ALWAYS AS (max(a_figure, b_figure)) VIRTUAL,
  rel        REAL    GENERATED ALWAYS AS (CAST(abs(a_figure - b_figure) AS REAL) / max(a_figure, b_figure)) VIRTUAL,
  flagged    INTEGER GENERATED ALWAYS AS (${exceedsRatio(DEFAULT_RATIO_PPM, '')}) STORED,
  PRIMARY KEY (group_id, a_day)
) STRICT, WITHOUT ROWID;`;
}

type Column = [name: string, type: 'TEXT' | 'INTEGER'];

/** A summary table of NOT NULL columns, keyed by `key`, without rowid. */
function summaryTable(name: string, columns: Column[], key: string[]): string {
  const width = Math.max(...columns.map(([c]) => c.length));
  return `CREATE TABLE ${name} (
${columns.map(([c, type]) => `  ${c.padEnd(width)} ${type.padEnd(7)} NOT NULL,`).join('\n')}
  PRIMARY KEY (${key.join(', ')})
) STRICT, WITHOUT ROWID;`;
}

const seriesColumns = (perSource: boolean): string[] => (perSource ? ['party', 'metric', 'source'] : ['party', 'metric']);
const figures: Column[] = [['total', 'INTEGER'], ['low', 'INTEGER'], ['high', 'INTEGER']];

/** The counted events, over all sources or per source: one row per event, keyed by its event key. */
function eventsTable(name: string, perSource: boolean): string {
  const series = seriesColumns(perSource);
  return `${summaryTable(name, [...series.map((c): Column => [c, 'TEXT']), ['event_key', 'TEXT'], ['date', 'TEXT'], ...figures, ['chosen_id', 'INTEGER']], [...series, 'event_key'])}
CREATE INDEX ${name}_date ON ${name} (${series.join(', ')}, date, chosen_id);`;
}

/** The sums of an events table per day. */
function daysTable(name: string, perSource: boolean): string {
  const series = seriesColumns(perSource);
  return summaryTable(name, [...series.map((c): Column => [c, 'TEXT']), ['date', 'TEXT'], ...figures, ['events', 'INTEGER']], [...series, 'date']);
}

export const SUMMARY_TABLES = `
-- Counted events over all sources: one row per event (key 'e' || event for reports sharing an event
-- key, 'r' || id for a report without one), with its chosen report's day, figure and id, and its band.
${eventsTable('figure_events', false)}

-- Per party, metric and day: the sums of figure_events (the running total's input).
${daysTable('figure_days', false)}

-- The same per source, with events formed from that source's reports alone (one count_source).
${eventsTable('figure_source_events', true)}

${daysTable('figure_source_days', true)}

-- Per tally series (source, period_start) and bucket (day … year): how many tallies the bucket holds
-- and the last one in series order (DESIGN "Size").
CREATE TABLE figure_tally_buckets (
  party        TEXT    NOT NULL,
  metric       TEXT    NOT NULL,
  bucket       TEXT    NOT NULL CHECK (bucket IN ('day', 'week', 'month', 'quarter', 'year')),
  bucket_start TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  period_start TEXT    NOT NULL,
  tallies      INTEGER NOT NULL,
  last_id      INTEGER NOT NULL,
  last_date    TEXT    NOT NULL,
  last_rep     TEXT    NOT NULL,
  PRIMARY KEY (party, metric, bucket, bucket_start, source, period_start)
) STRICT, WITHOUT ROWID;

-- Each live tally lower than the one before it in its series.
CREATE TABLE figure_decreases (
  id            INTEGER PRIMARY KEY,
  party         TEXT    NOT NULL,
  metric        TEXT    NOT NULL,
  date          TEXT    NOT NULL,
  previous      INTEGER NOT NULL,
  previous_id   INTEGER NOT NULL,
  previous_date TEXT    NOT NULL
) STRICT;
CREATE INDEX figure_decreases_date ON figure_decreases (party, metric, date, id);

-- Compared tallies (decision 0007): per two sources (source_a < source_b in code points) and
-- period_start, the pairs of tallies that are each other's nearest, kept when at most
-- ${DEFAULT_DISAGREEMENT_DAYS} days apart (the default); the counts and the largest flagged pair at the default
-- ratio (${DEFAULT_DISAGREEMENT_RATIO}) kept by the triggers on figure_pairs. The pairs themselves are computed by the
-- server (server/figures/pairs.ts) for the series that figure_pairs_dirty names, which triggers on reports
-- fill for any writer. Days are day numbers (days since 1970-01-01): a pair is one small row.
CREATE TABLE figure_pair_groups (
  id             INTEGER PRIMARY KEY,
  party          TEXT    NOT NULL,
  metric         TEXT    NOT NULL,
  period_start   TEXT    NOT NULL,
  source_a       TEXT    NOT NULL,
  source_b       TEXT    NOT NULL,
  compared       INTEGER NOT NULL DEFAULT 0,
  flagged        INTEGER NOT NULL DEFAULT 0,
  largest_a_day  INTEGER,
  UNIQUE (party, metric, source_a, source_b, period_start)
) STRICT;
CREATE INDEX figure_pair_groups_series ON figure_pair_groups (party, metric, period_start, source_a);
CREATE INDEX figure_pair_groups_series_b ON figure_pair_groups (party, metric, period_start, source_b);

-- One tally of a series is compared with at most one of another: a pair is keyed by its group and the
-- day of either side.
${pairsTable('figure_pairs')}
CREATE UNIQUE INDEX figure_pairs_b ON figure_pairs (group_id, b_day);
CREATE INDEX figure_pairs_flagged ON figure_pairs (group_id, first_day, a_id, b_id) WHERE flagged;

-- Series whose compared pairs must be brought up to date: the tally's series and date (NULL source:
-- every series of the party, metric and period_start).
CREATE TABLE figure_pairs_dirty (
  party        TEXT NOT NULL,
  metric       TEXT NOT NULL,
  period_start TEXT NOT NULL,
  source       TEXT,
  date         TEXT
) STRICT;

-- The reads of tallies by party, metric and period_start in date order (the pairs' windows).
CREATE INDEX reports_tally_period ON reports (party, metric, period_start, date, source, ${reportedOn()}, id, ${figure()})
  WHERE ${liveTally()};
`.trimStart();
