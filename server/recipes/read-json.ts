// JSON rows for a recipe: an array of objects, or one nested under a key ("path": "data.rows"), read
// whole (JSON is one value; a series too large for memory is NDJSON's job); and NDJSON, one object a
// line, streamed. JSON is UTF-8 (RFC 8259): a BOM is dropped, other encodings are refused.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { decodeText } from './decode';
import { RecipeFileError } from './errors';
import { byteChunks, wholeBuffer, type RecipeInput, type SourceRow } from './input';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function keysOf(v: Record<string, unknown>): string {
  const keys = Object.keys(v).slice(0, 10).map((k) => JSON.stringify(k));
  return keys.length ? keys.join(', ') : 'none';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'boolean') return 'true or false';
  return `a ${typeof v}`;
}

async function textOf(input: RecipeInput): Promise<string> {
  let text = '';
  for await (const part of decodeText(byteChunks(typeof input === 'string' || input instanceof Uint8Array ? input : await wholeBuffer(input)))) text += part;
  return text;
}

/** The records of a JSON file: `line` is the record's number, the first being 1. */
export async function* readJsonRows(input: RecipeInput, path?: string): AsyncGenerator<SourceRow> {
  let value: unknown;
  try {
    value = JSON.parse(await textOf(input));
  } catch (e) {
    if (e instanceof RecipeFileError) throw e;
    throw new RecipeFileError(`The file is not valid JSON: ${(e as Error).message}.`);
  }
  const walked: string[] = [];
  for (const step of path ? path.split('.') : []) {
    const here = walked.length ? `"${walked.join('.')}"` : 'the top level';
    if (Array.isArray(value) && /^\d+$/.test(step) && Number(step) < value.length) value = value[Number(step)];
    else if (isRecord(value) && Object.hasOwn(value, step)) value = value[step];
    else {
      const has = isRecord(value) ? `its keys: ${keysOf(value)}` : `it holds ${describe(value)}`;
      throw new RecipeFileError(`The file has no "${step}" at ${here} (${has}).`, undefined, { path: [`no "${step}" at ${here}`] });
    }
    walked.push(step);
  }
  if (!Array.isArray(value)) {
    const where = path ? `"${path}"` : 'The file';
    const hint = isRecord(value) ? `: name the key of the list with "path" (its keys: ${keysOf(value)})` : '';
    throw new RecipeFileError(`${where} holds ${describe(value)}, not a list of records${hint}.`);
  }
  for (let i = 0; i < value.length; i++) {
    const record: unknown = value[i];
    if (!isRecord(record)) throw new RecipeFileError(`Record ${i + 1} is not an object with keys.`, i + 1);
    yield { line: i + 1, cells: record };
  }
}

/** The records of an NDJSON file, one JSON object a line; blank lines are skipped. */
export async function* readNdjsonRows(input: RecipeInput): AsyncGenerator<SourceRow> {
  const text = Readable.from(decodeText(byteChunks(input)));
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const l of lines) {
      line++;
      if (l.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(l);
      } catch (e) {
        throw new RecipeFileError(`Line ${line}: not valid JSON (${(e as Error).message}).`, line);
      }
      if (!isRecord(record)) throw new RecipeFileError(`Line ${line}: not a JSON object with keys.`, line);
      yield { line, cells: record };
    }
  } finally {
    lines.close();
    text.destroy();
  }
}
