// The forms a file reaches the readers in: whole in memory (an HTTP body, a test) or as a stream (the
// import script reading a file of any size).
import { Readable } from 'node:stream';

export type RecipeInput = string | Uint8Array | Readable;

/** The input as byte chunks (a string is taken as UTF-8 text). */
export async function* byteChunks(input: RecipeInput): AsyncGenerator<Uint8Array> {
  if (typeof input === 'string') yield Buffer.from(input, 'utf8');
  else if (input instanceof Uint8Array) yield input;
  else for await (const chunk of input) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
}

/** The whole input in one buffer, for formats that need all of it at once (xlsx is a zip; JSON one value). */
export async function wholeBuffer(input: RecipeInput): Promise<Buffer> {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  if (input instanceof Uint8Array) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const chunks: Uint8Array[] = [];
  for await (const chunk of byteChunks(input)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** One row of a foreign file: its cells by column name (a JSON record's keys), and where it starts — the
 *  CSV line, the sheet's row, the JSON record's number counted from 1, or the NDJSON line. */
export interface SourceRow {
  line: number;
  cells: Record<string, unknown>;
}

/** The first `bytes` (or more, to the end of a chunk) of a stream, to tell what the file is, and the
 *  whole stream again from its start; `whole` when the head is the whole file. */
export async function peekHead(input: Readable, bytes: number): Promise<{ head: Buffer; whole: boolean; stream: Readable }> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let size = 0;
  let whole = false;
  while (size < bytes) {
    const next = await it.next();
    if (next.done) {
      whole = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    chunks.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (whole) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    }
  }
  return { head, whole, stream: Readable.from(replay(), { objectMode: false }) };
}
