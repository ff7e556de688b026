// What a chosen file is, from its first bytes: our own report CSV (imported as it is), a file with an
// HXL hashtag row (maps itself), or someone else's file (needs a recipe). The import route, the import
// command and the import dialog all decide with this. Pure: imports nothing from Node.
import { CSV_COLUMNS, CSV_IGNORED_COLUMNS, CSV_REQUIRED_COLUMNS, stripBom } from './csv';
import { isHxlRow } from './hxl';
import type { RecipeFormat } from './recipe';

/** How much of a file's start is read to tell what it is. */
export const HEAD_BYTES = 64 * 1024;

export type CsvKind = 'reports' | 'hxl' | 'other';

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The first `n` records of CSV text, quote-aware (RFC 4180: "" inside quotes, line breaks in quotes).
 * A record cut off by the end of `text` is left out unless `text` is the whole file.
 */
export function csvHeadRecords(text: string, delimiter: string, n: number, whole = false): string[][] {
  const out: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const s = stripBom(text);
  const endRecord = () => {
    record.push(field);
    field = '';
    // A blank line is no record (the report CSV's parser skips them too).
    if (!(record.length === 1 && record[0] === '')) out.push(record);
    record = [];
  };
  while (i < s.length && out.length < n) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRecord();
    } else {
      field += c;
    }
    i++;
  }
  if (whole && out.length < n && !quoted && (field !== '' || record.length > 0)) endRecord();
  return out;
}

/** The delimiter a header line most likely uses: the one of , ; tab | it holds most often (outside quotes), else ','. */
export function guessDelimiter(text: string): string {
  const firstLine = stripBom(text).split(/\r\n|\r|\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const count = unquoted.split(d).length - 1;
    if (count > most) {
      best = d;
      most = count;
    }
  }
  return best;
}

const OURS = new Set<string>([...CSV_COLUMNS, ...CSV_IGNORED_COLUMNS]);

/**
 * What a CSV file is, from its start: `reports` when its header is ours (all but at most two of the
 * required columns, or only columns of ours: a typo or a lost column is then the CSV import's error to
 * name, not a reason to map the file anew), `hxl` when the row under a
 * header of its own is HXL hashtags, else `other`. `whole`: `head` is the whole file.
 */
export function csvKindOf(head: string, whole = false): { kind: CsvKind; delimiter: string; header: string[] } {
  const delimiter = guessDelimiter(head);
  const [header = [], second] = csvHeadRecords(head, delimiter, 2, whole);
  const names = header.map((h) => h.trim());
  const required = CSV_REQUIRED_COLUMNS.filter((c) => names.includes(c)).length;
  const ours = names.length > 0 && (required >= CSV_REQUIRED_COLUMNS.length - 2 || names.every((c) => OURS.has(c)));
  if (ours && delimiter === ',') return { kind: 'reports', delimiter, header: names };
  if (second && isHxlRow(Object.fromEntries(names.map((h, i) => [h || `column ${i + 1}`, second[i] ?? ''])))) {
    return { kind: 'hxl', delimiter, header: names };
  }
  return { kind: 'other', delimiter, header: names };
}

/** A file's format from its name and first bytes: a zip is a workbook (.xlsx), a name ending in
 *  .json/.ndjson/.jsonl says so, text starting with [ or { is JSON (NDJSON when it has a line per
 *  object), anything else is CSV. */
export function formatOfFile(name: string, head: Uint8Array, headText: string): RecipeFormat {
  const lower = name.toLowerCase();
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  const t = stripBom(headText).trimStart();
  if (t.startsWith('[')) return 'json';
  if (t.startsWith('{')) return /^\{.*\}\s*\r?\n\s*\{/.test(t) ? 'ndjson' : 'json';
  return 'csv';
}
