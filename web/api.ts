// The dashboard's only way to the server: the documented read routes of the JSON API (README, "The
// JSON API"). Each route gets only its own query parameters (the server rejects unknown ones), and
// every failure becomes an ApiError with DESIGN.md's error shape, or code `network` when the server
// could not be reached at all.
import type { z } from 'zod';
import type { Kind, Metric, RenameInput, Report, ReportInput } from '../server/domain/report';
import type { CompareResult, DisagreementPair, DisagreementsResult, EventsPage, SeriesResult } from '../server/domain/figure-types';
import type { Account, ApiToken, AuditEntry, AuditEvent, Role, SessionInfo } from '../server/domain/accounts';
// The answers' shapes are the server's (server/domain/api/), taken type-only: no zod in the bundle.
import type { Facets, ImportAnswer as ImportResult, ImportProgressAnswer as ImportProgress, MapStats, Rejected as ImportRejection, RenameResult } from '../server/domain/api/catalogue';
import type { AuditPage, Invitation, InvitationInfo, NewToken } from '../server/domain/api/accounts';
import type { ImportPreview, RecipeSummary, SavedRecipe } from '../server/domain/api/recipes';
import type { ReportPage, Revision } from '../server/domain/api/report';

export type { CompareResult, DisagreementPair, SeriesResult };

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: Record<string, string[]> = {},
    /** The whole error answer (a conflict's `current`, an import's `rejected`, a CSV error's `line`). */
    readonly body: Record<string, unknown> = {},
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

interface SendOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON-encoded unless a Blob (sent as it is, with `contentType`). */
  body?: unknown;
  contentType?: string;
  ifMatch?: number;
  signal?: AbortSignal;
  /** A multipart form (the browser sets its Content-Type with the boundary). */
  form?: FormData;
}

async function request<T>(path: string, params: Params = {}, o: SendOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (o.body !== undefined) {
    if (o.body instanceof Blob) {
      body = o.body;
      headers['Content-Type'] = o.contentType ?? 'application/octet-stream';
    } else {
      // Cookie writes must be JSON, DELETE and restore included (the server's CSRF rule).
      body = JSON.stringify(o.body);
      headers['Content-Type'] = 'application/json';
    }
  }
  if (o.form) body = o.form;
  if (o.ifMatch !== undefined) headers['If-Match'] = String(o.ifMatch);
  let res: Response;
  try {
    res = await fetch(`/api${path}${queryString(params)}`, {
      method: o.method ?? 'GET', headers, body, signal: o.signal, credentials: 'same-origin',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('network', 'The server cannot be reached. Check that conflict-tally is running, then retry.', 0);
  }
  return answerOf<T>(path, res.status, res.statusText, res.status === 204 ? '' : await res.text());
}

/** An answer's body as T, or its error as an ApiError with DESIGN's shape. */
function answerOf<T>(path: string, status: number, statusText: string, text: string): T {
  if (status === 204) return undefined as T;
  let answer: unknown = null;
  try {
    answer = JSON.parse(text);
  } catch {
    if (status >= 200 && status < 300) throw new ApiError('invalid_answer', `The server answered ${path} with something that is not JSON.`, status);
  }
  if (status < 200 || status >= 300) {
    const b = (answer && typeof answer === 'object' ? answer : {}) as { error?: unknown; message?: unknown; fields?: unknown };
    const code = typeof b.error === 'string' ? b.error : 'http_error';
    const message = typeof b.message === 'string' ? b.message : `The server answered ${status} ${statusText}.`;
    const fields = b.fields && typeof b.fields === 'object' ? (b.fields as Record<string, string[]>) : {};
    throw new ApiError(code, message, status, fields, b as Record<string, unknown>);
  }
  return answer as T;
}

/** A file sent with its upload's progress told as it goes (fetch cannot tell it; XMLHttpRequest can). */
function upload<T>(path: string, params: Params, body: Blob | FormData, contentType: string | null, onUpload: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}${queryString(params)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (contentType) xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (e) => onUpload(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onerror = () => reject(new ApiError('network', 'The server cannot be reached. Check that conflict-tally is running, then retry.', 0));
    xhr.onload = () => {
      try {
        resolve(answerOf<T>(path, xhr.status, xhr.statusText, xhr.responseText));
      } catch (e) {
        reject(e);
      }
    };
    xhr.send(body);
  });
}

function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  return request<T>(path, params, { signal });
}

