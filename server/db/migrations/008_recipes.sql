-- Import recipes saved on the server (DESIGN.md "Bringing data in: recipes"), with their history as
-- reports keep theirs: every create, update and delete is a revision holding the whole recipe. A
-- deleted recipe is hidden, never erased; its name is free again for a new recipe (a new id).
-- The recipe itself is validated by the zod schema (server/domain/recipe.ts) before it is stored; the
-- CHECKs keep any other writer to a name and a JSON object.
CREATE TABLE recipes (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^a-z0-9_-]*' AND name GLOB '[a-z0-9]*'),
  recipe     TEXT    NOT NULL CHECK (json_valid(recipe) AND json_type(recipe) = 'object'),
  created_at TEXT    NOT NULL,
  updated_at TEXT    NOT NULL,
  revision   INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX recipes_live_name ON recipes (name) WHERE deleted = 0;

CREATE TABLE recipe_revisions (
  id        INTEGER PRIMARY KEY,
  recipe_id INTEGER NOT NULL REFERENCES recipes (id),
  revision  INTEGER NOT NULL,
  action    TEXT    NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  who       TEXT    NOT NULL,
  at        TEXT    NOT NULL,
  recipe    TEXT    NOT NULL CHECK (json_valid(recipe)),
  UNIQUE (recipe_id, revision)
) STRICT;
