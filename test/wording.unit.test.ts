// The words for a figure and the days it covers (web/wording.ts), the looks dealt to sources
// (web/source-styles.ts), the day after a day (web/periods.ts) and max_points in the address
// (web/url-state.ts). Pure functions: no browser needed.
import type { CompareCount, CompareDerivedRow, CompareSourceRow } from '../server/domain/figure-types';
import { nextDay } from '../web/periods';
import { DASHES, PALETTE, SHAPES, SourceStyles, lookAt } from '../web/source-styles';
import { parseState, stateToSearch } from '../web/url-state';
import { countPhrase, daysWords, derivedPhrase, spanWords, sourcePhrase, twoDays } from '../web/wording';

describe('spanWords: "so far in Y" only from 1 January of Y, "in all of Y" only for the whole year', () => {
  test.each([
    // from, to, the comparison's year when this is its "so far" figure, words
    ['2021-01-01', '2021-12-02', 2021, 'so far in 2021 (to 2 Dec 2021)'],
    ['2021-01-01', '2021-12-31', 2021, 'in all of 2021'],
    ['2020-01-01', '2020-12-31', null, 'in all of 2020'],
    ['2024-01-01', '2024-12-31', null, 'in all of 2024'], // a leap year is whole too
    ['2020-01-01', '2020-11-30', null, 'from 1 Jan to 30 Nov 2020'], // not "so far": a past year's partial figure
    ['2021-11-01', '2021-11-30', 2021, 'from 1 to 30 Nov 2021'], // the seed's Ukrainian army
    ['2022-02-24', '2022-12-31', null, 'from 24 Feb to 31 Dec 2022'],
    ['2022-01-02', '2022-12-31', null, 'from 2 Jan to 31 Dec 2022'], // one day short is not "all of"
    ['2023-12-27', '2024-12-04', 2024, 'from 27 Dec 2023 to 4 Dec 2024'], // after a tally of 26 Dec
    ['2026-03-02', '2026-08-16', 2026, 'from 2 Mar to 16 Aug 2026'], // a count restarted in the year
    ['2026-01-01', '2026-08-22', 2026, 'so far in 2026 (to 22 Aug 2026)'],
    ['2026-01-01', '2026-08-22', 2025, 'from 1 Jan to 22 Aug 2026'], // another year's "so far" is not this one's
    ['2022-03-05', '2022-03-05', null, 'on 5 Mar 2022'],
    ['2021-12-31', '2022-01-01', null, 'from 31 Dec 2021 to 1 Jan 2022'],
  ])('%s … %s (so far in %s) → %s', (from, to, year, words) => {
    expect(spanWords(from, to, year)).toBe(words);
  });

  test.each([
    ['2022-03-31', '2022-03-31', '31 Mar 2022'], ['2023-10-10', '2023-10-11', '10 and 11 Oct 2023'],
    ['2024-01-31', '2024-02-01', '31 Jan and 1 Feb 2024'], ['2023-12-31', '2024-01-02', '31 Dec 2023 and 2 Jan 2024'],
  ])('twoDays(%s, %s) → %s', (a, b, words) => expect(twoDays(a, b)).toBe(words));

  test('unknown days give no words rather than a guess', () => {
    expect(spanWords(null, '2021-12-02', 2021)).toBe('');
    expect(spanWords('2021-01-01', null, 2021)).toBe('');
    expect(daysWords('2021-02-28', '2021-03-01')).toBe('from 28 Feb to 1 Mar 2021');
  });
});

const sourceRow = (over: Partial<CompareSourceRow> = {}): CompareSourceRow => ({
  source: 'AFP', so_far: 61, so_far_id: 1, so_far_to: '2021-12-02', prev_same_day: null, prev_same_day_id: null, prev_same_day_to: null,
  prev_full: 50, prev_full_id: 2, prev_full_to: '2020-12-31', prev_full_is_full: true, ...over,
});
const nothing = { so_far: null, so_far_from: null, so_far_to: null, so_far_id: null, so_far_base_id: null } as const;
const derivedRow = (over: Partial<CompareDerivedRow> = {}): CompareDerivedRow => ({
  source: 'Lebanon Ministry of Public Health', period_start: '2023-10-08', derived: true, ...nothing,
  prev_same_day: null, prev_same_day_from: null, prev_same_day_to: null, prev_same_day_id: null, prev_same_day_base_id: null,
  prev_full: null, prev_full_from: null, prev_full_to: null, prev_full_id: null, prev_full_base_id: null, ...over,
});