export type { Facets, ReportPage };

export interface ReportListParams {
  party?: string; metric?: Metric; kind?: Kind; source?: string[];
  from?: string; to?: string; q?: string; limit?: number; offset?: number; sort?: 'date' | '-date';
}
export interface SeriesParams {
  party: string; metric: Metric; source?: string[]; count_source?: string[]; from?: string; to?: string; max_points?: number;
}
export interface CompareParams { party: string; metric: Metric; source?: string[]; count_source?: string[]; year?: number }
export interface DisagreementParams {
  party: string; metric: Metric; source?: string[]; period_start?: string; days?: number; ratio?: number; limit?: number; offset?: number;
  groups_limit?: number; groups_offset?: number;
}
export interface EventParams {
  party: string; metric: Metric; count_source?: string[]; from?: string; to?: string; limit?: number; offset?: number;
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
  disagreements: (p: DisagreementParams, signal?: AbortSignal) => getJson<DisagreementsResult>('/disagreements', {
    party: p.party, metric: p.metric, source: p.source, period_start: p.period_start, days: p.days, ratio: p.ratio,
    limit: p.limit, offset: p.offset, groups_limit: p.groups_limit, groups_offset: p.groups_offset,
  }, signal),
  events: (p: EventParams, signal?: AbortSignal) => getJson<EventsPage>('/events', {
    party: p.party, metric: p.metric, count_source: p.count_source, from: p.from, to: p.to, limit: p.limit, offset: p.offset,
  }, signal),
};

export type Session = SessionInfo;
export type { Account, ApiToken, AuditEntry, AuditEvent, Role };

export type { Revision, Invitation, InvitationInfo, NewToken, AuditPage, RenameResult };
export interface AuditParams { event?: AuditEvent; account?: string; from?: string; to?: string; limit?: number; offset?: number }

/** A rename as sent: the server's schema before its defaults. */
export type RenameRequest = z.input<typeof RenameInput>;

/** A rejected row (a recipe's names its column, cell and template too); an import's answer; the
 *  import under way; a recipe's preview; saved recipes. */
export type { ImportRejection, ImportResult, ImportProgress, MapStats, ImportPreview, RecipeSummary, SavedRecipe };
/** A report as a recipe import would store it: every field, null where absent. */
export type StoredFields = ImportPreview['reports'][number]['report'];

/** The filters of the reports list that the CSV export shares (no paging, no order). */
export type ExportParams = Pick<ReportListParams, 'party' | 'metric' | 'kind' | 'source' | 'from' | 'to' | 'q'>;

/** The address of the CSV of exactly these filters, as a file to download. */
export function csvUrl(p: ExportParams, opts: { bom?: boolean } = {}): string {
  return `/api/reports.csv${queryString({
    party: p.party, metric: p.metric, kind: p.kind, source: p.source, from: p.from, to: p.to, q: p.q,
    bom: opts.bom ? 1 : undefined, download: 1,
  })}`;
}

