-- Summary tables for the derived figures, kept in step with every write to reports by triggers (so the
-- import script and any other writer keep them right), so that a figure reads a few thousand rows
-- instead of every report of a party. Decision record: docs/decisions/0005-figure-summaries.md.
--
--   figure_events          one row per counted event over all sources: its chosen report's day and
--                          figure, and its band (DESIGN "Events").
--   figure_days            per party, metric and day: the sums of figure_events (the running total's input).
--   figure_source_events,  the same per source, with events formed from that source's reports alone:
--   figure_source_days     the count when one source is counted (`count_source`).
--   figure_tally_buckets   per tally series (source, period_start) and bucket (day … year): how many
--                          tallies the bucket holds and the last one in series order (DESIGN "Size").
--   figure_decreases       each live tally lower than the one before it in its series.
--
-- A report's figure is coalesce(value, low); it counts as reported on coalesce(reported_on, date);
-- series order is date, then that, then id.

-- The figures' reads of tallies and incidents, in series order, and of an event's reports.
CREATE INDEX reports_tally_series ON reports (party, metric, source, period_start, date, coalesce(reported_on, date), id)
  WHERE deleted = 0 AND kind = 'tally';
CREATE INDEX reports_tally_date ON reports (party, metric, date, source, period_start, reported_on, id, value, low)
  WHERE deleted = 0 AND kind = 'tally';
CREATE INDEX reports_incident_source ON reports (party, metric, source, date, reported_on, id, value, low, high, event)
  WHERE deleted = 0 AND kind = 'incident';
CREATE INDEX reports_estimates ON reports (party, metric, date, id) WHERE deleted = 0 AND kind = 'estimate';
CREATE INDEX reports_incident_event ON reports (party, metric, event, reported_on, date, value, low, high, id)
  WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL;

CREATE TABLE figure_events (
  party     TEXT    NOT NULL,
  metric    TEXT    NOT NULL,
  -- 'e' || event for reports sharing an event key, 'r' || id for a report without one
  event_key TEXT    NOT NULL,
  date      TEXT    NOT NULL,
  total     INTEGER NOT NULL,
  low       INTEGER NOT NULL,
  high      INTEGER NOT NULL,
  PRIMARY KEY (party, metric, event_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE figure_days (
  party  TEXT    NOT NULL,
  metric TEXT    NOT NULL,
  date   TEXT    NOT NULL,
  total  INTEGER NOT NULL,
  low    INTEGER NOT NULL,
  high   INTEGER NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (party, metric, date)
) STRICT, WITHOUT ROWID;

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

-- figure_days follows figure_events (rows of figure_events are only ever inserted and deleted).
CREATE TRIGGER figure_events_insert AFTER INSERT ON figure_events BEGIN
  INSERT INTO figure_days (party, metric, date, total, low, high, events)
  VALUES (new.party, new.metric, new.date, new.total, new.low, new.high, 1)
  ON CONFLICT (party, metric, date) DO UPDATE SET
    total = total + excluded.total, low = low + excluded.low, high = high + excluded.high, events = events + 1;
END;
CREATE TRIGGER figure_events_delete AFTER DELETE ON figure_events BEGIN
  UPDATE figure_days SET total = total - old.total, low = low - old.low, high = high - old.high, events = events - 1
   WHERE party = old.party AND metric = old.metric AND date = old.date;
  DELETE FROM figure_days WHERE party = old.party AND metric = old.metric AND date = old.date AND events = 0;
END;

CREATE TABLE figure_source_events (
  party     TEXT    NOT NULL,
  metric    TEXT    NOT NULL,
  source    TEXT    NOT NULL,
  event_key TEXT    NOT NULL,
  date      TEXT    NOT NULL,
  total     INTEGER NOT NULL,
  low       INTEGER NOT NULL,
  high      INTEGER NOT NULL,
  PRIMARY KEY (party, metric, source, event_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE figure_source_days (
  party  TEXT    NOT NULL,
  metric TEXT    NOT NULL,
  source TEXT    NOT NULL,
  date   TEXT    NOT NULL,
  total  INTEGER NOT NULL,
  low    INTEGER NOT NULL,
  high   INTEGER NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (party, metric, source, date)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER figure_source_events_insert AFTER INSERT ON figure_source_events BEGIN
  INSERT INTO figure_source_days (party, metric, source, date, total, low, high, events)
  VALUES (new.party, new.metric, new.source, new.date, new.total, new.low, new.high, 1)
  ON CONFLICT (party, metric, source, date) DO UPDATE SET
    total = total + excluded.total, low = low + excluded.low, high = high + excluded.high, events = events + 1;
END;
CREATE TRIGGER figure_source_events_delete AFTER DELETE ON figure_source_events BEGIN
  UPDATE figure_source_days SET total = total - old.total, low = low - old.low, high = high - old.high, events = events - 1
   WHERE party = old.party AND metric = old.metric AND source = old.source AND date = old.date;
  DELETE FROM figure_source_days WHERE party = old.party AND metric = old.metric AND source = old.source AND date = old.date AND events = 0;
END;

-- Backfill from the reports already stored.
INSERT INTO figure_events (party, metric, event_key, date, total, low, high)
SELECT party, metric, 'r' || id, date, coalesce(value, low), coalesce(low, value), coalesce(high, value, low)
  FROM reports WHERE deleted = 0 AND kind = 'incident' AND event IS NULL;
INSERT INTO figure_events (party, metric, event_key, date, total, low, high)
SELECT party, metric, 'e' || event, date, fig, lo, hi FROM (
  SELECT party, metric, event, date, coalesce(value, low) AS fig,
         min(coalesce(low, value)) OVER w AS lo, max(coalesce(high, value, low)) OVER w AS hi,
         row_number() OVER (w ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id) AS rn
    FROM reports WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL
  WINDOW w AS (PARTITION BY party, metric, event)
) WHERE rn = 1;

INSERT INTO figure_source_events (party, metric, source, event_key, date, total, low, high)
SELECT party, metric, source, 'r' || id, date, coalesce(value, low), coalesce(low, value), coalesce(high, value, low)
  FROM reports WHERE deleted = 0 AND kind = 'incident' AND event IS NULL;
INSERT INTO figure_source_events (party, metric, source, event_key, date, total, low, high)
SELECT party, metric, source, 'e' || event, date, fig, lo, hi FROM (
  SELECT party, metric, source, event, date, coalesce(value, low) AS fig,
         min(coalesce(low, value)) OVER w AS lo, max(coalesce(high, value, low)) OVER w AS hi,
         row_number() OVER (w ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id) AS rn
    FROM reports WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL
  WINDOW w AS (PARTITION BY party, metric, source, event)
) WHERE rn = 1;
INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
SELECT party, metric, 'day', bs, source, period_start, n, id, date, rep FROM (
  SELECT party, metric, source, period_start, bs, id, date, rep, count(*) OVER w AS n,
         row_number() OVER (w ORDER BY date DESC, rep DESC, id DESC) AS rn
    FROM (SELECT party, metric, source, period_start, date AS bs, id, date, coalesce(reported_on, date) AS rep
            FROM reports WHERE deleted = 0 AND kind = 'tally')
  WINDOW w AS (PARTITION BY party, metric, source, period_start, bs)
) WHERE rn = 1;
INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
SELECT party, metric, 'week', bs, source, period_start, n, id, date, rep FROM (
  SELECT party, metric, source, period_start, bs, id, date, rep, count(*) OVER w AS n,
         row_number() OVER (w ORDER BY date DESC, rep DESC, id DESC) AS rn
    FROM (SELECT party, metric, source, period_start, date(date, '-' || ((CAST(strftime('%w', date) AS INTEGER) + 6) % 7) || ' days') AS bs, id, date, coalesce(reported_on, date) AS rep
            FROM reports WHERE deleted = 0 AND kind = 'tally')
  WINDOW w AS (PARTITION BY party, metric, source, period_start, bs)
) WHERE rn = 1;
INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
SELECT party, metric, 'month', bs, source, period_start, n, id, date, rep FROM (
  SELECT party, metric, source, period_start, bs, id, date, rep, count(*) OVER w AS n,
         row_number() OVER (w ORDER BY date DESC, rep DESC, id DESC) AS rn
    FROM (SELECT party, metric, source, period_start, substr(date, 1, 8) || '01' AS bs, id, date, coalesce(reported_on, date) AS rep
            FROM reports WHERE deleted = 0 AND kind = 'tally')
  WINDOW w AS (PARTITION BY party, metric, source, period_start, bs)
) WHERE rn = 1;
INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
SELECT party, metric, 'quarter', bs, source, period_start, n, id, date, rep FROM (
  SELECT party, metric, source, period_start, bs, id, date, rep, count(*) OVER w AS n,
         row_number() OVER (w ORDER BY date DESC, rep DESC, id DESC) AS rn
    FROM (SELECT party, metric, source, period_start, substr(date, 1, 5) || printf('%02d', ((CAST(substr(date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AS bs, id, date, coalesce(reported_on, date) AS rep
            FROM reports WHERE deleted = 0 AND kind = 'tally')
  WINDOW w AS (PARTITION BY party, metric, source, period_start, bs)
) WHERE rn = 1;
INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
SELECT party, metric, 'year', bs, source, period_start, n, id, date, rep FROM (
  SELECT party, metric, source, period_start, bs, id, date, rep, count(*) OVER w AS n,
         row_number() OVER (w ORDER BY date DESC, rep DESC, id DESC) AS rn
    FROM (SELECT party, metric, source, period_start, substr(date, 1, 4) || '-01-01' AS bs, id, date, coalesce(reported_on, date) AS rep
            FROM reports WHERE deleted = 0 AND kind = 'tally')
  WINDOW w AS (PARTITION BY party, metric, source, period_start, bs)
) WHERE rn = 1;
INSERT INTO figure_decreases (id, party, metric, date, previous, previous_id, previous_date)
SELECT id, party, metric, date, pfig, pid, pdate FROM (
  SELECT id, party, metric, date, coalesce(value, low) AS fig,
         lag(coalesce(value, low)) OVER s AS pfig, lag(id) OVER s AS pid, lag(date) OVER s AS pdate
    FROM reports WHERE deleted = 0 AND kind = 'tally'
  WINDOW s AS (PARTITION BY party, metric, source, period_start ORDER BY date, coalesce(reported_on, date), id)
) WHERE fig < pfig;

-- Events: a report without an event key is its own event; an event with a key is recomputed from its reports.
CREATE TRIGGER figure_events_report_insert AFTER INSERT ON reports WHEN new.deleted = 0 AND new.kind = 'incident' BEGIN
  INSERT INTO figure_events (party, metric, event_key, date, total, low, high)
  SELECT new.party, new.metric, 'r' || new.id, new.date, coalesce(new.value, new.low), coalesce(new.low, new.value), coalesce(new.high, new.value, new.low)
   WHERE new.deleted = 0 AND new.kind = 'incident' AND new.event IS NULL;
  DELETE FROM figure_events WHERE new.event IS NOT NULL AND party = new.party AND metric = new.metric AND event_key = 'e' || new.event;
  INSERT INTO figure_events (party, metric, event_key, date, total, low, high)
  SELECT new.party, new.metric, 'e' || new.event, c.date, coalesce(c.value, c.low), b.lo, b.hi
    FROM (SELECT date, value, low FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = new.party AND metric = new.metric AND event = new.event
           ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id LIMIT 1) AS c,
         (SELECT min(coalesce(low, value)) AS lo, max(coalesce(high, value, low)) AS hi FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = new.party AND metric = new.metric AND event = new.event) AS b
   WHERE new.event IS NOT NULL;
END;
CREATE TRIGGER figure_events_report_update AFTER UPDATE OF party, metric, kind, date, value, low, high, event, reported_on, deleted ON reports
WHEN (old.deleted = 0 AND old.kind = 'incident') OR (new.deleted = 0 AND new.kind = 'incident') BEGIN
  DELETE FROM figure_events WHERE old.event IS NULL AND party = old.party AND metric = old.metric AND event_key = 'r' || old.id;
  DELETE FROM figure_events WHERE old.event IS NOT NULL AND party = old.party AND metric = old.metric AND event_key = 'e' || old.event;
  INSERT INTO figure_events (party, metric, event_key, date, total, low, high)
  SELECT old.party, old.metric, 'e' || old.event, c.date, coalesce(c.value, c.low), b.lo, b.hi
    FROM (SELECT date, value, low FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = old.party AND metric = old.metric AND event = old.event
           ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id LIMIT 1) AS c,
         (SELECT min(coalesce(low, value)) AS lo, max(coalesce(high, value, low)) AS hi FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = old.party AND metric = old.metric AND event = old.event) AS b
   WHERE old.event IS NOT NULL;
  INSERT INTO figure_events (party, metric, event_key, date, total, low, high)
  SELECT new.party, new.metric, 'r' || new.id, new.date, coalesce(new.value, new.low), coalesce(new.low, new.value), coalesce(new.high, new.value, new.low)
   WHERE new.deleted = 0 AND new.kind = 'incident' AND new.event IS NULL;
  DELETE FROM figure_events WHERE new.event IS NOT NULL AND party = new.party AND metric = new.metric AND event_key = 'e' || new.event;
  INSERT INTO figure_events (party, metric, event_key, date, total, low, high)
  SELECT new.party, new.metric, 'e' || new.event, c.date, coalesce(c.value, c.low), b.lo, b.hi
    FROM (SELECT date, value, low FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = new.party AND metric = new.metric AND event = new.event
           ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id LIMIT 1) AS c,
         (SELECT min(coalesce(low, value)) AS lo, max(coalesce(high, value, low)) AS hi FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = new.party AND metric = new.metric AND event = new.event) AS b
   WHERE new.event IS NOT NULL;
END;
CREATE TRIGGER figure_events_report_delete AFTER DELETE ON reports WHEN old.deleted = 0 AND old.kind = 'incident' BEGIN
  DELETE FROM figure_events WHERE old.event IS NULL AND party = old.party AND metric = old.metric AND event_key = 'r' || old.id;
  DELETE FROM figure_events WHERE old.event IS NOT NULL AND party = old.party AND metric = old.metric AND event_key = 'e' || old.event;
  INSERT INTO figure_events (party, metric, event_key, date, total, low, high)
  SELECT old.party, old.metric, 'e' || old.event, c.date, coalesce(c.value, c.low), b.lo, b.hi
    FROM (SELECT date, value, low FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = old.party AND metric = old.metric AND event = old.event
           ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id LIMIT 1) AS c,
         (SELECT min(coalesce(low, value)) AS lo, max(coalesce(high, value, low)) AS hi FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = old.party AND metric = old.metric AND event = old.event) AS b
   WHERE old.event IS NOT NULL;
END;
-- The same per source: one counted source's events are formed from its own reports.
CREATE TRIGGER figure_source_events_report_insert AFTER INSERT ON reports WHEN new.deleted = 0 AND new.kind = 'incident' BEGIN
  INSERT INTO figure_source_events (party, metric, source, event_key, date, total, low, high)
  SELECT new.party, new.metric, new.source, 'r' || new.id, new.date, coalesce(new.value, new.low), coalesce(new.low, new.value), coalesce(new.high, new.value, new.low)
   WHERE new.deleted = 0 AND new.kind = 'incident' AND new.event IS NULL;
  DELETE FROM figure_source_events WHERE new.event IS NOT NULL AND party = new.party AND metric = new.metric AND source = new.source AND event_key = 'e' || new.event;
  INSERT INTO figure_source_events (party, metric, source, event_key, date, total, low, high)
  SELECT new.party, new.metric, new.source, 'e' || new.event, c.date, coalesce(c.value, c.low), b.lo, b.hi
    FROM (SELECT date, value, low FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = new.party AND metric = new.metric AND event = new.event AND source = new.source
           ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id LIMIT 1) AS c,
         (SELECT min(coalesce(low, value)) AS lo, max(coalesce(high, value, low)) AS hi FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = new.party AND metric = new.metric AND event = new.event AND source = new.source) AS b
   WHERE new.event IS NOT NULL;
END;
CREATE TRIGGER figure_source_events_report_update AFTER UPDATE OF party, metric, source, kind, date, value, low, high, event, reported_on, deleted ON reports
WHEN (old.deleted = 0 AND old.kind = 'incident') OR (new.deleted = 0 AND new.kind = 'incident') BEGIN
  DELETE FROM figure_source_events WHERE old.event IS NULL AND party = old.party AND metric = old.metric AND source = old.source AND event_key = 'r' || old.id;
  DELETE FROM figure_source_events WHERE old.event IS NOT NULL AND party = old.party AND metric = old.metric AND source = old.source AND event_key = 'e' || old.event;
  INSERT INTO figure_source_events (party, metric, source, event_key, date, total, low, high)
  SELECT old.party, old.metric, old.source, 'e' || old.event, c.date, coalesce(c.value, c.low), b.lo, b.hi
    FROM (SELECT date, value, low FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = old.party AND metric = old.metric AND event = old.event AND source = old.source
           ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id LIMIT 1) AS c,
         (SELECT min(coalesce(low, value)) AS lo, max(coalesce(high, value, low)) AS hi FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = old.party AND metric = old.metric AND event = old.event AND source = old.source) AS b
   WHERE old.event IS NOT NULL;
  INSERT INTO figure_source_events (party, metric, source, event_key, date, total, low, high)
  SELECT new.party, new.metric, new.source, 'r' || new.id, new.date, coalesce(new.value, new.low), coalesce(new.low, new.value), coalesce(new.high, new.value, new.low)
   WHERE new.deleted = 0 AND new.kind = 'incident' AND new.event IS NULL;
  DELETE FROM figure_source_events WHERE new.event IS NOT NULL AND party = new.party AND metric = new.metric AND source = new.source AND event_key = 'e' || new.event;
  INSERT INTO figure_source_events (party, metric, source, event_key, date, total, low, high)
  SELECT new.party, new.metric, new.source, 'e' || new.event, c.date, coalesce(c.value, c.low), b.lo, b.hi
    FROM (SELECT date, value, low FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = new.party AND metric = new.metric AND event = new.event AND source = new.source
           ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id LIMIT 1) AS c,
         (SELECT min(coalesce(low, value)) AS lo, max(coalesce(high, value, low)) AS hi FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = new.party AND metric = new.metric AND event = new.event AND source = new.source) AS b
   WHERE new.event IS NOT NULL;
END;
CREATE TRIGGER figure_source_events_report_delete AFTER DELETE ON reports WHEN old.deleted = 0 AND old.kind = 'incident' BEGIN
  DELETE FROM figure_source_events WHERE old.event IS NULL AND party = old.party AND metric = old.metric AND source = old.source AND event_key = 'r' || old.id;
  DELETE FROM figure_source_events WHERE old.event IS NOT NULL AND party = old.party AND metric = old.metric AND source = old.source AND event_key = 'e' || old.event;
  INSERT INTO figure_source_events (party, metric, source, event_key, date, total, low, high)
  SELECT old.party, old.metric, old.source, 'e' || old.event, c.date, coalesce(c.value, c.low), b.lo, b.hi
    FROM (SELECT date, value, low FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = old.party AND metric = old.metric AND event = old.event AND source = old.source
           ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id LIMIT 1) AS c,
         (SELECT min(coalesce(low, value)) AS lo, max(coalesce(high, value, low)) AS hi FROM reports INDEXED BY reports_incident_event WHERE deleted = 0 AND kind = 'incident' AND event IS NOT NULL AND party = old.party AND metric = old.metric AND event = old.event AND source = old.source) AS b
   WHERE old.event IS NOT NULL;
END;
-- Tallies: a new tally is folded into its buckets; a change or removal recomputes the buckets it touches.
CREATE TRIGGER figure_tallies_report_insert AFTER INSERT ON reports WHEN new.deleted = 0 AND new.kind = 'tally' BEGIN
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  VALUES (new.party, new.metric, 'day', new.date, new.source, new.period_start, 1, new.id, new.date, coalesce(new.reported_on, new.date))
  ON CONFLICT (party, metric, bucket, bucket_start, source, period_start) DO UPDATE SET
    tallies = tallies + 1,
    last_id   = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_id, last_id),
    last_rep  = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_rep, last_rep),
    last_date = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_date, last_date);
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  VALUES (new.party, new.metric, 'week', date(new.date, '-' || ((CAST(strftime('%w', new.date) AS INTEGER) + 6) % 7) || ' days'), new.source, new.period_start, 1, new.id, new.date, coalesce(new.reported_on, new.date))
  ON CONFLICT (party, metric, bucket, bucket_start, source, period_start) DO UPDATE SET
    tallies = tallies + 1,
    last_id   = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_id, last_id),
    last_rep  = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_rep, last_rep),
    last_date = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_date, last_date);
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  VALUES (new.party, new.metric, 'month', substr(new.date, 1, 8) || '01', new.source, new.period_start, 1, new.id, new.date, coalesce(new.reported_on, new.date))
  ON CONFLICT (party, metric, bucket, bucket_start, source, period_start) DO UPDATE SET
    tallies = tallies + 1,
    last_id   = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_id, last_id),
    last_rep  = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_rep, last_rep),
    last_date = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_date, last_date);
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  VALUES (new.party, new.metric, 'quarter', substr(new.date, 1, 5) || printf('%02d', ((CAST(substr(new.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', new.source, new.period_start, 1, new.id, new.date, coalesce(new.reported_on, new.date))
  ON CONFLICT (party, metric, bucket, bucket_start, source, period_start) DO UPDATE SET
    tallies = tallies + 1,
    last_id   = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_id, last_id),
    last_rep  = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_rep, last_rep),
    last_date = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_date, last_date);
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  VALUES (new.party, new.metric, 'year', substr(new.date, 1, 4) || '-01-01', new.source, new.period_start, 1, new.id, new.date, coalesce(new.reported_on, new.date))
  ON CONFLICT (party, metric, bucket, bucket_start, source, period_start) DO UPDATE SET
    tallies = tallies + 1,
    last_id   = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_id, last_id),
    last_rep  = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_rep, last_rep),
    last_date = iif((excluded.last_date, excluded.last_rep, excluded.last_id) > (last_date, last_rep, last_id), excluded.last_date, last_date);
  DELETE FROM figure_decreases WHERE id = new.id;
  INSERT INTO figure_decreases (id, party, metric, date, previous, previous_id, previous_date)
  SELECT t.id, t.party, t.metric, t.date, coalesce(p.value, p.low), p.id, p.date
    FROM reports AS t JOIN reports AS p ON p.id = (
           SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = t.party AND q.metric = t.metric AND q.source = t.source AND q.period_start = t.period_start
              AND (q.date, coalesce(q.reported_on, q.date), q.id) < (t.date, coalesce(t.reported_on, t.date), t.id)
            ORDER BY q.date DESC, coalesce(q.reported_on, q.date) DESC, q.id DESC LIMIT 1)
   WHERE t.id = new.id AND t.deleted = 0 AND t.kind = 'tally' AND coalesce(t.value, t.low) < coalesce(p.value, p.low);
  DELETE FROM figure_decreases WHERE id = (SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = new.party AND q.metric = new.metric AND q.source = new.source AND q.period_start = new.period_start AND (q.date, coalesce(q.reported_on, q.date), q.id) > (new.date, coalesce(new.reported_on, new.date), new.id) ORDER BY q.date, coalesce(q.reported_on, q.date), q.id LIMIT 1);
  INSERT INTO figure_decreases (id, party, metric, date, previous, previous_id, previous_date)
  SELECT t.id, t.party, t.metric, t.date, coalesce(p.value, p.low), p.id, p.date
    FROM reports AS t JOIN reports AS p ON p.id = (
           SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = t.party AND q.metric = t.metric AND q.source = t.source AND q.period_start = t.period_start
              AND (q.date, coalesce(q.reported_on, q.date), q.id) < (t.date, coalesce(t.reported_on, t.date), t.id)
            ORDER BY q.date DESC, coalesce(q.reported_on, q.date) DESC, q.id DESC LIMIT 1)
   WHERE t.id = (SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = new.party AND q.metric = new.metric AND q.source = new.source AND q.period_start = new.period_start AND (q.date, coalesce(q.reported_on, q.date), q.id) > (new.date, coalesce(new.reported_on, new.date), new.id) ORDER BY q.date, coalesce(q.reported_on, q.date), q.id LIMIT 1) AND t.deleted = 0 AND t.kind = 'tally' AND coalesce(t.value, t.low) < coalesce(p.value, p.low);
END;
CREATE TRIGGER figure_tallies_report_update AFTER UPDATE OF party, metric, kind, source, period_start, date, value, low, reported_on, deleted ON reports
WHEN (old.deleted = 0 AND old.kind = 'tally') OR (new.deleted = 0 AND new.kind = 'tally') BEGIN
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'day'
     AND bucket_start = old.date AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'day', old.date, old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN old.date AND old.date) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN old.date AND old.date
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'week'
     AND bucket_start = date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days') AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'week', date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days'), old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days') AND date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days', '+6 days')) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days') AND date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days', '+6 days')
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'month'
     AND bucket_start = substr(old.date, 1, 8) || '01' AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'month', substr(old.date, 1, 8) || '01', old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 8) || '01' AND date(substr(old.date, 1, 8) || '01', '+1 month', '-1 day')) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 8) || '01' AND date(substr(old.date, 1, 8) || '01', '+1 month', '-1 day')
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'quarter'
     AND bucket_start = substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'quarter', substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND date(substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', '+3 months', '-1 day')) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND date(substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', '+3 months', '-1 day')
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'year'
     AND bucket_start = substr(old.date, 1, 4) || '-01-01' AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'year', substr(old.date, 1, 4) || '-01-01', old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 4) || '-01-01' AND substr(old.date, 1, 4) || '-12-31') AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 4) || '-01-01' AND substr(old.date, 1, 4) || '-12-31'
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = new.party AND metric = new.metric AND bucket = 'day'
     AND bucket_start = new.date AND source = new.source AND period_start = new.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT new.party, new.metric, 'day', new.date, new.source, new.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN new.date AND new.date) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN new.date AND new.date
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE new.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = new.party AND metric = new.metric AND bucket = 'week'
     AND bucket_start = date(new.date, '-' || ((CAST(strftime('%w', new.date) AS INTEGER) + 6) % 7) || ' days') AND source = new.source AND period_start = new.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT new.party, new.metric, 'week', date(new.date, '-' || ((CAST(strftime('%w', new.date) AS INTEGER) + 6) % 7) || ' days'), new.source, new.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN date(new.date, '-' || ((CAST(strftime('%w', new.date) AS INTEGER) + 6) % 7) || ' days') AND date(new.date, '-' || ((CAST(strftime('%w', new.date) AS INTEGER) + 6) % 7) || ' days', '+6 days')) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN date(new.date, '-' || ((CAST(strftime('%w', new.date) AS INTEGER) + 6) % 7) || ' days') AND date(new.date, '-' || ((CAST(strftime('%w', new.date) AS INTEGER) + 6) % 7) || ' days', '+6 days')
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE new.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = new.party AND metric = new.metric AND bucket = 'month'
     AND bucket_start = substr(new.date, 1, 8) || '01' AND source = new.source AND period_start = new.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT new.party, new.metric, 'month', substr(new.date, 1, 8) || '01', new.source, new.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN substr(new.date, 1, 8) || '01' AND date(substr(new.date, 1, 8) || '01', '+1 month', '-1 day')) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN substr(new.date, 1, 8) || '01' AND date(substr(new.date, 1, 8) || '01', '+1 month', '-1 day')
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE new.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = new.party AND metric = new.metric AND bucket = 'quarter'
     AND bucket_start = substr(new.date, 1, 5) || printf('%02d', ((CAST(substr(new.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND source = new.source AND period_start = new.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT new.party, new.metric, 'quarter', substr(new.date, 1, 5) || printf('%02d', ((CAST(substr(new.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', new.source, new.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN substr(new.date, 1, 5) || printf('%02d', ((CAST(substr(new.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND date(substr(new.date, 1, 5) || printf('%02d', ((CAST(substr(new.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', '+3 months', '-1 day')) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN substr(new.date, 1, 5) || printf('%02d', ((CAST(substr(new.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND date(substr(new.date, 1, 5) || printf('%02d', ((CAST(substr(new.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', '+3 months', '-1 day')
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE new.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = new.party AND metric = new.metric AND bucket = 'year'
     AND bucket_start = substr(new.date, 1, 4) || '-01-01' AND source = new.source AND period_start = new.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT new.party, new.metric, 'year', substr(new.date, 1, 4) || '-01-01', new.source, new.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN substr(new.date, 1, 4) || '-01-01' AND substr(new.date, 1, 4) || '-12-31') AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = new.party AND metric = new.metric AND source = new.source AND period_start = new.period_start AND date BETWEEN substr(new.date, 1, 4) || '-01-01' AND substr(new.date, 1, 4) || '-12-31'
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE new.period_start IS NOT NULL;
  DELETE FROM figure_decreases WHERE id = old.id;
  DELETE FROM figure_decreases WHERE id = (SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = old.party AND q.metric = old.metric AND q.source = old.source AND q.period_start = old.period_start AND (q.date, coalesce(q.reported_on, q.date), q.id) > (old.date, coalesce(old.reported_on, old.date), old.id) ORDER BY q.date, coalesce(q.reported_on, q.date), q.id LIMIT 1);
  INSERT INTO figure_decreases (id, party, metric, date, previous, previous_id, previous_date)
  SELECT t.id, t.party, t.metric, t.date, coalesce(p.value, p.low), p.id, p.date
    FROM reports AS t JOIN reports AS p ON p.id = (
           SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = t.party AND q.metric = t.metric AND q.source = t.source AND q.period_start = t.period_start
              AND (q.date, coalesce(q.reported_on, q.date), q.id) < (t.date, coalesce(t.reported_on, t.date), t.id)
            ORDER BY q.date DESC, coalesce(q.reported_on, q.date) DESC, q.id DESC LIMIT 1)
   WHERE t.id = (SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = old.party AND q.metric = old.metric AND q.source = old.source AND q.period_start = old.period_start AND (q.date, coalesce(q.reported_on, q.date), q.id) > (old.date, coalesce(old.reported_on, old.date), old.id) ORDER BY q.date, coalesce(q.reported_on, q.date), q.id LIMIT 1) AND t.deleted = 0 AND t.kind = 'tally' AND coalesce(t.value, t.low) < coalesce(p.value, p.low);
  DELETE FROM figure_decreases WHERE id = new.id;
  INSERT INTO figure_decreases (id, party, metric, date, previous, previous_id, previous_date)
  SELECT t.id, t.party, t.metric, t.date, coalesce(p.value, p.low), p.id, p.date
    FROM reports AS t JOIN reports AS p ON p.id = (
           SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = t.party AND q.metric = t.metric AND q.source = t.source AND q.period_start = t.period_start
              AND (q.date, coalesce(q.reported_on, q.date), q.id) < (t.date, coalesce(t.reported_on, t.date), t.id)
            ORDER BY q.date DESC, coalesce(q.reported_on, q.date) DESC, q.id DESC LIMIT 1)
   WHERE t.id = new.id AND t.deleted = 0 AND t.kind = 'tally' AND coalesce(t.value, t.low) < coalesce(p.value, p.low);
  DELETE FROM figure_decreases WHERE id = (SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = new.party AND q.metric = new.metric AND q.source = new.source AND q.period_start = new.period_start AND (q.date, coalesce(q.reported_on, q.date), q.id) > (new.date, coalesce(new.reported_on, new.date), new.id) ORDER BY q.date, coalesce(q.reported_on, q.date), q.id LIMIT 1);
  INSERT INTO figure_decreases (id, party, metric, date, previous, previous_id, previous_date)
  SELECT t.id, t.party, t.metric, t.date, coalesce(p.value, p.low), p.id, p.date
    FROM reports AS t JOIN reports AS p ON p.id = (
           SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = t.party AND q.metric = t.metric AND q.source = t.source AND q.period_start = t.period_start
              AND (q.date, coalesce(q.reported_on, q.date), q.id) < (t.date, coalesce(t.reported_on, t.date), t.id)
            ORDER BY q.date DESC, coalesce(q.reported_on, q.date) DESC, q.id DESC LIMIT 1)
   WHERE t.id = (SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = new.party AND q.metric = new.metric AND q.source = new.source AND q.period_start = new.period_start AND (q.date, coalesce(q.reported_on, q.date), q.id) > (new.date, coalesce(new.reported_on, new.date), new.id) ORDER BY q.date, coalesce(q.reported_on, q.date), q.id LIMIT 1) AND t.deleted = 0 AND t.kind = 'tally' AND coalesce(t.value, t.low) < coalesce(p.value, p.low);
END;
CREATE TRIGGER figure_tallies_report_delete AFTER DELETE ON reports WHEN old.deleted = 0 AND old.kind = 'tally' BEGIN
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'day'
     AND bucket_start = old.date AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'day', old.date, old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN old.date AND old.date) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN old.date AND old.date
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'week'
     AND bucket_start = date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days') AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'week', date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days'), old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days') AND date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days', '+6 days')) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days') AND date(old.date, '-' || ((CAST(strftime('%w', old.date) AS INTEGER) + 6) % 7) || ' days', '+6 days')
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'month'
     AND bucket_start = substr(old.date, 1, 8) || '01' AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'month', substr(old.date, 1, 8) || '01', old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 8) || '01' AND date(substr(old.date, 1, 8) || '01', '+1 month', '-1 day')) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 8) || '01' AND date(substr(old.date, 1, 8) || '01', '+1 month', '-1 day')
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'quarter'
     AND bucket_start = substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'quarter', substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND date(substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', '+3 months', '-1 day')) AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND date(substr(old.date, 1, 5) || printf('%02d', ((CAST(substr(old.date, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', '+3 months', '-1 day')
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_tally_buckets WHERE party = old.party AND metric = old.metric AND bucket = 'year'
     AND bucket_start = substr(old.date, 1, 4) || '-01-01' AND source = old.source AND period_start = old.period_start;
  INSERT INTO figure_tally_buckets (party, metric, bucket, bucket_start, source, period_start, tallies, last_id, last_date, last_rep)
  SELECT old.party, old.metric, 'year', substr(old.date, 1, 4) || '-01-01', old.source, old.period_start, c.n, l.id, l.date, l.rep
    FROM (SELECT count(*) AS n FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 4) || '-01-01' AND substr(old.date, 1, 4) || '-12-31') AS c,
         (SELECT id, date, coalesce(reported_on, date) AS rep FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = old.party AND metric = old.metric AND source = old.source AND period_start = old.period_start AND date BETWEEN substr(old.date, 1, 4) || '-01-01' AND substr(old.date, 1, 4) || '-12-31'
           ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1) AS l
   WHERE old.period_start IS NOT NULL;
  DELETE FROM figure_decreases WHERE id = old.id;
  DELETE FROM figure_decreases WHERE id = (SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = old.party AND q.metric = old.metric AND q.source = old.source AND q.period_start = old.period_start AND (q.date, coalesce(q.reported_on, q.date), q.id) > (old.date, coalesce(old.reported_on, old.date), old.id) ORDER BY q.date, coalesce(q.reported_on, q.date), q.id LIMIT 1);
  INSERT INTO figure_decreases (id, party, metric, date, previous, previous_id, previous_date)
  SELECT t.id, t.party, t.metric, t.date, coalesce(p.value, p.low), p.id, p.date
    FROM reports AS t JOIN reports AS p ON p.id = (
           SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = t.party AND q.metric = t.metric AND q.source = t.source AND q.period_start = t.period_start
              AND (q.date, coalesce(q.reported_on, q.date), q.id) < (t.date, coalesce(t.reported_on, t.date), t.id)
            ORDER BY q.date DESC, coalesce(q.reported_on, q.date) DESC, q.id DESC LIMIT 1)
   WHERE t.id = (SELECT q.id FROM reports AS q WHERE q.deleted = 0 AND q.kind = 'tally' AND q.party = old.party AND q.metric = old.metric AND q.source = old.source AND q.period_start = old.period_start AND (q.date, coalesce(q.reported_on, q.date), q.id) > (old.date, coalesce(old.reported_on, old.date), old.id) ORDER BY q.date, coalesce(q.reported_on, q.date), q.id LIMIT 1) AND t.deleted = 0 AND t.kind = 'tally' AND coalesce(t.value, t.low) < coalesce(p.value, p.low);
END;