describe('the phrases of a comparison row', () => {
  test('a year-start source: one tally each, from 1 January of its year', () => {
    expect(sourcePhrase(sourceRow(), 'so_far', 2021)).toEqual({ value: 61, from: '2021-01-01', to: '2021-12-02', ids: [1], words: 'so far in 2021 (to 2 Dec 2021)' });
    expect(sourcePhrase(sourceRow(), 'prev_full', 2021)).toEqual({ value: 50, from: '2020-01-01', to: '2020-12-31', ids: [2], words: 'in all of 2020' });
    // Its latest tally of 2020 is of 30 November: the days are named, not "all of 2020".
    expect(sourcePhrase(sourceRow({ prev_full_to: '2020-11-30', prev_full_is_full: false }), 'prev_full', 2021)!.words).toBe('from 1 Jan to 30 Nov 2020');
    expect(sourcePhrase(sourceRow(), 'prev_same_day', 2021)).toBeNull();
  });

  test('a derived figure names its days and opens both tallies it is the difference of', () => {
    const lebanon2024 = derivedRow({ so_far: 3929, so_far_from: '2023-12-27', so_far_to: '2024-12-04', so_far_id: 40, so_far_base_id: 31 });
    expect(derivedPhrase(lebanon2024, 'so_far', 2024)).toEqual({ value: 3929, from: '2023-12-27', to: '2024-12-04', ids: [31, 40], words: 'from 27 Dec 2023 to 4 Dec 2024' });
    const restarted = derivedRow({ period_start: '2026-03-02', so_far: 4346, so_far_from: '2026-03-02', so_far_to: '2026-08-16', so_far_id: 90 });
    expect(derivedPhrase(restarted, 'so_far', 2026)).toEqual({ value: 4346, from: '2026-03-02', to: '2026-08-16', ids: [90], words: 'from 2 Mar to 16 Aug 2026' });
    const gaza = derivedRow({
      source: 'Gaza Ministry of Health', period_start: '2023-10-07', so_far: 2150, so_far_from: '2026-01-01', so_far_to: '2026-08-22', so_far_id: 7, so_far_base_id: 6,
      prev_full: 25728, prev_full_from: '2025-01-01', prev_full_to: '2025-12-31', prev_full_id: 5, prev_full_base_id: 4,
    });
    expect(derivedPhrase(gaza, 'so_far', 2026)!.words).toBe('so far in 2026 (to 22 Aug 2026)');
    expect(derivedPhrase(gaza, 'prev_full', 2026)!.words).toBe('in all of 2025');
    const seed = derivedRow({ source: 'Ukrainian army', period_start: '2021-11-01', so_far: 6, so_far_from: '2021-11-01', so_far_to: '2021-11-30', so_far_id: 4 });
    expect(derivedPhrase(seed, 'so_far', 2021)!.words).toBe('from 1 to 30 Nov 2021');
    expect(derivedPhrase(seed, 'prev_full', 2021)).toBeNull();
  });

  test('the count over the comparison spans', () => {
    const count: CompareCount = {
      so_far: 1, so_far_from: '2021-01-01', so_far_to: '2021-12-02', prev_same_day: 0, prev_same_day_from: '2020-01-01', prev_same_day_to: '2020-12-02',
      prev_full: 0, prev_full_from: '2020-01-01', prev_full_to: '2020-12-31', events: 1,
    };
    expect(countPhrase(count, 'so_far', 2021)!.words).toBe('so far in 2021 (to 2 Dec 2021)');
    expect(countPhrase(count, 'prev_same_day', 2021)!.words).toBe('from 1 Jan to 2 Dec 2020');
    expect(countPhrase(count, 'prev_full', 2021)!.words).toBe('in all of 2020');
  });
});

describe('source looks', () => {
  const key = (k: number) => { const l = lookAt(k); return `${l.colour}|${l.dash.join(',')}|${l.shape}`; };

  test('every look up to 196 differs from every other; the first 28 differ in colour or dash alone', () => {
    const all = Array.from({ length: PALETTE.length * DASHES.length * SHAPES.length }, (_, k) => key(k));
    expect(all).toHaveLength(196);
    expect(new Set(all).size).toBe(196);
    const lines = Array.from({ length: 28 }, (_, k) => { const l = lookAt(k); return `${l.colour}|${l.dash.join(',')}`; });
    expect(new Set(lines).size).toBe(28);
  });

  test('dealt by name, whatever order the sources come in; an unknown name gets the next look', () => {
    const a = new SourceStyles(['Zeta', 'Alpha', 'Mu', 'Alpha']);
    const b = new SourceStyles(['Mu', 'Zeta', 'Alpha']);
    for (const s of ['Alpha', 'Mu', 'Zeta']) expect(a.look(s)).toEqual(b.look(s));
    expect(a.look('Alpha')).toEqual(lookAt(0));
    expect(a.look('Zeta')).toEqual(lookAt(2));
    expect(a.look('Omega')).toEqual(lookAt(3));
  });
});

describe('nextDay', () => {
  test.each([
    ['2021-11-30', '2021-12-01'], ['2021-12-31', '2022-01-01'], ['2024-02-28', '2024-02-29'], ['2024-02-29', '2024-03-01'], ['2023-02-28', '2023-03-01'],
  ])('%s → %s', (day, next) => expect(nextDay(day)).toBe(next));
});

describe('max_points in the address', () => {
  test('kept when within the series route\'s bounds, and written back', () => {
    const { state, problems } = parseState('?party=X&metric=killed&max_points=200');
    expect([state.max_points, problems]).toEqual([200, []]);
    expect(stateToSearch(state)).toBe('?party=X&metric=killed&max_points=200');
  });
  test.each(['9', '100001', 'ten', '-5', '1e3'])('max_points=%s is left out, with a reason', (v) => {
    const { state, problems } = parseState(`?party=X&max_points=${v}`);
    expect(state.max_points).toBeNull();
    expect(problems).toEqual([`max_points "${v}" is not a whole number from 10 to 100,000`]);
  });
});