/** The write routes and the session (cookie-authenticated: same-origin fetches, JSON bodies). */
export const writeApi = {
  session: () => getJson<Session>('/session'),
  signIn: (name: string, password: string) => request<Session>('/session', {}, { method: 'POST', body: { name, password } }),
  signOut: () => request<void>('/session', {}, { method: 'DELETE' }),
  create: (input: ReportInput) => request<Report>('/reports', {}, { method: 'POST', body: input }),
  update: (id: number, input: ReportInput, revision: number) =>
    request<Report>(`/reports/${id}`, {}, { method: 'PUT', body: input, ifMatch: revision }),
  remove: (id: number, revision?: number) => request<void>(`/reports/${id}`, {}, { method: 'DELETE', body: {}, ifMatch: revision }),
  restore: (id: number) => request<Report>(`/reports/${id}/restore`, {}, { method: 'POST', body: {} }),
  history: (id: number) => getJson<{ items: Revision[] }>(`/reports/${id}/history`),
  historyCsvUrl: (id: number) => `/api/reports/${id}/history.csv?download=1`,
  deleted: (limit = 100, offset = 0) => getJson<ReportPage>('/reports', { deleted: 'only', sort: '-date', limit, offset }),
  rename: (r: RenameRequest) => request<RenameResult>('/rename', {}, { method: 'POST', body: r }),
  importCsv: (file: Blob, o: { dryRun: boolean; idsIgnore: boolean; onUpload: (sent: number, total: number) => void }) =>
    upload<ImportResult>('/import', { dry_run: o.dryRun ? 1 : undefined, ids: o.idsIgnore ? 'ignore' : undefined }, file, 'text/csv', o.onUpload),
  /** Any file with a recipe (its JSON, or a saved recipe's name): a form, the recipe before the file. */
  importWithRecipe: (file: File, recipe: string, o: { dryRun: boolean; onUpload: (sent: number, total: number) => void }) =>
    upload<ImportResult>('/import', { dry_run: o.dryRun ? 1 : undefined }, recipeForm(file, recipe), null, o.onUpload),
  /** Where the import under way is (while one of ours is stored). */
  importProgress: () => getJson<ImportProgress>('/import/progress'),
  previewImport: (file: File, recipe: string, signal?: AbortSignal) =>
    request<ImportPreview>('/import/preview', {}, { method: 'POST', form: recipeForm(file, recipe), signal }),
  recipes: () => getJson<{ items: RecipeSummary[] }>('/recipes'),
  recipe: (name: string) => getJson<SavedRecipe>(`/recipes/${encodeURIComponent(name)}`),
  saveRecipe: (name: string, recipe: unknown) => request<SavedRecipe>('/recipes', {}, { method: 'POST', body: { name, recipe } }),
  replaceRecipe: (name: string, recipe: unknown, revision: number) =>
    request<SavedRecipe>(`/recipes/${encodeURIComponent(name)}`, {}, { method: 'PUT', body: { recipe }, ifMatch: revision }),
};

/** Accounts: invitations, one's own password and tokens; an admin's accounts and audit log. */
export const accountApi = {
  lookupInvitation: (secret: string) => request<InvitationInfo>('/invitations/lookup', {}, { method: 'POST', body: { secret } }),
  acceptInvitation: (body: { secret: string; name?: string; password: string }) => request<Session>('/invitations/accept', {}, { method: 'POST', body }),
  changePassword: (current_password: string, password: string) =>
    request<{ changed: true; sessions_ended: number }>('/account/password', {}, { method: 'PUT', body: { current_password, password } }),
  tokens: () => getJson<{ items: ApiToken[] }>('/tokens'),
  createToken: (name: string) => request<NewToken>('/tokens', {}, { method: 'POST', body: { name } }),
  revokeToken: (id: number) => request<void>(`/tokens/${id}`, {}, { method: 'DELETE', body: {} }),
  accounts: () => getJson<{ items: Account[] }>('/accounts'),
  addAccount: (name: string, role: Role) => request<{ account: Account; invitation: Invitation }>('/accounts', {}, { method: 'POST', body: { name, role } }),
  changeAccount: (id: number, change: { role?: Role; disabled?: boolean }) => request<Account>(`/accounts/${id}`, {}, { method: 'PATCH', body: change }),
  invite: (id: number) => request<{ invitation: Invitation }>(`/accounts/${id}/invitation`, {}, { method: 'POST', body: {} }),
  signOutEverywhere: (id: number) => request<{ sessions_ended: number }>(`/accounts/${id}/sign-out`, {}, { method: 'POST', body: {} }),
  tokensOf: (id: number) => getJson<{ items: ApiToken[] }>(`/accounts/${id}/tokens`),
  audit: (p: AuditParams) => getJson<AuditPage>('/audit', { event: p.event, account: p.account, from: p.from, to: p.to, limit: p.limit, offset: p.offset }),
};

function recipeForm(file: File, recipe: string): FormData {
  const form = new FormData();
  // The server chooses the file's reader by the recipe: it must come first.
  form.append('recipe', recipe);
  form.append('file', file, file.name);
  return form;
}

/** A sentence for the user from any error thrown by `api`. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const fields = Object.entries(e.fields).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ');
    return fields ? `${e.message} (${fields})` : e.message;
  }
  return `Something went wrong in the page: ${(e as Error)?.message ?? String(e)}`;
}
