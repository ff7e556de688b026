-- Facet counts kept in step with every write by triggers, so /api/facets reads a few hundred rows
-- instead of grouping every report; and the list's commonest filter (party and metric, sorted by
-- date then id) served straight from one index.
CREATE TABLE facet_counts (
  facet   TEXT    NOT NULL CHECK (facet IN ('party', 'source', 'location', 'party_metric')),
  name    TEXT    NOT NULL,
  reports INTEGER NOT NULL,
  PRIMARY KEY (facet, name)
) STRICT, WITHOUT ROWID;

INSERT INTO facet_counts SELECT 'party', party, count(*) FROM reports WHERE deleted = 0 GROUP BY party;
INSERT INTO facet_counts SELECT 'source', source, count(*) FROM reports WHERE deleted = 0 GROUP BY source;
INSERT INTO facet_counts SELECT 'location', location, count(*) FROM reports WHERE deleted = 0 AND location IS NOT NULL GROUP BY location;
INSERT INTO facet_counts SELECT 'party_metric', party || char(31) || metric, count(*) FROM reports WHERE deleted = 0 GROUP BY party, metric;

CREATE TRIGGER facet_counts_insert AFTER INSERT ON reports WHEN new.deleted = 0 BEGIN
  INSERT INTO facet_counts VALUES ('party', new.party, 1) ON CONFLICT (facet, name) DO UPDATE SET reports = reports + 1;
  INSERT INTO facet_counts VALUES ('source', new.source, 1) ON CONFLICT (facet, name) DO UPDATE SET reports = reports + 1;
  INSERT INTO facet_counts SELECT 'location', new.location, 1 WHERE new.location IS NOT NULL ON CONFLICT (facet, name) DO UPDATE SET reports = reports + 1;
  INSERT INTO facet_counts VALUES ('party_metric', new.party || char(31) || new.metric, 1) ON CONFLICT (facet, name) DO UPDATE SET reports = reports + 1;
END;

CREATE TRIGGER facet_counts_update AFTER UPDATE OF party, source, location, metric, deleted ON reports BEGIN
  UPDATE facet_counts SET reports = reports - 1 WHERE old.deleted = 0 AND (
    (facet = 'party' AND name = old.party) OR (facet = 'source' AND name = old.source)
    OR (facet = 'location' AND name = old.location) OR (facet = 'party_metric' AND name = old.party || char(31) || old.metric));
  INSERT INTO facet_counts SELECT 'party', new.party, 1 WHERE new.deleted = 0 ON CONFLICT (facet, name) DO UPDATE SET reports = reports + 1;
  INSERT INTO facet_counts SELECT 'source', new.source, 1 WHERE new.deleted = 0 ON CONFLICT (facet, name) DO UPDATE SET reports = reports + 1;
  INSERT INTO facet_counts SELECT 'location', new.location, 1 WHERE new.deleted = 0 AND new.location IS NOT NULL ON CONFLICT (facet, name) DO UPDATE SET reports = reports + 1;
  INSERT INTO facet_counts SELECT 'party_metric', new.party || char(31) || new.metric, 1 WHERE new.deleted = 0 ON CONFLICT (facet, name) DO UPDATE SET reports = reports + 1;
  DELETE FROM facet_counts WHERE reports <= 0;
END;

CREATE TRIGGER facet_counts_delete AFTER DELETE ON reports WHEN old.deleted = 0 BEGIN
  UPDATE facet_counts SET reports = reports - 1 WHERE
    (facet = 'party' AND name = old.party) OR (facet = 'source' AND name = old.source)
    OR (facet = 'location' AND name = old.location) OR (facet = 'party_metric' AND name = old.party || char(31) || old.metric);
  DELETE FROM facet_counts WHERE reports <= 0;
END;

DROP INDEX reports_party_metric;
CREATE INDEX reports_party_metric_date ON reports (party, metric, date, id) WHERE deleted = 0;
CREATE INDEX reports_kind_date ON reports (kind, date, id) WHERE deleted = 0;
