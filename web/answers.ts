// The figure routes' answers as issue 11 gives them (the comparison's days, the disagreements' groups,
// the counted events). NOTE: these shapes belong in server/domain with the server's own types; they
// are written here only until the server's answers land on main, then imported from there.
import type { Report } from '../server/domain/report-fields';

export interface CompareSourceRow {
  source: string;
  so_far: number | null; so_far_id: number | null; so_far_to: string | null;
  prev_same_day: number | null; prev_same_day_id: number | null; prev_same_day_to: string | null;
  prev_full: number | null; prev_full_id: number | null; prev_full_to: string | null; prev_full_is_full: boolean;
}
/** A figure derived from a series that does not start on 1 January: the difference between the tally
 *  `id` (dated `to`) and the tally `base_id` it starts after (`from` is the day after that one), or,
 *  when the series starts inside the span, counted from nought (`base_id` null, `from` its start). */
export interface CompareDerivedRow {
  source: string; period_start: string; derived: true;
  so_far: number | null; so_far_from: string | null; so_far_to: string | null; so_far_id: number | null; so_far_base_id: number | null;
  prev_same_day: number | null; prev_same_day_from: string | null; prev_same_day_to: string | null;
  prev_same_day_id: number | null; prev_same_day_base_id: number | null;
  prev_full: number | null; prev_full_from: string | null; prev_full_to: string | null; prev_full_id: number | null; prev_full_base_id: number | null;
}
export interface CompareCount {
  so_far: number | null; so_far_from: string | null; so_far_to: string | null;
  prev_same_day: number | null; prev_same_day_from: string | null; prev_same_day_to: string | null;
  prev_full: number | null; prev_full_from: string | null; prev_full_to: string | null;
  /** How many counted events the view has in all; null when the server did not say (0: nothing counted). */
  events: number | null;
}
export interface CompareAnswer {
  year: number | null; day: string | null; prev_day: string | null;
  sources: CompareSourceRow[]; derived: CompareDerivedRow[]; count: CompareCount;
}

export interface Disagreement { a: Report; b: Report; days: number; difference: number; ratio?: number }
export interface DisagreementGroup {
  sources: [string, string]; period_start: string; compared: number; flagged: number;
  largest: { a_id: number; b_id: number; days: number; difference: number; ratio: number } | null;
}
export interface DisagreementPage {
  items: Disagreement[]; total: number; limit: number; offset: number;
  /** Absent from a server without issue 11's groups: the page lists the pairs then. */
  groups?: DisagreementGroup[]; groups_total?: number; groups_limit?: number; groups_offset?: number;
}

export interface CountedEvent { date: string; figure: number; low: number; high: number; chosen: Report; other_ids: number[] }
export interface EventPage { items: CountedEvent[]; total: number; limit: number; offset: number }

type Loose = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The comparison answer in issue 11's shape. An older server's answer (`*_date`, no days on derived
 *  figures, no `count.events`) reads with those days unknown: the page then names no span for them. */
export function normaliseCompare(raw: unknown): CompareAnswer {
  const a = raw as { year: number | null; day: string | null; prev_day: string | null; sources: unknown[]; derived: unknown[]; count: Loose };
  const sources = (a.sources as Loose[]).map((r) => ({
    ...r,
    so_far_to: str(r.so_far_to) ?? str(r.so_far_date),
    prev_same_day_to: str(r.prev_same_day_to) ?? str(r.prev_same_day_date),
    prev_full_to: str(r.prev_full_to) ?? str(r.prev_full_date),
  })) as unknown as CompareSourceRow[];
  const derived = (a.derived as Loose[]).map((r) => {
    const out: Loose = { ...r };
    for (const f of ['so_far', 'prev_same_day', 'prev_full']) {
      for (const k of ['from', 'to', 'base_id']) if (!(`${f}_${k}` in out)) out[`${f}_${k}`] = null;
    }
    return out;
  }) as unknown as CompareDerivedRow[];
  const c = a.count;
  // The count's spans are the comparison's own (DESIGN: Y so far to `day`, Y−1 to the same day, Y−1).
  const y = a.year;
  const count: CompareCount = {
    so_far: c.so_far as number | null,
    so_far_from: str(c.so_far_from) ?? (y !== null && a.day ? `${y}-01-01` : null),
    so_far_to: str(c.so_far_to) ?? a.day,
    prev_same_day: c.prev_same_day as number | null,
    prev_same_day_from: str(c.prev_same_day_from) ?? (y !== null && a.prev_day ? `${y - 1}-01-01` : null),
    prev_same_day_to: str(c.prev_same_day_to) ?? a.prev_day,
    prev_full: c.prev_full as number | null,
    prev_full_from: str(c.prev_full_from) ?? (y !== null ? `${y - 1}-01-01` : null),
    prev_full_to: str(c.prev_full_to) ?? (y !== null ? `${y - 1}-12-31` : null),
    events: typeof c.events === 'number' ? c.events : null,
  };
  return { year: a.year, day: a.day, prev_day: a.prev_day, sources, derived, count };
}
