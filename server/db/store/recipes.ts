// Saved import recipes and their revisions: create, list, read, replace (If-Match on the revision),
// delete (hidden, never erased) and history. The document is stored as it was saved; routes validate it
// with the recipe schema first.
import type { SavedRecipe } from '../../domain/saved-recipe';
import type { StoreContext } from './statements';

export type RecipeAction = 'create' | 'update' | 'delete';

export interface RecipeRevision {
  revision: number;
  action: RecipeAction;
  who: string;
  at: string;
  recipe: Record<string, unknown>;
}

export type RecipeWrite =
  | { status: 'ok'; recipe: SavedRecipe; changed: boolean }
  | { status: 'exists' }
  | { status: 'not_found' }
  | { status: 'conflict'; current: SavedRecipe };

interface RecipeRow { id: number; name: string; recipe: string; created_at: string; updated_at: string; revision: number }

const toSaved = (row: RecipeRow): SavedRecipe => ({
  name: row.name,
  // Stored only once valid by the recipe schema (it has a format).
  recipe: JSON.parse(row.recipe) as SavedRecipe['recipe'],
  revision: row.revision,
  created_at: row.created_at,
  updated_at: row.updated_at,
  shipped: false,
});

export function recipeStore({ db, now }: StoreContext) {
  const COLUMNS = 'id, name, recipe, created_at, updated_at, revision';
  const stmt = {
    live: db.prepare(`SELECT ${COLUMNS} FROM recipes WHERE deleted = 0 AND name = ?`),
    list: db.prepare(`SELECT ${COLUMNS} FROM recipes WHERE deleted = 0 ORDER BY name`),
    // The latest recipe ever saved under a name, deleted or not: whose history a name shows.
    latest: db.prepare('SELECT id FROM recipes WHERE name = ? ORDER BY deleted, id DESC LIMIT 1').pluck(),
    insert: db.prepare('INSERT INTO recipes (name, recipe, created_at, updated_at, revision) VALUES (?, ?, ?, ?, 1)'),
    update: db.prepare('UPDATE recipes SET recipe = ?, updated_at = ?, revision = revision + 1 WHERE id = ?'),
    remove: db.prepare('UPDATE recipes SET deleted = 1, updated_at = ?, revision = revision + 1 WHERE id = ?'),
    byId: db.prepare(`SELECT ${COLUMNS} FROM recipes WHERE id = ?`),
    revise: db.prepare('INSERT INTO recipe_revisions (recipe_id, revision, action, who, at, recipe) VALUES (?, ?, ?, ?, ?, ?)'),
    history: db.prepare('SELECT revision, action, who, at, recipe FROM recipe_revisions WHERE recipe_id = ? ORDER BY revision'),
  };
  const liveRow = (name: string) => stmt.live.get(name) as RecipeRow | undefined;
  const record = (row: RecipeRow, action: RecipeAction, who: string) => stmt.revise.run(row.id, row.revision, action, who, row.updated_at, row.recipe);

  return {
    listRecipes: (): SavedRecipe[] => (stmt.list.all() as RecipeRow[]).map(toSaved),

    getRecipe(name: string): SavedRecipe | undefined {
      const row = liveRow(name);
      return row && toSaved(row);
    },

    /** Saves a new recipe; `exists` when a live one has the name. */
    createRecipe(name: string, recipe: unknown, who: string): RecipeWrite {
      return db.transaction((): RecipeWrite => {
        if (liveRow(name)) return { status: 'exists' };
        const at = now();
        const { lastInsertRowid } = stmt.insert.run(name, JSON.stringify(recipe), at, at);
        const row = stmt.byId.get(lastInsertRowid) as RecipeRow;
        record(row, 'create', who);
        return { status: 'ok', recipe: toSaved(row), changed: true };
      })();
    },

    /** Replaces a live recipe. The same document again: no change, no revision. */
    updateRecipe(name: string, recipe: unknown, who: string, ifMatch?: number): RecipeWrite {
      return db.transaction((): RecipeWrite => {
        const row = liveRow(name);
        if (!row) return { status: 'not_found' };
        if (ifMatch !== undefined && ifMatch !== row.revision) return { status: 'conflict', current: toSaved(row) };
        const text = JSON.stringify(recipe);
        if (text === row.recipe) return { status: 'ok', recipe: toSaved(row), changed: false };
        stmt.update.run(text, now(), row.id);
        const after = stmt.byId.get(row.id) as RecipeRow;
        record(after, 'update', who);
        return { status: 'ok', recipe: toSaved(after), changed: true };
      })();
    },

    /** Hides a live recipe and records the revision; its name is free for a new one. */
    deleteRecipe(name: string, who: string, ifMatch?: number): RecipeWrite {
      return db.transaction((): RecipeWrite => {
        const row = liveRow(name);
        if (!row) return { status: 'not_found' };
        if (ifMatch !== undefined && ifMatch !== row.revision) return { status: 'conflict', current: toSaved(row) };
        stmt.remove.run(now(), row.id);
        const after = stmt.byId.get(row.id) as RecipeRow;
        record(after, 'delete', who);
        return { status: 'ok', recipe: toSaved(after), changed: true };
      })();
    },

    /** The revisions of the live recipe of that name, else of the one deleted last; undefined if the
     *  name was never used. */
    recipeHistory(name: string): RecipeRevision[] | undefined {
      const id = stmt.latest.get(name) as number | undefined;
      if (id === undefined) return undefined;
      const rows = stmt.history.all(id) as { revision: number; action: RecipeAction; who: string; at: string; recipe: string }[];
      return rows.map((r) => ({ ...r, recipe: JSON.parse(r.recipe) as Record<string, unknown> }));
    },
  };
}
