// The same-period comparison (DESIGN "Same-period comparison"): for a year Y, each source's year-start
// tallies, each other series' derived figures with the days they really cover, and the count, over
// Y so far, Y−1 to the same day and Y−1 in full.
import { addDays, sameDayYearBefore, yearEnd, yearOf, yearStart } from '../domain/dates';
import type {
  CompareCount, CompareDerivedRow, CompareOptions, CompareResult, CompareSourceRow,
} from '../domain/figure-types';
import { DailyCount } from './running';
import type { FigureSource, TallyRef } from './source';

/** A derived figure's base tally must be dated in the last seven days of its year: a figure that starts
 *  earlier would cover days of the year before, and one that starts later would miss days. */
const BASE_FROM_MONTH_DAY = '12-25';

interface Series { source: string; period_start: string; last_date: string; lastIn(from: string, to: string): TallyRef | null }

export function computeCompare(src: FigureSource, opts: CompareOptions): CompareResult {
  const daily = new DailyCount(src.daily(opts.count_source));
  const series: Series[] = src.series(opts.source).map((s) => ({
    ...s, lastIn: (from: string, to: string) => src.lastTallyIn(s.source, s.period_start, from, to),
  }));

  // The year: as given, else the year of the latest shown tally, else of the latest counted event.
  let latest: string | null = null;
  for (const s of series) if (latest === null || s.last_date > latest) latest = s.last_date;
  latest ??= daily.days[daily.days.length - 1] ?? null;
  const year = opts.year ?? (latest !== null ? yearOf(latest) : null);
  if (year === null) {
    return {
      year: null, day: null, prev_day: null, sources: [], derived: [],
      count: {
        so_far: null, so_far_from: null, so_far_to: null, prev_same_day: null, prev_same_day_from: null, prev_same_day_to: null,
        prev_full: null, prev_full_from: null, prev_full_to: null, events: daily.events,
      },
    };
  }
  const yStart = yearStart(year);
  const yEnd = yearEnd(year);
  const pStart = yearStart(year - 1);
  const pEnd = yearEnd(year - 1);

  // The comparison's day: the latest date in Y of a shown tally or a counted event.
  let day: string | null = null;
  for (const s of series) {
    const t = s.lastIn(yStart, yEnd);
    if (t && (day === null || t.date > day)) day = t.date;
  }
  const lastEvent = daily.lastDayUpTo(yEnd);
  if (lastEvent !== null && lastEvent >= yStart && (day === null || lastEvent > day)) day = lastEvent;
  const prevDay = day === null ? null : sameDayYearBefore(day);

  // Series starting 1 January of Y or of Y − 1 give year-start rows; every other series (one starting
  // 1 January of an earlier year included) is cumulative and gives derived figures.
  const yearStartSeries = new Map<string, { cur?: Series; prev?: Series }>();
  const derived: CompareDerivedRow[] = [];
  for (const s of series) {
    if (s.period_start === yStart || s.period_start === pStart) {
      let e = yearStartSeries.get(s.source);
      if (!e) yearStartSeries.set(s.source, (e = {}));
      if (s.period_start === yStart) e.cur = s;
      else e.prev = s;
    } else {
      const row = derivedRow(s, year, day, prevDay);
      if (row.so_far !== null || row.prev_same_day !== null || row.prev_full !== null) derived.push(row);
    }
  }
  const sources: CompareSourceRow[] = [];
  for (const [source, { cur, prev }] of yearStartSeries) {
    const soFar = cur && day !== null ? cur.lastIn(yStart, day) : null;
    const sameDay = prev && prevDay !== null ? prev.lastIn(pStart, prevDay) : null;
    const full = prev ? prev.lastIn(pStart, pEnd) : null;
    if (!soFar && !full) continue; // no year-start tally dated in Y or Y − 1
    sources.push({
      source,
      so_far: soFar?.fig ?? null, so_far_id: soFar?.id ?? null, so_far_to: soFar?.date ?? null,
      prev_same_day: sameDay?.fig ?? null, prev_same_day_id: sameDay?.id ?? null, prev_same_day_to: sameDay?.date ?? null,
      prev_full: full?.fig ?? null, prev_full_id: full?.id ?? null, prev_full_to: full?.date ?? null,
      prev_full_is_full: full !== null && full.date === pEnd,
    });
  }

  const count: CompareCount = {
    so_far: day === null ? null : daily.over(yStart, day),
    so_far_from: day === null ? null : yStart,
    so_far_to: day,
    prev_same_day: prevDay === null ? null : daily.over(pStart, prevDay),
    prev_same_day_from: prevDay === null ? null : pStart,
    prev_same_day_to: prevDay,
    prev_full: daily.over(pStart, pEnd),
    prev_full_from: pStart,
    prev_full_to: pEnd,
    events: daily.events,
  };
  return { year, day, prev_day: prevDay, sources, derived, count };
}

interface Span { value: number | null; from: string | null; to: string | null; id: number | null; base_id: number | null }
const NO_SPAN: Span = { value: null, from: null, to: null, id: null, base_id: null };

/**
 * A cumulative series' figure over 1 January of `y` … `end`: its last tally dated in that span, less
 * its last tally of the year before, which must be dated 25–31 December (the figure then covers the
 * day after it to the last tally's date); when the series starts inside the span, its tally counted
 * from zero on its period_start. Anything else is null, never a guess.
 */
function derivedSpan(s: Series, y: number, end: string | null): Span {
  if (end === null || s.period_start > end) return NO_SPAN;
  const t = s.lastIn(yearStart(y), end);
  if (!t) return NO_SPAN;
  if (s.period_start >= yearStart(y)) return { value: t.fig, from: s.period_start, to: t.date, id: t.id, base_id: null };
  const base = s.lastIn(yearStart(y - 1), yearEnd(y - 1));
  if (!base || base.date.slice(5) < BASE_FROM_MONTH_DAY) return NO_SPAN;
  return { value: t.fig - base.fig, from: addDays(base.date, 1), to: t.date, id: t.id, base_id: base.id };
}

function derivedRow(s: Series, year: number, day: string | null, prevDay: string | null): CompareDerivedRow {
  const soFar = derivedSpan(s, year, day);
  const sameDay = derivedSpan(s, year - 1, prevDay);
  const full = derivedSpan(s, year - 1, yearEnd(year - 1));
  return {
    source: s.source,
    period_start: s.period_start,
    derived: true,
    so_far: soFar.value, so_far_from: soFar.from, so_far_to: soFar.to, so_far_id: soFar.id, so_far_base_id: soFar.base_id,
    prev_same_day: sameDay.value, prev_same_day_from: sameDay.from, prev_same_day_to: sameDay.to,
    prev_same_day_id: sameDay.id, prev_same_day_base_id: sameDay.base_id,
    prev_full: full.value, prev_full_from: full.from, prev_full_to: full.to, prev_full_id: full.id, prev_full_base_id: full.base_id,
  };
}
