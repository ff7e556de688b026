// The reader a recipe's format calls for.
import type { Recipe } from '../domain/recipe';
import type { RecipeInput, SourceRow } from './input';
import { readCsvRows } from './read-csv';
import { readJsonRows, readNdjsonRows } from './read-json';
import { readXlsxRows } from './read-xlsx';

export function readRows(recipe: Recipe, input: RecipeInput): AsyncGenerator<SourceRow> {
  switch (recipe.format) {
    case 'csv': return readCsvRows(input, { delimiter: recipe.delimiter, encoding: recipe.encoding });
    case 'xlsx': return readXlsxRows(input, { sheet: recipe.sheet, header_row: recipe.header_row });
    case 'json': return readJsonRows(input, recipe.path);
    case 'ndjson': return readNdjsonRows(input);
  }
}
