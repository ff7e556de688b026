// One row of a foreign file through one report template: cells read by the template's field sources
// (value maps, date formats, figures as numbers or stated text), then validated by the one ReportInput
// schema. Imports only server/domain, so the import dialog could run it as it is.
import { unneutraliseCell } from '../domain/csv';
import { parseFigureText } from '../domain/figure-text';
import { isDateField, type Condition, type EffectiveTemplate, type FieldSource } from '../domain/recipe';
import { placeDate, readDateCell } from '../domain/recipe-dates';
import { ReportInput, fieldErrors, type FieldErrors, type ReportInputField } from '../domain/report';

/** A report read from a row (exactly as it would be stored), or what is wrong with it. `line`: the CSV
 *  line, the sheet's row, the JSON record's number (from 1) or the NDJSON line where the row starts. */
export type MappedRecord =
  | { ok: true; line: number; template: string; input: ReportInput }
  | { ok: false; line: number; column?: string; cell?: string; template?: string; fields: FieldErrors };

export type Cells = Record<string, unknown>;

/** A cell as text: trimmed; blank for null; a date cell as its day. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'object') return JSON.stringify(cell);
  return String(cell);
}

export const isEmptyCell = (cell: unknown) => cellText(cell) === '';

/** A row's cell by column name; only the row's own keys count (a JSON record without "__proto__" has none). */
export const cellOf = (cells: Cells, column: string): unknown => (Object.hasOwn(cells, column) ? cells[column] : undefined);

/** True when a row passes every condition (cells compared as trimmed text). */
export function passesWhere(where: readonly Condition[] | undefined, cells: Cells): boolean {
  if (!where) return true;
  return where.every((c) => {
    const t = cellText(cellOf(cells, c.column));
    if (c.equals !== undefined) return t === String(c.equals);
    if (c.not_equals !== undefined) return t !== String(c.not_equals);
    if (c.in !== undefined) return c.in.some((v) => t === String(v));
    if (c.not_in !== undefined) return !c.not_in.some((v) => t === String(v));
    return (t === '') === c.empty;
  });
}

const FIGURE_FIELDS = ['value', 'low', 'high'] as const;

/** The columns a template reads its figure from: a template whose figure cells are all empty makes no report. */
export function figureColumns(t: EffectiveTemplate): string[] {
  return FIGURE_FIELDS.flatMap((f) => {
    const s = t.sources[f];
    return s?.from === 'column' ? [s.spec.column] : [];
  });
}

type Read = { ok: true; set: Partial<Record<ReportInputField, unknown>> } | { ok: false; message: string };

function listOf(keys: string[]): string {
  const shown = keys.slice(0, 8).map((k) => JSON.stringify(k)).join(', ');
  return keys.length > 8 ? `${shown}, …` : shown;
}

/** The cell after the field's value map: `undefined` when it maps to absent. */
function mapped(src: Extract<FieldSource, { from: 'column' }>, raw: unknown): { ok: true; v: unknown } | { ok: false; message: string } {
  const { map, unmapped = 'error' } = src.spec;
  if (!map) return { ok: true, v: raw };
  const key = cellText(raw);
  if (Object.hasOwn(map, key)) {
    const to = map[key];
    return { ok: true, v: to === null || to === '' ? undefined : to };
  }
  if (key === '' || unmapped === 'empty') return { ok: true, v: undefined };
  if (unmapped === 'keep') return { ok: true, v: raw };
  return { ok: false, message: `"${key}" is not in the field's map (${listOf(Object.keys(map))})` };
}

function readFigure(field: 'value' | 'low' | 'high', v: unknown, t: EffectiveTemplate): Read {
  if (typeof v === 'number') return { ok: true, set: { [field]: v } };
  const text = cellText(v);
  const r = parseFigureText(text, t.decimalMark);
  if (!r.ok) return { ok: false, message: r.message };
  const { value, qualifier, low, high } = r.figure;
  if (t.read === 'text' && field === 'value') return { ok: true, set: { value, qualifier, low, high } };
  if (qualifier !== 'exact' || value === undefined || low !== undefined) {
    return { ok: false, message: `"${text}" is a figure stated in words: read the figure as text ("figure": { "read": "text" })` };
  }
  return { ok: true, set: { [field]: value } };
}

