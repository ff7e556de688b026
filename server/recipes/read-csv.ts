// CSV rows for a recipe: any one-character delimiter, any encoding a BOM or the recipe names, streamed.
// Parsing (quotes, physical line numbers, format errors) is the report CSV's own parser.
import { Readable } from 'node:stream';
import { CsvFormatError, parseCsv } from '../csv/parse';
import { decodeText } from './decode';
import { RecipeFileError } from './errors';
import { byteChunks, type RecipeInput, type SourceRow } from './input';

export interface CsvReadOptions {
  delimiter?: string;
  encoding?: string;
}

/** The records of a CSV file keyed by its header, each with the physical line where it starts. */
export async function* readCsvRows(input: RecipeInput, opts: CsvReadOptions = {}): AsyncGenerator<SourceRow> {
  const text = Readable.from(decodeText(byteChunks(input), opts.encoding));
  try {
    for await (const { line, record } of parseCsv(text, { checkHeader: false, delimiter: opts.delimiter ?? ',' })) {
      yield { line, cells: record };
    }
  } catch (e) {
    if (e instanceof CsvFormatError) throw new RecipeFileError(e.message, e.line);
    throw e;
  } finally {
    text.destroy();
  }
}
