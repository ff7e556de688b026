// The dashboard's wording of figures, dates and periods (web/format.ts), and its choice of the main
// chart's default period start (web/periods.ts). Pure functions: no browser needed.
import {
  formatDay, formatFigure, formatNumber, formatPeriod, formatSigned, plural, qualifierWords,
} from '../web/format';
import { defaultPeriodStart, periodStarts } from '../web/periods';

describe('formatNumber and formatSigned', () => {
  test('thousands separators; null is a dash', () => {
    expect(formatNumber(13000)).toBe('13,000');
    expect(formatNumber(189500)).toBe('189,500');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(null)).toBe('—');
  });
  test('gaps carry their sign', () => {
    expect(formatSigned(60)).toBe('+60');
    expect(formatSigned(-1200)).toBe('−1,200');
    expect(formatSigned(0)).toBe('0');
    expect(formatSigned(null)).toBe('—');
  });
});

describe('formatDay', () => {
  test('at its precision: day, month ("Oct 2021"), year', () => {
    expect(formatDay('2021-12-02')).toBe('2 Dec 2021');
    expect(formatDay('2021-10-31', 'month')).toBe('Oct 2021');
    expect(formatDay('2021-12-31', 'year')).toBe('2021');
    expect(formatDay('2014-04-01')).toBe('1 Apr 2014');
  });
  test('no timezone drift: a day is the day written', () => {
    expect(formatDay('2021-01-01')).toBe('1 Jan 2021');
    expect(formatDay('2020-12-31')).toBe('31 Dec 2020');
  });
  test('absent or odd input', () => {
    expect(formatDay(null)).toBe('—');
    expect(formatDay('soon')).toBe('soon');
  });
});

describe('formatFigure', () => {
  const f = (value: number | null, qualifier: 'exact' | 'about' | 'at_least' | 'at_most' = 'exact', low: number | null = null, high: number | null = null) =>
    formatFigure({ value, qualifier, low, high });
  test('qualifiers in words', () => {
    expect(f(61)).toBe('61');
    expect(f(40, 'about')).toBe('about 40');
    expect(f(13000, 'at_least')).toBe('more than 13,000');
    expect(f(500, 'at_most')).toBe('up to 500');
    expect(qualifierWords('exact')).toBe('');
  });
  test('a range stated without a value', () => {
    expect(f(null, 'exact', 189500, 223000)).toBe('189,500–223,000');
    expect(f(null, 'about', 189500, 223000)).toBe('about 189,500–223,000');
  });
  test('a value with its range', () => {
    expect(f(61, 'exact', 50, 70)).toBe('61 (50–70)');
    expect(f(61, 'about', 50, null)).toBe('about 61 (at least 50)');
    expect(f(61, 'exact', null, 70)).toBe('61 (at most 70)');
  });
  test('nothing to show', () => {
    expect(f(null)).toBe('—');
  });
});

describe('periods and sentences', () => {
  test('formatPeriod', () => {
    expect(formatPeriod('2021-01-01', '2021-12-02')).toBe('1 Jan 2021 – 2 Dec 2021');
    expect(formatPeriod('2021-10-01', '2021-10-31', 'month')).toBe('1 Oct 2021 – Oct 2021');
    expect(formatPeriod(null, '2021-12-02')).toBe('2 Dec 2021');
  });
  test('plural', () => {
    expect(plural(1, 'report')).toBe('1 report');
    expect(plural(1200, 'tally', 'tallies')).toBe('1,200 tallies');
  });
});

describe('defaultPeriodStart: the main chart window', () => {
  const c = (id: number, period_start: string | null, date: string, reported_on: string | null = null) => ({ id, period_start, date, reported_on });
  test('the seed: one tally per period start, the tie goes to the most recent tally (61 since 1 Jan 2021)', () => {
    expect(defaultPeriodStart([c(2, '2020-01-01', '2020-12-31'), c(4, '2021-11-01', '2021-11-30'), c(1, '2021-01-01', '2021-12-02')])).toBe('2021-01-01');
  });
  test('the period start shared by most tallies wins over a more recent one', () => {
    expect(defaultPeriodStart([c(1, '2014-04-01', '2021-01-01'), c(2, '2014-04-01', '2021-02-01'), c(3, '2021-01-01', '2021-12-02')])).toBe('2014-04-01');
  });
  test('ties on date go to the later reported_on, then the higher id', () => {
    expect(defaultPeriodStart([c(1, 'A', '2021-12-02', '2021-12-05'), c(2, 'B', '2021-12-02', '2021-12-03')])).toBe('A');
    expect(defaultPeriodStart([c(1, 'A', '2021-12-02'), c(2, 'B', '2021-12-02')])).toBe('B');
  });
  test('no tallies: none', () => {
    expect(defaultPeriodStart([])).toBeNull();
  });
  test('periodStarts lists most tallies first, then latest', () => {
    expect(periodStarts([c(1, '2020-01-01', '2020-12-31'), c(2, '2021-01-01', '2021-12-02'), c(3, '2021-01-01', '2021-06-01')]))
      .toEqual([{ period_start: '2021-01-01', tallies: 2 }, { period_start: '2020-01-01', tallies: 1 }]);
  });
});
