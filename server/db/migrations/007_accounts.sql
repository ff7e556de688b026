-- Personal accounts (decision 0010): accounts with a role, invitations, personal API tokens, sessions
-- that belong to an account, the audit log, and revisions that name the account that made them.
-- Secrets are stored only as hashes: scrypt for passwords, SHA-256 for random 256-bit secrets.

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  -- Unique whatever the case ("olena" cannot be registered beside "Olena"): names are what people see.
  name          TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  role          TEXT    NOT NULL CHECK (role IN ('editor', 'admin')),
  -- scrypt$N$r$p$salt$hash; NULL until the person has set a password through an invitation.
  password_hash TEXT             CHECK (password_hash IS NULL OR password_hash LIKE 'scrypt$%'),
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT    NOT NULL,
  updated_at    TEXT    NOT NULL
) STRICT;

-- One-time links where a person sets their password. `account_id` NULL: the first admin's link, which
-- creates the account with the name given on accepting it.
CREATE TABLE invitations (
  id          INTEGER PRIMARY KEY,
  secret_hash TEXT    NOT NULL UNIQUE,
  account_id  INTEGER REFERENCES accounts (id),
  role        TEXT    NOT NULL CHECK (role IN ('editor', 'admin')),
  created_by  TEXT    NOT NULL,
  created_at  TEXT    NOT NULL,
  expires_at  TEXT    NOT NULL,
  -- Set when accepted, or when a newer link for the same account replaced it.
  used_at     TEXT,
  voided_at   TEXT
) STRICT;
CREATE INDEX invitations_account ON invitations (account_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts (id),
  name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  secret_hash  TEXT    NOT NULL UNIQUE,
  created_at   TEXT    NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT,
  revoked_by   TEXT
) STRICT;
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- Sessions now belong to an account. Those of the shared token (a name typed at sign-in) end here:
-- everyone signs in again with an account.
DROP TABLE sessions;
CREATE TABLE sessions (
  id_hash      TEXT    PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts (id),
  created_at   TEXT    NOT NULL,
  last_seen_at TEXT    NOT NULL,
  -- Thirty days after sign-in whatever the use; a day without use ends it sooner (server/http/auth.ts).
  expires_at   TEXT    NOT NULL,
  -- Ended by a password change, "sign out everywhere" or disabling: kept until expires_at so that the
  -- page can say why its next request was refused.
  ended_at     TEXT,
  ended_reason TEXT    CHECK (ended_reason IN ('password_changed', 'signed_out_everywhere', 'disabled'))
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_account ON sessions (account_id);

-- Who did what to accounts and credentials, when and from which address; kept 400 days.
CREATE TABLE audit (
  id           INTEGER PRIMARY KEY,
  at           TEXT    NOT NULL,
  event        TEXT    NOT NULL,
  -- Who acted: an account (id and its name then), or a name alone ('bootstrap token', 'shell', 'server').
  actor_id     INTEGER,
  actor_name   TEXT COLLATE NOCASE,
  -- The account acted on, if any (its name then; for a failed sign-in, the name that was given).
  subject_id   INTEGER,
  subject_name TEXT COLLATE NOCASE,
  address      TEXT,
  details      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_subject ON audit (subject_id, event, at);
CREATE INDEX audit_subject_name ON audit (subject_name, event, at);
CREATE INDEX audit_event ON audit (event, at);

-- Revisions name the account that made them, by id and by its name at the time. `actor` says what
-- kind of writer it was: 'account', 'bootstrap' (TALLY_TOKEN), 'system' (the seed, a script's own
-- label), or 'shared_token' for every revision made before accounts existed, whose `who` is the name
-- typed at sign-in then (or 'api' for the shared token itself).
ALTER TABLE revisions ADD COLUMN actor TEXT NOT NULL DEFAULT 'shared_token'
  CHECK (actor IN ('account', 'bootstrap', 'system', 'shared_token'));
ALTER TABLE revisions ADD COLUMN account_id INTEGER REFERENCES accounts (id)
  CHECK ((account_id IS NOT NULL) = (actor = 'account'));
ALTER TABLE revisions ADD COLUMN account_name TEXT
  CHECK ((account_name IS NOT NULL) = (actor = 'account'));
