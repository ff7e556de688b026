// The recipes shipped in data/recipes/ (the public samples' original files): available by name on every
// server without being stored, read-only, and always the version this code was tested with
// (docs/decisions/0009-recipes.md). A saved recipe cannot take a shipped one's name.
import fs from 'node:fs';
import path from 'node:path';
import { parseRecipe } from '../domain/recipe';
import type { SavedRecipe } from '../domain/saved-recipe';
import { fromRoot } from '../paths';

export const SHIPPED_RECIPES_DIR = fromRoot('data', 'recipes');

let cache: Map<string, SavedRecipe> | null = null;

/** The shipped recipes by name, read once. A shipped recipe the schema refuses stops the caller: a
 *  test keeps them valid, so this is a broken installation. */
export function shippedRecipes(dir = SHIPPED_RECIPES_DIR): Map<string, SavedRecipe> {
  if (cache && dir === SHIPPED_RECIPES_DIR) return cache;
  const out = new Map<string, SavedRecipe>();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  for (const f of files) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;
    const r = parseRecipe(doc);
    if (!r.ok) throw new Error(`the shipped recipe ${f} is not valid: ${JSON.stringify(r.fields)}`);
    const name = f.slice(0, -'.json'.length);
    out.set(name, { name, recipe: doc as SavedRecipe['recipe'], revision: 0, created_at: null, updated_at: null, shipped: true });
  }
  if (dir === SHIPPED_RECIPES_DIR) cache = out;
  return out;
}
