// View logic (no arithmetic of DESIGN.md): which period start the main chart's window opens on.
import { addDays } from '../server/domain/dates';

export interface PeriodClaim { period_start: string | null; date: string; id: number; reported_on?: string | null }

/**
 * The period start shared by most tallies in view; on a tie, the period start of the most recent
 * tally (latest `date`, then latest `reported_on`, then highest id) among the tied ones. Null when
 * there are no tallies.
 */
export function defaultPeriodStart(claims: readonly PeriodClaim[]): string | null {
  const counts = new Map<string, number>();
  for (const c of claims) {
    if (c.period_start) counts.set(c.period_start, (counts.get(c.period_start) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  const most = Math.max(...counts.values());
  const tied = new Set([...counts].filter(([, n]) => n === most).map(([p]) => p));
  let best: PeriodClaim | null = null;
  for (const c of claims) {
    if (!c.period_start || !tied.has(c.period_start)) continue;
    if (best === null || later(c, best)) best = c;
  }
  return best?.period_start ?? null;
}

function later(a: PeriodClaim, b: PeriodClaim): boolean {
  if (a.date !== b.date) return a.date > b.date;
  const ra = a.reported_on ?? a.date;
  const rb = b.reported_on ?? b.date;
  if (ra !== rb) return ra > rb;
  return a.id > b.id;
}

/** The distinct period starts of the tallies in view, most tallies first, then latest first. */
export function periodStarts(claims: readonly PeriodClaim[]): { period_start: string; tallies: number }[] {
  const counts = new Map<string, number>();
  for (const c of claims) {
    if (c.period_start) counts.set(c.period_start, (counts.get(c.period_start) ?? 0) + 1);
  }
  return [...counts].map(([period_start, tallies]) => ({ period_start, tallies }))
    .sort((a, b) => b.tallies - a.tallies || (a.period_start < b.period_start ? 1 : -1));
}

/** The ISO day after `day` ("2021-12-31" → "2022-01-01"). */
export const nextDay = (day: string): string => addDays(day, 1);
