-- Signed-in browser sessions. Only a hash of the cookie's value is stored: a copy of the database
-- does not let anyone sign in.
CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);
