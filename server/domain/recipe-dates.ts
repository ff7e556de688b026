// Dates in foreign files: a recipe names each date column's format (a date-fns pattern, "excel" for Excel
// serial numbers, or "iso"), and the pattern says how exact the date is: one without a day gives month
// precision, one without a month year precision (DESIGN.md "The report", date_precision).
// Pure: imports nothing from Node, so the import dialog checks patterns and reads cells the same way.
import { format, isValid, parse } from 'date-fns';
import { isCalendarDay, lastDayOfMonth, type DatePrecision } from './report-fields';

/** The report fields that hold a day, and so may be read from a date column. */
export const DATE_FIELDS = ['date', 'period_start', 'reported_on'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

// Quoted literals ('de', 'o''clock') are text, not tokens.
const QUOTED = /'(?:[^']|'')*'/g;

// A fixed day to try patterns on and to fill what a pattern leaves out (never today: the same recipe
// must read a file the same way on any day).
const SAMPLE = new Date(2021, 9, 31, 13, 45, 30);
const REFERENCE = new Date(2000, 0, 1);

export type PatternCheck = { ok: true; precision: DatePrecision } | { ok: false; message: string };

/**
 * Checks a date-fns pattern by trying it: it must format a sample day and parse that text back to the
 * same day (to its precision). Its precision: `day` with a day of the month (`d`), `month` with a month
 * (`M`, `L`) but no day, `year` with only a year. A pattern needs a calendar year (`y`, `u`).
 */
export function checkDatePattern(pattern: string): PatternCheck {
  const tokens = pattern.replace(QUOTED, '');
  // date-fns refuses these (week-numbering year, day of the year) with a console warning first: say why here.
  if (/Y/.test(tokens)) return { ok: false, message: `"${pattern}": use yyyy (calendar year), not YYYY (week-numbering year)` };
  if (/[Qq]/.test(tokens)) return { ok: false, message: `"${pattern}": a quarter (Q) is no day, month or year: map the column's values to their first month, or read another column` };
  if (/D/.test(tokens)) return { ok: false, message: `"${pattern}": use dd (day of the month), not DD (day of the year)` };
  if (!/[yu]/.test(tokens)) return { ok: false, message: `"${pattern}" has no year (yyyy)` };
  const hasMonth = /[ML]/.test(tokens);
  const hasDay = /d/.test(tokens);
  if (hasDay && !hasMonth) return { ok: false, message: `"${pattern}" has a day but no month (MM)` };
  let text: string;
  let back: Date;
  try {
    text = format(SAMPLE, pattern);
    back = parse(text, pattern, REFERENCE);
  } catch (e) {
    return { ok: false, message: `"${pattern}" is not a date pattern: ${(e as Error).message.split(';')[0]}` };
  }
  const precision: DatePrecision = hasDay ? 'day' : hasMonth ? 'month' : 'year';
  const same = isValid(back) && back.getFullYear() === SAMPLE.getFullYear()
    && (precision === 'year' || back.getMonth() === SAMPLE.getMonth())
    && (precision !== 'day' || back.getDate() === SAMPLE.getDate());
  if (!same) return { ok: false, message: `"${pattern}" cannot read back the dates it writes ("${text}")` };
  return { ok: true, precision };
}

const checked = new Map<string, PatternCheck>();
/** `checkDatePattern`, once per pattern: a file's every row reads its date with the same few patterns. */
function checkedPattern(pattern: string): PatternCheck {
  let c = checked.get(pattern);
  if (!c) {
    c = checkDatePattern(pattern);
    if (checked.size < 100) checked.set(pattern, c);
  }
  return c;
}

/** A date format of a recipe: "iso", "excel" or a pattern `checkDatePattern` accepts. */
export function checkDateFormat(fmt: string): PatternCheck {
  if (fmt === 'iso' || fmt === 'excel') return { ok: true, precision: 'day' };
  return checkDatePattern(fmt);
}

