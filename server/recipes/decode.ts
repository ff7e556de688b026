// Bytes to text for the text formats: the encoding a byte order mark says, else the recipe's, else UTF-8.
// UTF-8 is decoded strictly, so a Latin-1 file read as UTF-8 is an error that names the line instead of
// names full of U+FFFD. Node's TextDecoder has the WHATWG encodings (full ICU on Node 20).
import { RecipeFileError } from './errors';

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

function bomOf(bytes: Uint8Array): string | undefined {
  return BOMS.find(([b]) => b.every((x, i) => bytes[i] === x))?.[1];
}

const LINE_BREAKS = /\r\n|\r|\n/g;
const countLines = (s: string) => s.match(LINE_BREAKS)?.length ?? 0;

/** The text of a byte stream, chunk by chunk, without its byte order mark. */
export async function* decodeText(chunks: AsyncIterable<Uint8Array>, encoding?: string): AsyncGenerator<string> {
  let head: Uint8Array | undefined = new Uint8Array(0);
  let decoder: TextDecoder | undefined;
  let label = 'utf-8';
  let lines = 0;
  const decode = (bytes?: Uint8Array): string => {
    try {
      const text = bytes ? decoder!.decode(bytes, { stream: true }) : decoder!.decode();
      lines += countLines(text);
      return text;
    } catch {
      // Find the line of the first bad byte: decode the chunk leniently up to its first replacement character.
      const lenient = new TextDecoder(label).decode(bytes ?? new Uint8Array(0), { stream: true });
      const bad = lenient.indexOf('\ufffd');
      const line = lines + 1 + countLines(bad < 0 ? lenient : lenient.slice(0, bad));
      throw new RecipeFileError(
        `Line ${line}: the file is not ${label} text. Name its encoding in the recipe, for example "encoding": "windows-1252" for a file saved by Excel on Windows.`,
        line,
      );
    }
  };
  for await (const chunk of chunks) {
    if (head) {
      // Wait for three bytes to read a byte order mark.
      const joined: Uint8Array = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      if (joined.length < 3) {
        head = joined;
        continue;
      }
      head = undefined;
      label = bomOf(joined) ?? encoding ?? 'utf-8';
      decoder = new TextDecoder(label, { fatal: true });
      const text = decode(joined);
      if (text) yield text;
      continue;
    }
    const text = decode(chunk);
    if (text) yield text;
  }
  if (head) {
    label = bomOf(head) ?? encoding ?? 'utf-8';
    decoder = new TextDecoder(label, { fatal: true });
    const text = decode(head);
    if (text) yield text;
  }
  const rest = decode();
  if (rest) yield rest;
}
