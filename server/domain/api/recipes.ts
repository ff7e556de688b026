// The answers of the recipe routes and of the import's preview (DESIGN.md "Bringing data in:
// recipes"): saved recipes, their history, and how a file's rows map.
import { z } from 'zod';
import { RECIPE_FORMATS } from '../recipe';
import { FieldErrors, MappedReport, MapStats, RejectedRow } from './catalogue';
import { answer, moment, whole } from './registry';

/** A recipe document as saved (its own spelling); valid by the recipe schema. */
export const RecipeDocument = answer('RecipeDocument', z.looseObject({ format: z.enum(RECIPE_FORMATS) }),
  'A recipe: the format, and how the file\'s rows become reports (docs/recipes.md).');

export const SavedRecipe = answer('SavedRecipe', z.strictObject({
  name: z.string(),
  recipe: RecipeDocument,
  revision: whole(),
  created_at: moment().nullable(),
  updated_at: moment().nullable(),
  shipped: z.boolean(),
}), 'A recipe saved on the server (or shipped with it: revision 0, read-only).');

/** GET /api/recipes/:name: the saved recipe, or with `download=1` (or NAME.json) its document alone. */
export const RecipeRead = answer('RecipeRead', z.union([SavedRecipe, RecipeDocument]),
  'The saved recipe; asked for as NAME.json or with `download=1`, the recipe document alone (as a file).');

export const RecipeSummary = z.strictObject({
  name: z.string(),
  format: z.enum(RECIPE_FORMATS),
  description: z.string().nullable(),
  revision: whole(),
  updated_at: moment().nullable(),
  shipped: z.boolean(),
});
export type RecipeSummary = z.infer<typeof RecipeSummary>;
export type SavedRecipe = z.infer<typeof SavedRecipe>;
export const RecipeList = answer('RecipeList', z.strictObject({ items: z.array(RecipeSummary) }));

export const RecipeHistory = answer('RecipeHistory', z.strictObject({
  items: z.array(z.strictObject({
    revision: whole(), action: z.enum(['create', 'update', 'delete']), who: z.string(), at: moment(), recipe: RecipeDocument,
  })),
}));

export const ImportPreview = answer('ImportPreview', z.strictObject({
  reports: z.array(MappedReport),
  rejected: z.array(RejectedRow),
  stats: MapStats,
  columns: z.array(z.strictObject({ name: z.string(), samples: z.array(z.string()) })),
  hxl: z.strictObject({ tags: z.record(z.string(), z.string()), ignored: z.array(z.strictObject({ column: z.string(), tag: z.string() })) }).nullable(),
  problem: z.strictObject({ message: z.string(), line: whole().nullable(), fields: FieldErrors }).nullable(),
}), 'The first reports a recipe makes of the file, its rejections, and what the file holds; nothing is stored.');
export type ImportPreview = z.infer<typeof ImportPreview>;
