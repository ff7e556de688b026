// The derived figures of DESIGN.md computed the plain way, from the whole list of live reports of one
// party and metric: the reference the production path (summary tables, kept pairs, server/figures/) is
// held equal to on random data. Written from DESIGN.md alone, sharing no code with the production
// path but the report's types: its own dates, event rule, nearest-tally rule and comparison, so that a
// rule the production code gets wrong is not made right here by the same code.
import type { Report } from '../../server/domain/report';
import type {
  Bucket, Claim, CompareDerivedRow, CompareResult, CompareSourceRow, CountedEvent, Decrease, DisagreementGroup,
  DisagreementPair, Increment, RunningPoint, SeriesResult,
} from '../../server/domain/figure-types';

// ---------------------------------------------------------------------------------------------
// Days, by Date arithmetic

const DAY = 86_400_000;
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => iso(ms(d) + n * DAY);
const daysApart = (a: string, b: string) => Math.round(Math.abs(ms(a) - ms(b)) / DAY);

/** The first day of a day's bucket, from the calendar (weeks start on Monday). */
export function bucketOf(d: string, b: Bucket): string {
  const t = new Date(ms(d));
  if (b === 'day') return d;
  if (b === 'week') return plusDays(d, -((t.getUTCDay() + 6) % 7));
  if (b === 'month') return iso(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
  if (b === 'quarter') return iso(Date.UTC(t.getUTCFullYear(), Math.floor(t.getUTCMonth() / 3) * 3, 1));
  return iso(Date.UTC(t.getUTCFullYear(), 0, 1));
}

/** Code-point order (DESIGN: sources in code-point order). */
const byCodePoints = (a: string, b: string): number => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};
const str = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const fig = (r: Pick<Report, 'value' | 'low'>): number => r.value ?? r.low ?? 0;
const rep = (r: Report) => r.reported_on ?? r.date;

// ---------------------------------------------------------------------------------------------
// Events and the count

interface Event { date: string; figure: number; low: number; high: number; chosen: Report; others: Report[] }