export type DateCell = { ok: true; day: string; precision: DatePrecision } | { ok: false; message: string };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** Excel's day 61 is 1 March 1900; below it Excel counts a 29 February 1900 that never was. */
function fromExcelSerial(serial: number): DateCell {
  if (!Number.isFinite(serial) || serial < 61 || serial > 2_958_465) {
    return { ok: false, message: `${serial} is not an Excel date after 1 March 1900` };
  }
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return { ok: true, day: iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()), precision: 'day' };
}

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function readIso(text: string): DateCell {
  const m = ISO.exec(text);
  const bad: DateCell = { ok: false, message: `"${text}" is not a date written YYYY-MM-DD, YYYY-MM or YYYY` };
  if (!m) return bad;
  const y = Number(m[1]);
  if (m[2] === undefined) return y >= 1000 ? { ok: true, day: `${m[1]}-01-01`, precision: 'year' } : bad;
  if (m[3] === undefined) {
    const first = `${m[1]}-${m[2]}-01`;
    return isCalendarDay(first) ? { ok: true, day: first, precision: 'month' } : bad;
  }
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  return isCalendarDay(day) ? { ok: true, day, precision: 'day' } : bad;
}

/** Reads one date cell: a JS Date (an Excel date cell, read in UTC as the sheet holds no zone), a number
 *  (with format "excel") or text in the format. Besides date-fns patterns, two formats: "iso" —
 *  2023-10-07, 2023-10 or 2023 (ISO 8601, as HXL writes dates; a time after the day is ignored) — and
 *  "excel", a serial day number (1900 date system; an Excel date cell arrives as a date either way). `day` is the first day the cell names; `placeDate` puts it
 *  where a report field wants it. */
export function readDateCell(cell: unknown, fmt: string): DateCell {
  const pattern = fmt === 'iso' || fmt === 'excel' ? undefined : checkedPattern(fmt);
  const precision: DatePrecision = pattern?.ok ? pattern.precision : 'day';
  if (cell instanceof Date) {
    if (!isValid(cell)) return { ok: false, message: 'is not a valid date' };
    return { ok: true, day: iso(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()), precision };
  }
  if (typeof cell === 'number') {
    if (fmt === 'excel') return fromExcelSerial(cell);
    // A year (2021) or a day written as digits (20231007) is read in the format, as its text would be.
    const read = Number.isInteger(cell) ? readDateCell(String(cell), fmt) : undefined;
    if (read?.ok) return read;
    return { ok: false, message: `${cell} is a number, not a date in the format "${fmt}": give the column the format "excel" if it holds Excel serial dates` };
  }
  const text = String(cell).trim();
  if (fmt === 'excel') {
    return /^\d+(\.\d+)?$/.test(text) ? fromExcelSerial(Number(text)) : { ok: false, message: `"${text}" is not an Excel serial date` };
  }
  if (fmt === 'iso') return readIso(text);
  if (pattern && !pattern.ok) return pattern;
  const d = parse(text, fmt, REFERENCE);
  if (!isValid(d)) return { ok: false, message: `"${text}" is not a date in the format "${fmt}"` };
  const day = iso(d.getFullYear(), d.getMonth() + 1, precision === 'day' ? d.getDate() : 1);
  if (!isCalendarDay(day)) return { ok: false, message: `"${text}" is not a plausible date` };
  return { ok: true, day, precision };
}

/**
 * Where a date of some precision goes in a report field: `date` takes the period's last day (DESIGN: "with
 * month the date is the month's last day, with year 31 December") and keeps the precision;
 * `period_start` takes its first day; `reported_on` needs a day.
 */
export function placeDate(field: DateField, cell: { day: string; precision: DatePrecision }): { ok: true; day: string } | { ok: false; message: string } {
  const { day, precision } = cell;
  if (precision === 'day') return { ok: true, day };
  if (field === 'reported_on') return { ok: false, message: `is a ${precision}, not a day: the publication day needs a day` };
  if (field === 'period_start') return { ok: true, day: precision === 'month' ? `${day.slice(0, 7)}-01` : `${day.slice(0, 4)}-01-01` };
  return { ok: true, day: precision === 'month' ? lastDayOfMonth(day) : `${day.slice(0, 4)}-12-31` };
}
