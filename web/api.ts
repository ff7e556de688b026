// The dashboard's only way to the server: the documented read routes of the JSON API (README, "The
// JSON API"). Each route gets only its own query parameters (the server rejects unknown ones), and
// every failure becomes an ApiError with DESIGN.md's error shape, or code `network` when the server
// could not be reached at all.
import type { Kind, Metric, Report } from '../server/domain/report';
import type { CompareResult, Disagreement, SeriesResult } from '../server/domain/figures';

export type { CompareResult, Disagreement, SeriesResult };

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Params = Record<string, string | number | readonly string[] | null | undefined>;

function queryString(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const one of v as readonly string[]) q.append(k, one);
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}${queryString(params)}`, { headers: { Accept: 'application/json' }, signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('network', 'The server cannot be reached. Check that conflict-tally is running, then retry.', 0);
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    if (res.ok) throw new ApiError('invalid_answer', `The server answered ${path} with something that is not JSON.`, res.status);
  }
  if (!res.ok) {
    const b = (body ?? {}) as { error?: unknown; message?: unknown; fields?: unknown };
    const code = typeof b.error === 'string' ? b.error : 'http_error';
    const message = typeof b.message === 'string' ? b.message : `The server answered ${res.status} ${res.statusText}.`;
    const fields = b.fields && typeof b.fields === 'object' ? (b.fields as Record<string, string[]>) : {};
    throw new ApiError(code, message, res.status, fields);
  }
  return body as T;
}

export interface Facets {
  parties: { name: string; reports: number }[];
  sources: { name: string; reports: number }[];
  locations: { name: string; reports: number }[];
  metrics: Metric[];
  kinds: Kind[];
  qualifiers: string[];
  date_precisions: string[];
}

export interface ReportPage { items: Report[]; total: number; limit: number; offset: number }
export interface DisagreementPage { items: Disagreement[]; total: number; limit: number; offset: number }

export interface ReportListParams {
  party?: string; metric?: Metric; kind?: Kind; source?: string[];
  from?: string; to?: string; q?: string; limit?: number; offset?: number; sort?: 'date' | '-date';
}
export interface SeriesParams {
  party: string; metric: Metric; source?: string[]; count_source?: string[]; from?: string; to?: string; max_points?: number;
}
export interface CompareParams { party: string; metric: Metric; source?: string[]; count_source?: string[]; year?: number }
export interface DisagreementParams {
  party: string; metric: Metric; source?: string[]; days?: number; ratio?: number; limit?: number; offset?: number;
}

// Each function copies only its route's parameters, so a wider object can be passed safely.
export const api = {
  facets: (signal?: AbortSignal) => getJson<Facets>('/facets', {}, signal),
  reports: (p: ReportListParams, signal?: AbortSignal) => getJson<ReportPage>('/reports', {
    party: p.party, metric: p.metric, kind: p.kind, source: p.source, from: p.from, to: p.to, q: p.q,
    limit: p.limit, offset: p.offset, sort: p.sort,
  }, signal),
  report: (id: number, signal?: AbortSignal) => getJson<Report>(`/reports/${encodeURIComponent(String(id))}`, {}, signal),
  series: (p: SeriesParams, signal?: AbortSignal) => getJson<SeriesResult>('/series', {
    party: p.party, metric: p.metric, source: p.source, count_source: p.count_source, from: p.from, to: p.to,
    max_points: p.max_points,
  }, signal),
  compare: (p: CompareParams, signal?: AbortSignal) => getJson<CompareResult>('/compare', {
    party: p.party, metric: p.metric, source: p.source, count_source: p.count_source, year: p.year,
  }, signal),
  disagreements: (p: DisagreementParams, signal?: AbortSignal) => getJson<DisagreementPage>('/disagreements', {
    party: p.party, metric: p.metric, source: p.source, days: p.days, ratio: p.ratio, limit: p.limit, offset: p.offset,
  }, signal),
};

/** A sentence for the user from any error thrown by `api`. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const fields = Object.entries(e.fields).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ');
    return fields ? `${e.message} (${fields})` : e.message;
  }
  return `Something went wrong in the page: ${(e as Error)?.message ?? String(e)}`;
}
