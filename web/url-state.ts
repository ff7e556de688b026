// The whole view lives in the URL query, named as the API names its parameters, so a reload or a
// shared link shows the same view and back/forward walk through views.
//
//   party, metric, source (repeatable), count_source (repeatable), kind, from, to, q  — filters
//   period_start  — the period start the main chart's window opens on (default: chosen by the page)
//   sort, offset  — the reports table's order and page
//   max_points    — the charts' points per line before the server reduces them (default: the server's)
import { KINDS, METRICS, isCalendarDay, type Kind, type Metric } from '../server/domain/report-fields';

export interface ViewState {
  party: string | null;
  metric: Metric | null;
  source: string[];
  count_source: string[];
  kind: Kind | null;
  from: string | null;
  to: string | null;
  q: string;
  period_start: string | null;
  sort: 'date' | '-date';
  offset: number;
  max_points: number | null;
}

export const EMPTY_STATE: ViewState = {
  party: null, metric: null, source: [], count_source: [], kind: null, from: null, to: null, q: '',
  period_start: null, sort: '-date', offset: 0, max_points: null,
};

/** Parameters of the URL that were present but not understood, with why (shown to the user). */
export type UrlProblems = string[];

const isMetric = (s: string): s is Metric => (METRICS as readonly string[]).includes(s);
const isKind = (s: string): s is Kind => (KINDS as readonly string[]).includes(s);
const trimmed = (s: string | null) => (s === null ? null : s.trim() || null);
const distinct = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter((x) => x !== ''))];

export function parseState(search: string): { state: ViewState; problems: UrlProblems } {
  const p = new URLSearchParams(search);
  const problems: UrlProblems = [];
  const state: ViewState = { ...EMPTY_STATE, source: [], count_source: [] };

  state.party = trimmed(p.get('party'));
  const metric = trimmed(p.get('metric'));
  if (metric !== null) {
    if (isMetric(metric)) state.metric = metric;
    else problems.push(`metric "${metric}" is not one of ${METRICS.join(', ')}`);
  }
  state.source = distinct(p.getAll('source'));
  state.count_source = distinct(p.getAll('count_source'));
  const kind = trimmed(p.get('kind'));
  if (kind !== null) {
    if (isKind(kind)) state.kind = kind;
    else problems.push(`kind "${kind}" is not one of ${KINDS.join(', ')}`);
  }
  for (const key of ['from', 'to', 'period_start'] as const) {
    const v = trimmed(p.get(key));
    if (v === null) continue;
    if (isCalendarDay(v)) state[key] = v;
    else problems.push(`${key} "${v}" is not a date written YYYY-MM-DD`);
  }
  if (state.from && state.to && state.from > state.to) {
    problems.push('to is before from: the date range was dropped');
    state.from = null;
    state.to = null;
  }
  state.q = (p.get('q') ?? '').trim();
  const sort = p.get('sort');
  if (sort === 'date' || sort === '-date') state.sort = sort;
  const offset = p.get('offset');
  if (offset !== null && /^\d{1,9}$/.test(offset)) state.offset = Number(offset);
  const points = trimmed(p.get('max_points'));
  if (points !== null) {
    // The series route's bounds (server/domain/queries.ts).
    if (/^\d{1,6}$/.test(points) && Number(points) >= 10 && Number(points) <= 100_000) state.max_points = Number(points);
    else problems.push(`max_points "${points}" is not a whole number from 10 to 100,000`);
  }
  return { state, problems };
}

/** The query string of a state ("" for the empty state); defaults are left out. */
export function stateToSearch(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.party) p.set('party', s.party);
  if (s.metric) p.set('metric', s.metric);
  for (const x of s.source) p.append('source', x);
  for (const x of s.count_source) p.append('count_source', x);
  if (s.kind) p.set('kind', s.kind);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.q) p.set('q', s.q);
  if (s.period_start) p.set('period_start', s.period_start);
  if (s.sort !== EMPTY_STATE.sort) p.set('sort', s.sort);
  if (s.offset > 0) p.set('offset', String(s.offset));
  if (s.max_points !== null) p.set('max_points', String(s.max_points));
  const out = p.toString();
  return out ? `?${out}` : '';
}

/** Pushes a new view onto the history (a filter change), or replaces the current entry. */
export function writeState(s: ViewState, mode: 'push' | 'replace'): void {
  const url = `${location.pathname}${stateToSearch(s)}${location.hash}`;
  if (url === `${location.pathname}${location.search}${location.hash}`) return;
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}