function readColumn(field: ReportInputField, src: Extract<FieldSource, { from: 'column' }>, raw: unknown, t: EffectiveTemplate): Read {
  if (raw !== null && typeof raw === 'object' && !(raw instanceof Date)) {
    return { ok: false, message: `holds ${Array.isArray(raw) ? 'a list' : 'an object'}, not a single value` };
  }
  const m = mapped(src, raw);
  if (!m.ok) return m;
  let v = m.v;
  if (isEmptyCell(v)) return { ok: true, set: {} };
  if (isDateField(field)) {
    const d = readDateCell(v, src.spec.format ?? 'iso');
    if (!d.ok) return d;
    const placed = placeDate(field, d);
    if (!placed.ok) return placed;
    return { ok: true, set: field === 'date' ? { date: placed.day, date_precision: d.precision } : { [field]: placed.day } };
  }
  if (field === 'value' || field === 'low' || field === 'high') return readFigure(field, v, t);
  if (src.unneutralise && typeof v === 'string') v = unneutraliseCell(v);
  return { ok: true, set: { [field]: typeof v === 'string' ? v : cellText(v) } };
}

/**
 * Maps one row through one template. `null`: the template's figure cells are all empty, so it makes no
 * report. A rejection is given per faulty cell (naming its column and text), and one more for faults
 * no cell caused (a default, or a rule across fields that come from defaults).
 */
export function mapTemplate(t: EffectiveTemplate, line: number, cells: Cells): MappedRecord[] | null {
  if (figureColumns(t).every((c) => isEmptyCell(cellOf(cells, c)))) return null;
  const input: Record<string, unknown> = {};
  const origin: Partial<Record<ReportInputField, string>> = {};
  const errors: FieldErrors = Object.create(null) as FieldErrors;
  for (const [field, src] of Object.entries(t.sources) as [ReportInputField, FieldSource][]) {
    if (src.from === 'default') {
      input[field] = src.value;
      continue;
    }
    const r = readColumn(field, src, cellOf(cells, src.spec.column), t);
    if (!r.ok) {
      errors[field] = [r.message];
      origin[field] = src.spec.column;
      continue;
    }
    for (const [f, v] of Object.entries(r.set) as [ReportInputField, unknown][]) {
      // A precision read from the date's pattern gives way to a date_precision the recipe sets itself.
      if (f !== field && t.sources[f] !== undefined) continue;
      if (v === undefined) continue;
      input[f] = v;
      origin[f] = src.spec.column;
    }
  }
  const parsed = ReportInput.safeParse(input);
  if (parsed.success && Object.keys(errors).length === 0) return [{ ok: true, line, template: t.name, input: parsed.data }];
  if (!parsed.success) {
    for (const [f, messages] of Object.entries(fieldErrors(parsed.error.issues))) {
      // A field whose cell could not be read is absent from the input: its "required" is no news.
      if (errors[f]) continue;
      errors[f] = messages;
    }
  }
  // One rejection per column at fault, left to right as the file has them; faults of no cell in one more.
  const byColumn = new Map<string | undefined, FieldErrors>();
  for (const [f, messages] of Object.entries(errors)) {
    const col = origin[f as ReportInputField];
    const group = byColumn.get(col) ?? (Object.create(null) as FieldErrors);
    group[f] = messages;
    byColumn.set(col, group);
  }
  const position = new Map(Object.keys(cells).map((c, i) => [c, i]));
  const at = (c: string | undefined) => (c === undefined ? Infinity : position.get(c) ?? Infinity);
  return [...byColumn].sort(([a], [b]) => at(a) - at(b)).map(([column, fields]) => (column === undefined
    ? { ok: false, line, template: t.name, fields }
    : { ok: false, line, column, cell: cellText(cellOf(cells, column)), template: t.name, fields }));
}
