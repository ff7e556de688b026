// Import recipes, the mapping half: a foreign file and a recipe in, reports or rejections out. The recipe's
// schema, the figure-text parser, dates and HXL are in server/domain (the dialog uses them too).
export { mapFile, mapRows, type MapOptions, type MapStats, type MappedFile, type MappedRecord } from './map-file';
export { preview, MAX_PREVIEW_REJECTIONS, type ColumnSample, type Preview } from './preview';
export { RecipeFileError } from './errors';
export type { RecipeInput, SourceRow } from './input';
export { readRows } from './read';
export { peekHead } from './input';
export { shippedRecipes } from './shipped';
export { allRecipes, findRecipe, type SavedRecipes } from './catalogue';
export { parseRecipe, type Recipe } from '../domain/recipe';
