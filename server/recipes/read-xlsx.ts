// Sheet rows for a recipe, through read-excel-file (docs/decisions/0009-recipes.md): one sheet, by name or
// number, with its column names on `header_row`. A date cell arrives as a JS Date (UTC midnight, as the
// sheet holds no zone); `line` is the sheet's own row number. Blank rows are kept for the mapper to skip.
import readXlsxFile, { InvalidInputError, SheetNotFoundError, readSheet } from 'read-excel-file/node';
import { RecipeFileError } from './errors';
import { wholeBuffer, type RecipeInput, type SourceRow } from './input';

export interface XlsxReadOptions {
  /** A sheet's name or its number, from 1 (default 1). */
  sheet?: string | number;
  /** The row holding the column names, from 1 (default 1). */
  header_row?: number;
}

const nameOf = (cell: unknown) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : cell === null || cell === undefined ? '' : String(cell).trim());

async function sheetRows(buffer: Buffer, sheet: string | number): Promise<unknown[][]> {
  try {
    return await readSheet(buffer, sheet);
  } catch (e) {
    if (e instanceof SheetNotFoundError) {
      const names = (await readXlsxFile(buffer)).map((s) => JSON.stringify(s.sheet)).join(', ');
      const which = typeof sheet === 'number' ? `number ${sheet}` : `named "${sheet}"`;
      throw new RecipeFileError(`The workbook has no sheet ${which}; its sheets: ${names}.`, undefined, { sheet: [`no sheet ${which} (the workbook has ${names})`] });
    }
    const why = e instanceof InvalidInputError && e.code === 'XLS_FILE_NOT_SUPPORTED'
      ? 'an old .xls workbook: save it as .xlsx' : (e as Error).message;
    throw new RecipeFileError(`The file is not an .xlsx workbook that can be read (${why}).`);
  }
}

/** The rows under the header row of one sheet, keyed by the header's names (columns without one are left out). */
export async function* readXlsxRows(input: RecipeInput, opts: XlsxReadOptions = {}): AsyncGenerator<SourceRow> {
  const headerRow = opts.header_row ?? 1;
  const rows = await sheetRows(await wholeBuffer(input), opts.sheet ?? 1);
  const header = rows[headerRow - 1];
  if (!header) {
    throw new RecipeFileError(`The sheet has no row ${headerRow} to take its column names from (it has ${rows.length} rows).`, headerRow, { header_row: [`the sheet has ${rows.length} rows`] });
  }
  const columns: [number, string][] = [];
  const seen = new Map<string, number>();
  header.forEach((cell, i) => {
    const name = nameOf(cell);
    if (name === '') return;
    if (seen.has(name)) throw new RecipeFileError(`Row ${headerRow}: two columns are named "${name}" (columns ${seen.get(name)! + 1} and ${i + 1}).`, headerRow);
    seen.set(name, i);
    columns.push([i, name]);
  });
  for (let r = headerRow; r < rows.length; r++) {
    const row = rows[r]!;
    // fromEntries makes own properties, so a column named "__proto__" stays a plain key.
    yield { line: r + 1, cells: Object.fromEntries(columns.map(([i, name]) => [name, row[i] ?? null])) };
  }
}