/** The counted events of the incidents of the counted sources (all when none are named). */
export function events(reports: readonly Report[], countSource?: string[]): Event[] {
  const counted = reports.filter((r) => r.kind === 'incident' && (!countSource?.length || countSource.includes(r.source)));
  const groups = new Map<string, Report[]>();
  for (const r of counted) {
    const key = r.event === null ? `id:${r.id}` : `event:${r.event}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    // Latest reported_on, then the smallest figure, the earliest date, the source, the lowest id.
    const chosen = [...rs].sort((a, b) => str(rep(b), rep(a)) || fig(a) - fig(b) || str(a.date, b.date) || byCodePoints(a.source, b.source) || a.id - b.id)[0]!;
    return {
      date: chosen.date, figure: fig(chosen),
      low: Math.min(...rs.map((r) => r.low ?? fig(r))), high: Math.max(...rs.map((r) => r.high ?? r.value ?? fig(r))),
      chosen, others: rs.filter((r) => r !== chosen),
    };
  });
}

/** The count over from … to (both included). */
const countOver = (evs: readonly Event[], from: string, to: string) => evs.filter((e) => e.date >= from && e.date <= to).reduce((s, e) => s + e.figure, 0);

export function countedEvents(reports: readonly Report[], q: { count_source?: string[]; from?: string; to?: string }): CountedEvent[] {
  return events(reports, q.count_source)
    .filter((e) => (q.from === undefined || e.date >= q.from) && (q.to === undefined || e.date <= q.to))
    .sort((a, b) => str(a.date, b.date) || a.chosen.id - b.chosen.id)
    .map((e) => ({ date: e.date, figure: e.figure, low: e.low, high: e.high, chosen: e.chosen, other_ids: e.others.map((r) => r.id).sort((a, b) => a - b) }));
}

// ---------------------------------------------------------------------------------------------
// Series

interface Opts { source?: string[]; count_source?: string[]; from?: string; to?: string; max_points?: number; year?: number; days?: number; ratio?: number; period_start?: string }

const shownSource = (o: Opts) => (s: string) => !o.source?.length || o.source.includes(s);
const seriesOrder = (a: Report, b: Report) => str(a.date, b.date) || str(rep(a), rep(b)) || a.id - b.id;

/** Tallies of the shown sources grouped by series (source, period_start), each in series order. */
function seriesOf(reports: readonly Report[], o: Opts): Map<string, Report[]> {
  const out = new Map<string, Report[]>();
  for (const r of reports.filter((x) => x.kind === 'tally' && shownSource(o)(x.source))) {
    const key = JSON.stringify([r.source, r.period_start]);
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  for (const list of out.values()) list.sort(seriesOrder);
  return out;
}

const tallyFields = (r: Report) => ({
  id: r.id, source: r.source, party: r.party, metric: r.metric, kind: r.kind, date: r.date, date_precision: r.date_precision,
  period_start: r.period_start, value: r.value, qualifier: r.qualifier, low: r.low, high: r.high, reported_on: r.reported_on,
});

export function series(reports: readonly Report[], o: Opts): SeriesResult {
  const inWindow = (d: string) => (o.from === undefined || d >= o.from) && (o.to === undefined || d <= o.to);
  const evs = events(reports, o.count_source);
  const days = [...new Set(evs.map((e) => e.date))].filter(inWindow).sort(str);
  let running: RunningPoint[] = days.map((d) => {
    const upTo = evs.filter((e) => inWindow(e.date) && e.date <= d);
    return { date: d, total: upTo.reduce((s, e) => s + e.figure, 0), low: upTo.reduce((s, e) => s + e.low, 0), high: upTo.reduce((s, e) => s + e.high, 0) };
  });
  const all = seriesOf(reports, o);
  let shown = [...all.values()].map((list) => list.filter((t) => inWindow(t.date))).filter((l) => l.length > 0);
  const max = o.max_points ?? 5000;
  const points = (b: Bucket) => new Set(running.map((p) => bucketOf(p.date, b))).size
    + shown.reduce((n, l) => n + new Set(l.map((t) => bucketOf(t.date, b))).size, 0);
  let bucket: Bucket = 'day';
  if (running.length + shown.reduce((n, l) => n + l.length, 0) > max) {
    bucket = (['day', 'week', 'month', 'quarter', 'year'] as const).find((b) => points(b) <= max) ?? 'year';
    const lastPer = <T extends { date: string }>(xs: T[]) => xs.filter((x, i) => i === xs.length - 1 || bucketOf(xs[i + 1]!.date, bucket) !== bucketOf(x.date, bucket));
    running = lastPer(running);
    shown = shown.map(lastPer);
  }
  const claims: Claim[] = [];
  const increments: Increment[] = [];
  for (const list of shown) {
    const whole = all.get(JSON.stringify([list[0]!.source, list[0]!.period_start]))!;
    let prev: Report | undefined = whole.filter((t) => o.from !== undefined && t.date < o.from).pop();
    for (const t of list) {
      const computed = countOver(evs, t.period_start!, t.date);
      claims.push({ ...tallyFields(t), computed, gap: fig(t) - computed });
      if (prev) increments.push({ source: t.source, period_start: t.period_start!, from_date: prev.date, date: t.date, value: fig(t) - fig(prev), derived: true });
      prev = t;
    }
  }
  const decreases: Decrease[] = [];
  for (const list of all.values()) {
    list.forEach((t, i) => {
      const p = list[i - 1];
      if (p && inWindow(t.date) && fig(t) < fig(p)) decreases.push({ ...tallyFields(t), previous: fig(p), previous_id: p.id, previous_date: p.date });
    });
  }
  const byDateId = (a: { date: string; id: number }, b: { date: string; id: number }) => str(a.date, b.date) || a.id - b.id;
  return {
    running,
    claims: claims.sort(byDateId),
    increments: increments.sort((a, b) => str(a.date, b.date) || byCodePoints(a.source, b.source) || byCodePoints(a.period_start, b.period_start)),
    decreases: decreases.sort(byDateId),
    estimates: reports.filter((r) => r.kind === 'estimate' && shownSource(o)(r.source) && inWindow(r.date)).sort(byDateId),
    bucket,
  };
}

// ---------------------------------------------------------------------------------------------
// Same-period comparison

export function compare(reports: readonly Report[], o: Opts): CompareResult {
  const evs = events(reports, o.count_source);
  const all = [...seriesOf(reports, o).values()];
  const tallies = all.flat();
  const latest = [...tallies.map((t) => t.date)].sort(str).pop() ?? [...evs.map((e) => e.date)].sort(str).pop() ?? null;
  const year = o.year ?? (latest === null ? null : Number(latest.slice(0, 4)));
  const y4 = (y: number) => String(y).padStart(4, '0');
  if (year === null) {
    return {
      year: null, day: null, prev_day: null, sources: [], derived: [],
      count: { so_far: null, so_far_from: null, so_far_to: null, prev_same_day: null, prev_same_day_from: null, prev_same_day_to: null, prev_full: null, prev_full_from: null, prev_full_to: null, events: evs.length },
    };
  }
  const Y = y4(year);
  const P = y4(year - 1);
  const day = [...tallies.map((t) => t.date), ...evs.map((e) => e.date)].filter((d) => d.startsWith(`${Y}-`)).sort(str).pop() ?? null;
  const prevDay = day === null ? null : `${P}-${day.slice(5) === '02-29' ? '02-28' : day.slice(5)}`;
  /** The last tally of a series (series order) dated from … to. */
  const last = (list: Report[], from: string, to: string) => list.filter((t) => t.date >= from && t.date <= to).pop() ?? null;

  const sources: CompareSourceRow[] = [];
  const names = [...new Set(all.filter((l) => l[0]!.period_start === `${Y}-01-01` || l[0]!.period_start === `${P}-01-01`).map((l) => l[0]!.source))].sort(byCodePoints);
  for (const source of names) {
    const cur = all.find((l) => l[0]!.source === source && l[0]!.period_start === `${Y}-01-01`) ?? [];
    const prev = all.find((l) => l[0]!.source === source && l[0]!.period_start === `${P}-01-01`) ?? [];
    const soFar = day === null ? null : last(cur, `${Y}-01-01`, day);
    const same = prevDay === null ? null : last(prev, `${P}-01-01`, prevDay);
    const full = last(prev, `${P}-01-01`, `${P}-12-31`);
    if (!soFar && !full) continue;
    sources.push({
      source,
      so_far: soFar ? fig(soFar) : null, so_far_id: soFar?.id ?? null, so_far_to: soFar?.date ?? null,
      prev_same_day: same ? fig(same) : null, prev_same_day_id: same?.id ?? null, prev_same_day_to: same?.date ?? null,
      prev_full: full ? fig(full) : null, prev_full_id: full?.id ?? null, prev_full_to: full?.date ?? null,
      prev_full_is_full: full?.date === `${P}-12-31`,
    });
  }

  const derived: CompareDerivedRow[] = [];
  const others = all.filter((l) => l[0]!.period_start !== `${Y}-01-01` && l[0]!.period_start !== `${P}-01-01`)
    .sort((a, b) => byCodePoints(a[0]!.source, b[0]!.source) || str(a[0]!.period_start!, b[0]!.period_start!));
  for (const list of others) {
    const start = list[0]!.period_start!;
    const span = (y: string, end: string | null) => {
      const none = { v: null, from: null, to: null, id: null, base: null };
      if (end === null || start > end) return none;
      const t = last(list, `${y}-01-01`, end);
      if (!t) return none;
      if (start >= `${y}-01-01`) return { v: fig(t), from: start, to: t.date, id: t.id, base: null };
      const before = y4(Number(y) - 1);
      const base = last(list, `${before}-01-01`, `${before}-12-31`);
      if (!base || base.date < `${before}-12-25`) return none;
      return { v: fig(t) - fig(base), from: plusDays(base.date, 1), to: t.date, id: t.id, base: base.id };
    };
    const a = span(Y, day);
    const b = span(P, prevDay);
    const c = span(P, `${P}-12-31`);
    if (a.v === null && b.v === null && c.v === null) continue;
    derived.push({
      source: list[0]!.source, period_start: start, derived: true,
      so_far: a.v, so_far_from: a.from, so_far_to: a.to, so_far_id: a.id, so_far_base_id: a.base,
      prev_same_day: b.v, prev_same_day_from: b.from, prev_same_day_to: b.to, prev_same_day_id: b.id, prev_same_day_base_id: b.base,
      prev_full: c.v, prev_full_from: c.from, prev_full_to: c.to, prev_full_id: c.id, prev_full_base_id: c.base,
    });
  }
  return {
    year, day, prev_day: prevDay, sources, derived,
    count: {
      so_far: day === null ? null : countOver(evs, `${Y}-01-01`, day), so_far_from: day === null ? null : `${Y}-01-01`, so_far_to: day,
      prev_same_day: prevDay === null ? null : countOver(evs, `${P}-01-01`, prevDay), prev_same_day_from: prevDay === null ? null : `${P}-01-01`, prev_same_day_to: prevDay,
      prev_full: countOver(evs, `${P}-01-01`, `${P}-12-31`), prev_full_from: `${P}-01-01`, prev_full_to: `${P}-12-31`,
      events: evs.length,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Disagreements

/** The tally of `list` (one series, series order) nearest in date to `d`: on a tie the earlier date,
 *  and of several on that date the last in series order. */
function nearestOf(list: readonly Report[], d: string): Report | null {
  let best: Report | null = null;
  for (const t of list) {
    if (!best) { best = t; continue; }
    const dt = daysApart(t.date, d);
    const db = daysApart(best.date, d);
    if (dt < db || (dt === db && (t.date < best.date || (t.date === best.date && seriesOrder(t, best) > 0)))) best = t;
  }
  return best;
}

export interface Disagreements { pairs: DisagreementPair[]; groups: DisagreementGroup[] }

export function disagreements(reports: readonly Report[], o: Opts): Disagreements {
  const maxDays = o.days ?? 7;
  const ratio = o.ratio ?? 0.1;
  const all = [...seriesOf(reports, o).values()].filter((l) => o.period_start === undefined || l[0]!.period_start === o.period_start);
  const pairs: (DisagreementPair & { first: string })[] = [];
  const groups: (DisagreementGroup & { key: string })[] = [];
  for (const x of all) {
    for (const y of all) {
      const [sa, sb] = [x[0]!.source, y[0]!.source];
      if (x[0]!.period_start !== y[0]!.period_start || byCodePoints(sa, sb) >= 0) continue;
      let compared = 0;
      const flagged: (DisagreementPair & { first: string })[] = [];
      for (const a of x) {
        const b = nearestOf(y, a.date)!;
        if (nearestOf(x, b.date) !== a || daysApart(a.date, b.date) > maxDays) continue;
        compared++;
        const difference = Math.abs(fig(a) - fig(b));
        const larger = Math.max(fig(a), fig(b));
        // "More than ratio of the larger", exactly: in whole millionths.
        if (difference * 1_000_000 > Math.round(ratio * 1_000_000) * larger) {
          flagged.push({ a, b, days: daysApart(a.date, b.date), difference, ratio: Math.round((difference * 1e6) / larger) / 1e6, first: a.date < b.date ? a.date : b.date });
        }
      }
      if (compared === 0) continue;
      flagged.sort((p, q) => str(p.first, q.first) || p.a.id - q.a.id || p.b.id - q.b.id);
      // Greatest difference relative to the larger figure (compared exactly, by cross-multiplying).
      const largest = [...flagged].sort((p, q) =>
        q.difference * Math.max(fig(p.a), fig(p.b)) - p.difference * Math.max(fig(q.a), fig(q.b)) || str(p.first, q.first) || p.a.id - q.a.id || p.b.id - q.b.id)[0];
      groups.push({
        key: JSON.stringify([sa, sb, x[0]!.period_start]),
        sources: [sa, sb], period_start: x[0]!.period_start!, compared, flagged: flagged.length,
        largest: largest ? { a_id: largest.a.id, b_id: largest.b.id, days: largest.days, difference: largest.difference, ratio: largest.ratio } : null,
      });
      pairs.push(...flagged);
    }
  }
  const order = (p: { sources: string[]; period_start: string }, q: { sources: string[]; period_start: string }) =>
    byCodePoints(p.sources[0]!, q.sources[0]!) || byCodePoints(p.sources[1]!, q.sources[1]!) || str(p.period_start, q.period_start);
  groups.sort(order);
  const groupOf = (p: DisagreementPair) => ({ sources: [p.a.source, p.b.source], period_start: p.a.period_start! });
  pairs.sort((p, q) => order(groupOf(p), groupOf(q)) || str(p.first, q.first) || p.a.id - q.a.id || p.b.id - q.b.id);
  return {
    pairs: pairs.map(({ first: _first, ...p }) => p),
    groups: groups.map(({ key: _key, ...g }) => g),
  };
}
