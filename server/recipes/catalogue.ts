// Every recipe a name can stand for: the saved ones (the store) and the shipped ones (data/recipes).
// A saved recipe wins over a shipped one of the same name (one shipped in a later version than the
// database's own recipe of that name); the routes refuse to save a new recipe under a shipped name.
import { parseRecipe, type Recipe } from '../domain/recipe';
import type { SavedRecipe } from '../domain/saved-recipe';
import { shippedRecipes } from './shipped';

export interface SavedRecipes {
  getRecipe(name: string): SavedRecipe | undefined;
  listRecipes(): SavedRecipe[];
}

export function findRecipe(saved: SavedRecipes, name: string): SavedRecipe | undefined {
  return saved.getRecipe(name) ?? shippedRecipes().get(name);
}

/** Saved and shipped recipes, by name. */
export function allRecipes(saved: SavedRecipes): SavedRecipe[] {
  const byName = new Map<string, SavedRecipe>(shippedRecipes());
  for (const r of saved.listRecipes()) byName.set(r.name, r);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The recipe a saved document holds (validated when it was saved; a document from an older schema
 *  that no longer validates is reported by the caller with the fields). */
export function recipeOf(saved: SavedRecipe): ReturnType<typeof parseRecipe> {
  return parseRecipe(saved.recipe);
}

export type { Recipe };
