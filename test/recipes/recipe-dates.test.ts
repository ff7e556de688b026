// Date cells (server/domain/recipe-dates.ts): a pattern's precision, Excel serial days and date cells,
// ISO dates as HXL writes them, and where each lands in date, period_start and reported_on.
import { checkDatePattern, placeDate, readDateCell, type DateField } from '../../server/domain/recipe-dates';

test.each([
  ['yyyy-MM-dd', 'day'],
  ['dd/MM/yyyy', 'day'],
  ['d.M.yy', 'day'],
  ["d 'de' MMMM 'de' yyyy", 'day'],
  ['yyyy-MM-dd HH:mm', 'day'],
  ['MMMM yyyy', 'month'],
  ['MMM-yy', 'month'],
  ['LLLL yyyy', 'month'],
  ['yyyy', 'year'],
  ["'FY' yyyy", 'year'],
])('the pattern %j has %s precision', (pattern, precision) => {
  expect(checkDatePattern(pattern)).toEqual({ ok: true, precision });
});

// Every row has all six entries: jest takes a test function with more parameters than its row has for a done callback.
type Case = [string, unknown, string, DateField, { ok: true; day: string } | { ok: false; message: string }, string];
const ok = (day: string) => ({ ok: true as const, day });
const no = (message: string) => ({ ok: false as const, message });

const CASES: Case[] = [
  ['a day pattern', '07/10/2023', 'dd/MM/yyyy', 'date', ok('2023-10-07'), 'day'],
  ['single digits', '7/1/2024', 'd/M/yyyy', 'date', ok('2024-01-07'), 'day'],
  ['a month name', 'October 2023', 'MMMM yyyy', 'date', ok('2023-10-31'), 'month'],
  ['a month, any case', 'OCTOBER 2023', 'MMMM yyyy', 'date', ok('2023-10-31'), 'month'],
  ['February of a leap year', 'Feb 2024', 'MMM yyyy', 'date', ok('2024-02-29'), 'month'],
  ['a month as period start', 'October 2023', 'MMMM yyyy', 'period_start', ok('2023-10-01'), 'month'],
  ['a year', '2023', 'yyyy', 'date', ok('2023-12-31'), 'year'],
  ['a year as period start', '2023', 'yyyy', 'period_start', ok('2023-01-01'), 'year'],
  ['a month as publication day', 'October 2023', 'MMMM yyyy', 'reported_on', no('is a month, not a day: the publication day needs a day'), 'month'],
  ['an Excel date cell', new Date(Date.UTC(2024, 0, 31)), 'excel', 'date', ok('2024-01-31'), 'day'],
  ['an Excel date cell in a month column', new Date(Date.UTC(2024, 2, 1)), 'MMM yyyy', 'date', ok('2024-03-31'), 'month'],
  ['an Excel date cell read as ISO', new Date(Date.UTC(2023, 11, 31)), 'iso', 'date', ok('2023-12-31'), 'day'],
  ['an Excel serial day', 45292, 'excel', 'date', ok('2024-01-01'), 'day'],
  ['an Excel serial day with a time', 45292.75, 'excel', 'date', ok('2024-01-01'), 'day'],
  ['an Excel serial day as text', '45351', 'excel', 'date', ok('2024-02-29'), 'day'],
  ['1 March 1900', 61, 'excel', 'date', ok('1900-03-01'), 'day'],
  ['ISO day', '2023-10-07', 'iso', 'date', ok('2023-10-07'), 'day'],
  ['ISO month', '2023-10', 'iso', 'date', ok('2023-10-31'), 'month'],
  ['ISO year', '2021', 'iso', 'date', ok('2021-12-31'), 'year'],
  ['ISO with a time', '2023-10-07T22:30:00+02:00', 'iso', 'date', ok('2023-10-07'), 'day'],
  ['Excel\'s 29 February 1900', 60, 'excel', 'date', no('60 is not an Excel date after 1 March 1900'), ''],
  ['a number without "excel"', 45292, 'iso', 'date', no('45292 is a number, not a date in the format "iso": give the column the format "excel" if it holds Excel serial dates'), ''],
  ['a year as a number (JSON, a sheet)', 2021, 'yyyy', 'date', ok('2021-12-31'), 'year'],
  ['an ISO year as a number', 2021, 'iso', 'period_start', ok('2021-01-01'), 'year'],
  ['a day as digits in a number', 20231007, 'yyyyMMdd', 'date', ok('2023-10-07'), 'day'],
  ['a fraction without "excel"', 45292.75, 'yyyy', 'date', no('45292.75 is a number, not a date in the format "yyyy": give the column the format "excel" if it holds Excel serial dates'), ''],
  ['text that is no serial', '2024-01-01', 'excel', 'date', no('"2024-01-01" is not an Excel serial date'), ''],
  ['no such ISO day', '2023-02-30', 'iso', 'date', no('"2023-02-30" is not a date written YYYY-MM-DD, YYYY-MM or YYYY'), ''],
  ['a day/month swap', '2023/10/07', 'iso', 'date', no('"2023/10/07" is not a date written YYYY-MM-DD, YYYY-MM or YYYY'), ''],
  ['no such day for the pattern', '31/02/2024', 'dd/MM/yyyy', 'date', no('"31/02/2024" is not a date in the format "dd/MM/yyyy"'), ''],
  ['text after the date', '07/10/2023 (est.)', 'dd/MM/yyyy', 'date', no('"07/10/2023 (est.)" is not a date in the format "dd/MM/yyyy"'), ''],
];

test.each(CASES)('%s', (_name, cell, fmt, field, expected, precision) => {
  const read = readDateCell(cell, fmt);
  if (!read.ok) {
    expect(read).toEqual(expected);
    return;
  }
  expect(read.precision).toBe(precision);
  expect(placeDate(field, read)).toEqual(expected);
});

test.each([
  ['YYYY-MM-dd', '"YYYY-MM-dd": use yyyy (calendar year), not YYYY (week-numbering year)'],
  ['QQQ yyyy', '"QQQ yyyy": a quarter (Q) is no day, month or year: map the column\'s values to their first month, or read another column'],
  ["'Q'q yyyy", '"\'Q\'q yyyy": a quarter (Q) is no day, month or year: map the column\'s values to their first month, or read another column'],
  ['MM/dd', '"MM/dd" has no year (yyyy)'],
])('the pattern %j is refused', (pattern, message) => {
  // Before, "QQQ yyyy" passed as a year and put "Q2 2021" on 31 Dec 2021.
  expect(checkDatePattern(pattern)).toEqual({ ok: false, message });
});
