-- Open interfaces (issue 16).
--
-- The Atom feed lists the live reports changed last: an index on the time of the last change keeps
-- its first page a walk of 50 entries whatever the size of the database.
CREATE INDEX reports_updated ON reports (updated_at, id) WHERE deleted = 0;

-- A database kept in step with another by `npm run mirror`: where it mirrors from and the cursor of
-- the last change applied, written in the same transaction as the changes themselves, so a mirror
-- that stops at any moment resumes exactly after the last change it stored. One row at most.
CREATE TABLE mirror_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  source     TEXT    NOT NULL,
  cursor     INTEGER NOT NULL CHECK (cursor >= 0),
  updated_at TEXT    NOT NULL
) STRICT;
