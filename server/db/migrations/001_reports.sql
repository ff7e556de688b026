-- Reports, their revisions, and the full-text index behind `q`.
-- The CHECK constraints repeat the zod schema's rules so that no writer (a script, a future bug,
-- the sqlite3 shell) can store a report the API would refuse.
CREATE TABLE reports (
  id             INTEGER PRIMARY KEY,
  date           TEXT    NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  date_precision TEXT    NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year')),
  period_start   TEXT             CHECK (period_start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  source         TEXT    NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
  via            TEXT             CHECK (length(via) BETWEEN 1 AND 200),
  party          TEXT    NOT NULL CHECK (length(party) BETWEEN 1 AND 200),
  metric         TEXT    NOT NULL CHECK (metric IN ('killed', 'wounded', 'casualties', 'missing', 'captured', 'troops')),
  kind           TEXT    NOT NULL CHECK (kind IN ('incident', 'tally', 'estimate')),
  value          INTEGER          CHECK (value >= 0),
  qualifier      TEXT    NOT NULL DEFAULT 'exact' CHECK (qualifier IN ('exact', 'about', 'at_least', 'at_most')),
  low            INTEGER          CHECK (low >= 0),
  high           INTEGER          CHECK (high >= 0),
  location       TEXT             CHECK (length(location) BETWEEN 1 AND 200),
  event          TEXT             CHECK (length(event) BETWEEN 1 AND 200),
  reported_on    TEXT             CHECK (reported_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  url            TEXT             CHECK (length(url) BETWEEN 1 AND 2000 AND (url LIKE 'http://%' OR url LIKE 'https://%')),
  quote          TEXT             CHECK (length(quote) BETWEEN 1 AND 2000),
  notes          TEXT             CHECK (length(notes) BETWEEN 1 AND 2000),
  created_at     TEXT    NOT NULL,
  updated_at     TEXT    NOT NULL,
  revision       INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  CHECK (value IS NOT NULL OR (low IS NOT NULL AND high IS NOT NULL)),
  CHECK (low IS NULL OR value IS NULL OR low <= value),
  CHECK (high IS NULL OR value IS NULL OR value <= high),
  CHECK (low IS NULL OR high IS NULL OR low <= high),
  CHECK ((kind = 'tally') = (period_start IS NOT NULL)),
  CHECK (period_start IS NULL OR period_start <= date),
  CHECK ((metric = 'troops') = (kind = 'estimate'))
) STRICT;

-- Derived figures read one party and metric at a time; the list sorts by date with ties by id.
CREATE INDEX reports_party_metric ON reports (party, metric, kind, date) WHERE deleted = 0;
CREATE INDEX reports_date ON reports (date, id) WHERE deleted = 0;
CREATE INDEX reports_source ON reports (source, date) WHERE deleted = 0;
CREATE INDEX reports_deleted ON reports (id) WHERE deleted = 1;

-- Every create, update, delete and restore: who, when, and the whole report as it was after it.
CREATE TABLE revisions (
  id        INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports (id),
  revision  INTEGER NOT NULL,
  action    TEXT    NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
  who       TEXT    NOT NULL,
  at        TEXT    NOT NULL,
  snapshot  TEXT    NOT NULL CHECK (json_valid(snapshot)),
  UNIQUE (report_id, revision)
) STRICT;

-- Text search over the report's words; unicode61 folds case in every script ("київ" finds "Київ").
CREATE VIRTUAL TABLE reports_fts USING fts5 (
  source, via, party, location, event, quote, notes,
  content = 'reports', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
  INSERT INTO reports_fts (rowid, source, via, party, location, event, quote, notes)
  VALUES (new.id, new.source, new.via, new.party, new.location, new.event, new.quote, new.notes);
END;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
  INSERT INTO reports_fts (reports_fts, rowid, source, via, party, location, event, quote, notes)
  VALUES ('delete', old.id, old.source, old.via, old.party, old.location, old.event, old.quote, old.notes);
END;
CREATE TRIGGER reports_fts_update AFTER UPDATE OF source, via, party, location, event, quote, notes ON reports BEGIN
  INSERT INTO reports_fts (reports_fts, rowid, source, via, party, location, event, quote, notes)
  VALUES ('delete', old.id, old.source, old.via, old.party, old.location, old.event, old.quote, old.notes);
  INSERT INTO reports_fts (rowid, source, via, party, location, event, quote, notes)
  VALUES (new.id, new.source, new.via, new.party, new.location, new.event, new.quote, new.notes);
END;
