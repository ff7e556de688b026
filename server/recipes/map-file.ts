// A foreign file through a recipe: its reader's rows, an HXL row read as a mapping, blank rows and rows
// `where` leaves out skipped (and counted), every template applied to every row. Mapping ends here: the
// storing side takes `records` (and the recipe's `key`) and owns everything from the first write on.
import { hxlMapping, isHxlRow, templatesWithHxl, type HxlMapping } from '../domain/hxl';
import { effectiveTemplates, type EffectiveTemplate, type Recipe } from '../domain/recipe';
import type { FieldErrors, ReportInputField } from '../domain/report';
import { RecipeFileError } from './errors';
import type { RecipeInput, SourceRow } from './input';
import { figureColumns, isEmptyCell, mapTemplate, passesWhere, type MappedRecord } from './map-row';
import { readRows } from './read';

export type { MappedRecord } from './map-row';

/** Counts kept while `records` is read, final once it is done (the answers' schema defines them:
 *  rows under the header, blank ones, filtered out by `where`, templates with empty figures, reports
 *  made and rejected). */
export type { MapStats } from '../domain/api/catalogue';
import type { MapStats } from '../domain/api/catalogue';

export interface MappedFile {
  /** Every report or rejection, in file order. Throws a `RecipeFileError` when the file is not what the
   *  recipe says or the recipe does not fit it. Read it once. */
  records: AsyncGenerator<MappedRecord>;
  /** The recipe's key fields, carried through for the storing side to match reports on. */
  key: ReportInputField[] | undefined;
  stats: MapStats;
  /** Known once the first row is read: the header's columns (csv, xlsx) and the HXL row's mapping. */
  file: { columns: string[] | null; hxl: HxlMapping | null };
}

export interface MapOptions {
  /** Called with every row under the header and HXL row (the preview samples the columns' values with it). */
  onRow?: (row: SourceRow) => void;
}

/** Each column the recipe names, with the path that names it. */
function namedColumns(recipe: Recipe): [string, string][] {
  const out: [string, string][] = [];
  const fieldsOf = (fields: Recipe['fields'], prefix: string) => {
    for (const [f, spec] of Object.entries(fields ?? {})) if (spec) out.push([spec.column, `${prefix}fields.${f}.column`]);
  };
  recipe.where?.forEach((c, i) => out.push([c.column, `where.${i}.column`]));
  fieldsOf(recipe.fields, '');
  recipe.templates?.forEach((t, i) => fieldsOf(t.fields, `templates.${i}.`));
  return out;
}

function missingColumns(named: [string, string][], has: (c: string) => boolean, found: string): FieldErrors | undefined {
  const fields: FieldErrors = Object.create(null) as FieldErrors;
  for (const [column, path] of named) if (!has(column)) fields[path] = [`no column "${column}" in the file (${found})`];
  return Object.keys(fields).length > 0 ? fields : undefined;
}

function columnList(columns: string[]): string {
  const shown = columns.slice(0, 30).map((c) => JSON.stringify(c)).join(', ');
  return `its columns: ${columns.length > 30 ? `${shown}, …` : shown || 'none'}`;
}

function checkFigures(recipe: Recipe, templates: EffectiveTemplate[], hxl: HxlMapping | null): void {
  if (templates.length === 0) {
    throw new RecipeFileError('The file\'s HXL row has no figure tag (#affected+killed, #affected+injured, …) and the recipe reads no figure: map "value" to a column.', undefined, { 'fields.value': ['required: the column the figure is read from'] });
  }
  const fields: FieldErrors = Object.create(null) as FieldErrors;
  templates.forEach((t, i) => {
    if (figureColumns(t).length > 0) return;
    const path = recipe.templates && !hxl ? `templates.${i}.fields.value` : 'fields.value';
    fields[path] = [`required: the column template "${t.name}" reads its figure from`];
  });
  if (Object.keys(fields).length > 0) {
    throw new RecipeFileError(`A template reads no figure: ${Object.keys(fields).join(', ')}.`, undefined, fields);
  }
}

async function* mapRecords(recipe: Recipe, rows: AsyncIterable<SourceRow>, out: MappedFile, opts: MapOptions): AsyncGenerator<MappedRecord> {
  const { stats, file } = out;
  const tabular = recipe.format === 'csv' || recipe.format === 'xlsx';
  let templates = effectiveTemplates(recipe);
  // JSON records need not all have every key: a column is missing only if no record has it.
  const keysSeen = tabular ? null : new Set<string>();
  if (!tabular) checkFigures(recipe, templates, null);
  let first = true;
  let firstLine = 1;
  for await (const row of rows) {
    if (first) {
      first = false;
      firstLine = row.line;
      if (tabular) {
        file.columns = Object.keys(row.cells);
        const columns = new Set(file.columns);
        const missing = missingColumns(namedColumns(recipe), (c) => columns.has(c), columnList(file.columns));
        if (missing) throw new RecipeFileError(`The recipe names columns the file does not have: ${Object.values(missing).map((m) => m[0]).join('; ')}.`, row.line, missing);
        if (isHxlRow(row.cells)) {
          file.hxl = hxlMapping(row.cells);
          templates = templatesWithHxl(templates, file.hxl);
          checkFigures(recipe, templates, file.hxl);
          continue;
        }
        checkFigures(recipe, templates, null);
      }
    }
    opts.onRow?.(row);
    if (keysSeen) for (const k of Object.keys(row.cells)) keysSeen.add(k);
    stats.rows++;
    if (Object.values(row.cells).every(isEmptyCell)) {
      stats.blank++;
      continue;
    }
    if (!passesWhere(recipe.where, row.cells)) {
      stats.filtered++;
      continue;
    }
    // Templates of one row share cells: a bad date cell is one rejection, not one per template.
    const said = new Set<string>();
    for (const t of templates) {
      const mapped = mapTemplate(t, row.line, row.cells);
      if (mapped === null) {
        stats.empty_figures++;
        continue;
      }
      for (const r of mapped) {
        if (!r.ok) {
          const key = JSON.stringify([r.column ?? null, r.fields]);
          if (said.has(key)) continue;
          said.add(key);
          stats.rejected++;
        } else {
          stats.reports++;
        }
        yield r;
      }
    }
  }
  if (keysSeen && stats.rows > 0) {
    const missing = missingColumns(namedColumns(recipe), (c) => keysSeen.has(c), `no record has this key; ${columnList([...keysSeen]).replace('its columns', 'the records\' keys')}`);
    if (missing) throw new RecipeFileError(`The recipe names keys no record has: ${Object.keys(missing).join(', ')}.`, firstLine, missing);
  }
}

/**
 * Maps a file with a recipe. Nothing is read until `records` is iterated; a recipe that validated with
 * `parseRecipe` is expected. A recipe of only `{ "format": "csv" }` (or "xlsx") maps a file with an HXL row
 * by its tags alone.
 */
export function mapFile(recipe: Recipe, input: RecipeInput, opts: MapOptions = {}): MappedFile {
  return mapRows(recipe, readRows(recipe, input), opts);
}

/** `mapFile` over rows already read (by `readRows`, or rows the caller watches on their way). */
export function mapRows(recipe: Recipe, rows: AsyncIterable<SourceRow>, opts: MapOptions = {}): MappedFile {
  const out: MappedFile = {
    records: undefined as unknown as AsyncGenerator<MappedRecord>,
    key: recipe.key,
    stats: { rows: 0, blank: 0, filtered: 0, empty_figures: 0, reports: 0, rejected: 0 },
    file: { columns: null, hxl: null },
  };
  out.records = mapRecords(recipe, rows, out, opts);
  return out;
}
