// Recipes saved on the server under a name (DESIGN.md "Bringing data in: recipes"): the name's rule and
// the bodies of the recipe routes, shared by the server and the import dialog. The recipe document
// itself is server/domain/recipe.ts.
import { z } from 'zod';
import { Recipe, type RecipeFormat } from './recipe';

export const RECIPE_NAME_MAX = 64;
const NAME_RULE = 'lower-case letters, digits, - and _, starting with a letter or digit';

/** A recipe's name: it goes in addresses (/api/recipes/NAME) and on the command line (--recipe=NAME). */
export const RecipeName = z.string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be text') })
  .trim()
  .min(1, 'required')
  .max(RECIPE_NAME_MAX, `at most ${RECIPE_NAME_MAX} characters`)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, `must be ${NAME_RULE} (e.g. "desk-sheet-2024")`);

/** POST /api/recipes. */
export const RecipeCreate = z.strictObject({ name: RecipeName, recipe: Recipe }, { error: 'must be a JSON object' });

/** PUT /api/recipes/:name: the whole recipe replaced. */
export const RecipeUpdate = z.strictObject({ recipe: Recipe }, { error: 'must be a JSON object' });

// A saved recipe as the routes answer it (`recipe`: the document as it was saved, its own spelling, e.g.
// `"source": "Quelle"`; shipped recipes, data/recipes, have revision 0), and one line of GET
// /api/recipes: the answers' schemas (server/domain/api/recipes.ts) define them.
import type { RecipeSummary, SavedRecipe } from './api/recipes';

export type { RecipeSummary, SavedRecipe };

export function summaryOf(r: SavedRecipe): RecipeSummary {
  const description = r.recipe.description;
  return {
    name: r.name,
    format: r.recipe.format as RecipeFormat,
    description: typeof description === 'string' ? description : null,
    revision: r.revision,
    updated_at: r.updated_at,
    shipped: r.shipped,
  };
}
