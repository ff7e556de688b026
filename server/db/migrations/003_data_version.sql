-- A counter of changes to reports, kept by the database itself, so that every writer (the server, the
-- import script, another process) moves it and it survives restarts. Read responses derive their ETag
-- from it.
CREATE TABLE data_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
) STRICT;
INSERT INTO data_version (id, version) VALUES (1, 1);
CREATE TRIGGER reports_version_insert AFTER INSERT ON reports BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER reports_version_update AFTER UPDATE ON reports BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER reports_version_delete AFTER DELETE ON reports BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;
