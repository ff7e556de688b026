// Every route the server serves, described once: its parameters and body (the very zod schemas the
// route validates with), who may call it, and each answer with its status and shape (the schemas of
// server/domain/api/). The OpenAPI document (document.ts) and the reference page (docs-page.ts) are
// built from this list; test/openapi.test.ts holds it equal to the routes express serves.
import type { z } from 'zod';
import { ReportInput, RenameInput } from '../../domain/report';
import {
  AccountChange, InvitationAccept, InvitationLookup, NewAccountInput, NewTokenInput, PasswordChange, SignInInput,
} from '../../domain/accounts';
import {
  ChangesQuery, CompareQuery, DisagreementQuery, EmbedQuery, EventsQuery, ExportQuery, FeedQuery, HistoryCsvQuery, ImportQuery, ReportListQuery,
  SeriesQuery, ImportPreviewQuery, RecipeQuery, AuditQuery,
} from '../../domain/queries';
import { ErrorBody, type ErrorCode } from '../../domain/api/errors';
import { History, Report, ReportPage, ReportRead } from '../../domain/api/report';
import { CompareResult, DisagreementsResult, EventsPage, SeriesResult } from '../../domain/api/figures';
import { Facets, Health, ImportAnswer, ImportProgressAnswer, RenameResult } from '../../domain/api/catalogue';
import {
  Account, AccountList, AuditPage, InvitationInfo, NewAccount, NewInvitation, NewToken, PasswordChanged, SessionInfo, SessionsEnded, TokenList,
} from '../../domain/api/accounts';
import { ChangesPage } from '../../domain/api/changes';
import { ImportPreview, RecipeHistory, RecipeList, RecipeRead, SavedRecipe } from '../../domain/api/recipes';
import { RecipeCreate, RecipeUpdate } from '../../domain/saved-recipe';
import { OpenApiDocument } from '../../domain/api/catalogue';
import { body } from '../../domain/api/registry';
import { ERROR_STATUS } from '../errors';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type MediaType = 'application/json' | 'text/csv' | 'application/atom+xml' | 'text/html';

export interface Answer {
  description: string;
  /** The JSON shape; or another media type's (no schema); or no body (204, 304). */
  json?: z.ZodType;
  media?: Exclude<MediaType, 'application/json'>;
  headers?: Record<string, string>;
  /** Key of an example in examples.json (taken from the seed by npm run generate:api-examples). */
  example?: string;
}

export interface Operation {
  method: Method;
  /** The express path (`/api/reports/:id`). */
  path: string;
  id: string;
  tag: string;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  body?: { json: z.ZodType; example?: string } | { media: readonly string[]; description: string };
  ifMatch?: boolean;
  answers: Record<number, Answer>;
}

body('ReportInput', ReportInput, 'A report as written: `null` or `""` is absent; strings are trimmed.');
body('RenameInput', RenameInput);
body('SignInInput', SignInInput);
body('NewAccountInput', NewAccountInput);
body('AccountChange', AccountChange, 'Give `role`, `disabled` or both.');
body('PasswordChange', PasswordChange);
body('InvitationLookup', InvitationLookup);
body('InvitationAccept', InvitationAccept, '`name` only for the first admin\'s link.');
body('NewTokenInput', NewTokenInput);
body('RecipeCreate', RecipeCreate);
body('RecipeUpdate', RecipeUpdate);

const ERROR_WORDS: Partial<Record<ErrorCode, string>> = {
  validation_failed: 'every bad field of the query or body at once (`fields`)',
  unauthorized: 'missing, wrong, revoked or disabled credentials, or a read of a private instance without them',
  forbidden: 'a role that may not do this, or a signed-in write from another site or not sent as JSON',
  not_found: 'no such report',
  conflict: '`If-Match` is not the current revision; `current` is the report as it is',
  payload_too_large: 'the body is larger than this route accepts',
  unsupported_media_type: 'the body is not of the type this route reads',
  import_rejected: 'rows were rejected, so nothing was stored; `rejected` names each row\'s line and fields',
  rate_limited: 'too many failed token or sign-in attempts from this address',
  internal: 'something went wrong on the server; `request_id` is in its log',
  busy: 'a large import is being stored; nothing of this request was stored (Retry-After)',
  insufficient_storage: 'the disk is full; nothing of the request was stored',
};

/** The error answers of these codes (several codes of one status share one entry). Any route may
 *  answer 401 and 429: a wrong token is refused (and counted) wherever it is sent, and on a private
 *  instance every read needs an account. */
function errors(...codes: ErrorCode[]): Record<number, Answer> {
  const out: Record<number, Answer> = {};
  for (const code of new Set<ErrorCode>([...codes, 'unauthorized', 'rate_limited', 'internal'])) {
    const status = ERROR_STATUS[code];
    const words = `\`${code}\`: ${ERROR_WORDS[code] ?? code.replace(/_/g, ' ')}`;
    out[status] = out[status] ? { ...out[status], description: `${out[status].description}; ${words}` } : { description: words, json: ErrorBody };
  }
  return out;
}

const notModified: Record<number, Answer> = { 304: { description: 'Not modified: the `If-None-Match` tag is current (public reads only).' } };
const ok = (json: z.ZodType, description: string, example?: string): Answer => ({ description, json, example });
/** What an import reads: our CSV, a form with a recipe and the file, or any file with ?recipe=NAME. */
/** A derived figure's route: a GET of one party and metric, answered with its figures (or 304). */
function figureRoute(name: string, query: z.ZodObject, json: z.ZodType, answered: string, summary: string, description: string): Operation {
  return {
    method: 'get', path: `/api/${name}`, id: name, tag: 'Figures', query, summary, description,
    answers: { 200: ok(json, answered, name), ...notModified, ...errors('validation_failed') },
  };
}

const IMPORT_MEDIA = ['text/csv', 'multipart/form-data', 'application/octet-stream'] as const;

const WRITE_ERRORS = ['unauthorized', 'forbidden', 'rate_limited', 'payload_too_large', 'busy', 'insufficient_storage'] as const;

export const OPERATIONS: Operation[] = [
  // Reports
  {
    method: 'get', path: '/api/reports', id: 'listReports', tag: 'Reports', query: ReportListQuery,
    summary: 'List reports', description: 'Live reports matching the filters, a page at a time; `q` searches the words in any script, case-insensitively. `deleted=only` lists deleted reports (writers).',
    answers: { 200: ok(ReportPage, 'A page of reports.', 'reportPage'), ...notModified, ...errors('validation_failed', 'unauthorized', 'rate_limited') },
  },
  {
    method: 'post', path: '/api/reports', id: 'createReport', tag: 'Reports', body: { json: ReportInput, example: 'reportInput' },
    summary: 'Add a report',
    answers: { 201: { ...ok(Report, 'The stored report, its first revision.', 'report'), headers: { Location: 'The report\'s address.', ETag: 'Its revision, for If-Match.' } },
      ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', ...WRITE_ERRORS) },
  },
  {
    method: 'get', path: '/api/reports/:id', id: 'getReport', tag: 'Reports',
    summary: 'Read a report', description: 'A deleted report answers 404, unless a writer asks.',
    answers: { 200: { ...ok(ReportRead, 'The report.', 'report'), headers: { ETag: 'Its revision, for If-Match.' } }, ...notModified, ...errors('validation_failed', 'unauthorized', 'not_found', 'rate_limited') },
  },
  {
    method: 'put', path: '/api/reports/:id', id: 'replaceReport', tag: 'Reports', ifMatch: true, body: { json: ReportInput, example: 'reportInput' },
    summary: 'Replace a report', description: 'Every field is replaced; a new revision only if something changed.',
    answers: { 200: { ...ok(Report, 'The report as stored now.', 'report'), headers: { ETag: 'Its revision.' } },
      ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', 'not_found', 'conflict', ...WRITE_ERRORS) },
  },
  {
    method: 'delete', path: '/api/reports/:id', id: 'deleteReport', tag: 'Reports', ifMatch: true,
    summary: 'Delete a report', description: 'The report is hidden from every public view, figure and export; nothing is erased, and it can be restored.',
    answers: { 204: { description: 'Deleted.', headers: { ETag: 'The revision of the delete.' } }, ...errors('validation_failed', 'not_found', 'conflict', ...WRITE_ERRORS) },
  },
  {
    method: 'post', path: '/api/reports/:id/restore', id: 'restoreReport', tag: 'Reports', ifMatch: true,
    summary: 'Restore a deleted report',
    answers: { 200: { ...ok(Report, 'The restored report.', 'report'), headers: { ETag: 'Its revision.' } }, ...errors('validation_failed', 'not_found', 'conflict', ...WRITE_ERRORS) },
  },
  {
    method: 'get', path: '/api/reports/:id/history', id: 'reportHistory', tag: 'Reports',
    summary: 'A report\'s history', description: 'Every revision, oldest first: who, when, and the whole report as it was. A deleted report\'s history is for writers.',
    answers: { 200: ok(History, 'The revisions.', 'history'), ...notModified, ...errors('validation_failed', 'unauthorized', 'not_found', 'rate_limited') },
  },
  {
    method: 'get', path: '/api/reports/:id/history.csv', id: 'reportHistoryCsv', tag: 'Reports', query: HistoryCsvQuery,
    summary: 'A report\'s history as CSV', description: 'One row per revision, oldest first, with who made it and every field as it was.',
    answers: { 200: { description: 'The CSV file.', media: 'text/csv' }, ...notModified, ...errors('validation_failed', 'not_found') },
  },

  // Derived figures
  figureRoute('series', SeriesQuery, SeriesResult, 'The series of the view.', 'Running total, claims, increments, decreases, estimates',
    'For one party and metric. When the running total and the claims together exceed `max_points`, each keeps its last point per `bucket`.'),
  figureRoute('events', EventsQuery, EventsPage, 'A page of counted events.', 'Counted events',
    'The events the running total counts in a window, by date then chosen report id, each with its chosen report and the ids of its other reports.'),
  figureRoute('compare', CompareQuery, CompareResult, 'The same-period comparison.', 'This year so far against last year',
    'Per source, per derived series and for the count: the year so far, the year before to the same day, and the year before in full.'),
  figureRoute('disagreements', DisagreementQuery, DisagreementsResult, 'The flagged pairs and the groups.', 'Sources that disagree',
    'Flagged pairs of mutually nearest tallies of two sources, and per two sources and period start the pairs compared and flagged.'),

  // CSV
  {
    method: 'get', path: '/api/reports.csv', id: 'exportCsv', tag: 'CSV', query: ExportQuery,
    summary: 'Export reports as CSV', description: 'Every matching live report (the list\'s filters, no paging), RFC 4180, CRLF, UTF-8; text a spreadsheet would run as a formula gets a `\'` in front.',
    answers: { 200: { description: 'The CSV file.', media: 'text/csv' }, ...notModified, ...errors('validation_failed') },
  },
  {
    method: 'post', path: '/api/import', id: 'importCsv', tag: 'CSV', query: ImportQuery,
    body: { media: IMPORT_MEDIA, description: 'Our CSV (the export\'s header in any order; an HXL row maps itself), or any file with a recipe: a form with `recipe` (JSON, or a saved recipe\'s name) then `file`, or the file as the body with `?recipe=NAME`.' },
    summary: 'Import a file', description: 'All or nothing: any rejected row stores nothing (422). `dry_run=1` answers the same without storing (and, with a recipe, the first reports as they would be stored). A large file is stored by a worker: writes meanwhile get 503 busy.',
    answers: { 200: ok(ImportAnswer, 'What was stored (or would be).', 'importResult'),
      ...errors('validation_failed', 'invalid_csv', 'unsupported_media_type', 'import_rejected', ...WRITE_ERRORS) },
  },

  {
    method: 'post', path: '/api/import/preview', id: 'previewImport', tag: 'CSV', query: ImportPreviewQuery,
    body: { media: IMPORT_MEDIA, description: 'A form with `recipe` then `file`, or the file as the body with `?recipe=NAME`.' },
    summary: 'How a recipe maps a file', description: 'The first reports as they would be stored, the rejections, the file\'s columns with samples and its HXL tags; stores nothing.',
    answers: { 200: ok(ImportPreview, 'The preview.'), ...errors('validation_failed', 'invalid_csv', 'invalid_json', 'unsupported_media_type', 'forbidden', 'payload_too_large', 'busy') },
  },
  {
    method: 'get', path: '/api/import/progress', id: 'importProgress', tag: 'CSV',
    summary: 'Where the import under way is', description: 'The import dialog asks this while the server stores a large file.',
    answers: { 200: ok(ImportProgressAnswer, 'The import under way, or `running: false`.'), ...errors('unauthorized', 'rate_limited') },
  },

  // Recipes
  {
    method: 'get', path: '/api/recipes', id: 'listRecipes', tag: 'Recipes',
    summary: 'Saved and shipped recipes', answers: { 200: ok(RecipeList, 'Every recipe, with its format and description.'), ...errors('forbidden') },
  },
  {
    method: 'get', path: '/api/recipes/:name', id: 'getRecipe', tag: 'Recipes', query: RecipeQuery,
    summary: 'A recipe', description: '`/api/recipes/NAME.json` or `download=1` answers the document alone, as a file, for `npm run import -- FILE --recipe=FILE`.',
    answers: { 200: { ...ok(RecipeRead, 'The recipe.'), headers: { ETag: 'Its revision, for If-Match.' } }, ...errors('validation_failed', 'forbidden', 'not_found') },
  },
  {
    method: 'get', path: '/api/recipes/:name/history', id: 'recipeHistory', tag: 'Recipes',
    summary: 'A saved recipe\'s revisions', answers: { 200: ok(RecipeHistory, 'Oldest first.'), ...errors('validation_failed', 'forbidden', 'not_found') },
  },
  {
    method: 'post', path: '/api/recipes', id: 'createRecipe', tag: 'Recipes', body: { json: RecipeCreate },
    summary: 'Save a recipe', answers: { 201: { ...ok(SavedRecipe, 'The saved recipe.'), headers: { Location: 'Its address.', ETag: 'Its revision.' } },
      ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', ...WRITE_ERRORS) },
  },
  {
    method: 'put', path: '/api/recipes/:name', id: 'replaceRecipe', tag: 'Recipes', ifMatch: true, body: { json: RecipeUpdate },
    summary: 'Replace a saved recipe', description: 'Shipped recipes are read-only (403).',
    answers: { 200: { ...ok(SavedRecipe, 'The recipe as saved now.'), headers: { ETag: 'Its revision.' } },
      ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', 'not_found', 'conflict', ...WRITE_ERRORS) },
  },
  {
    method: 'delete', path: '/api/recipes/:name', id: 'deleteRecipe', tag: 'Recipes', ifMatch: true,
    summary: 'Delete a saved recipe', answers: { 204: { description: 'Deleted; its history is kept.' }, ...errors('validation_failed', 'not_found', 'conflict', ...WRITE_ERRORS) },
  },

  // Catalogue
  {
    method: 'get', path: '/api/health', id: 'health', tag: 'Catalogue',
    summary: 'Is the server up', answers: { 200: ok(Health, 'Up.', 'health'), 503: ok(Health, 'Up for reading, but a write was refused for want of disk space.'), ...notModified, ...errors() },
  },
  {
    method: 'get', path: '/api/facets', id: 'facets', tag: 'Catalogue',
    summary: 'Parties, sources, locations and the enum values', answers: { 200: ok(Facets, 'The facets of the live reports.', 'facets'), ...notModified, ...errors() },
  },
  {
    method: 'post', path: '/api/rename', id: 'rename', tag: 'Catalogue', body: { json: RenameInput, example: 'renameInput' },
    summary: 'Rename or merge a source or party', description: 'Across every live report naming it, each change a revision; merging when `to` exists already. `dry_run` counts without changing.',
    answers: { 200: ok(RenameResult, 'How many reports were renamed.', 'renameResult'), ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', ...WRITE_ERRORS) },
  },

  // Session and accounts
  {
    method: 'get', path: '/api/session', id: 'getSession', tag: 'Accounts',
    summary: 'Who is asking', answers: { 200: ok(SessionInfo, 'Who the request is; a session that ended says why.', 'session'), ...errors() },
  },
  {
    method: 'post', path: '/api/session', id: 'signIn', tag: 'Accounts', body: { json: SignInInput },
    summary: 'Sign in', description: 'A name and a password give an HttpOnly, SameSite=Strict session cookie for 30 days, ended by a day without use.',
    answers: { 201: ok(SessionInfo, 'Signed in.'), ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', 'payload_too_large', 'busy') },
  },
  {
    method: 'delete', path: '/api/session', id: 'signOut', tag: 'Accounts',
    summary: 'Sign out', answers: { 204: { description: 'Signed out (or was not signed in).' }, ...errors('busy') },
  },
  {
    method: 'post', path: '/api/invitations/lookup', id: 'lookUpInvitation', tag: 'Accounts', body: { json: InvitationLookup },
    summary: 'What an invitation link is for', description: 'The `secret` of a `/#invite=…` link; 401 once it is used, replaced or 7 days old.',
    answers: { 200: ok(InvitationInfo, 'The account and role of the link.'), ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', 'payload_too_large', 'busy') },
  },
  {
    method: 'post', path: '/api/invitations/accept', id: 'acceptInvitation', tag: 'Accounts', body: { json: InvitationAccept },
    summary: 'Set the password of an invitation', description: 'Uses up the link and signs in, as `POST /api/session`.',
    answers: { 201: ok(SessionInfo, 'Signed in.'), ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', 'forbidden', 'payload_too_large', 'busy', 'insufficient_storage') },
  },
  {
    method: 'put', path: '/api/account/password', id: 'changePassword', tag: 'Accounts', body: { json: PasswordChange },
    summary: 'Change one\'s password', description: 'Ends the account\'s other sessions.',
    answers: { 200: ok(PasswordChanged, 'Changed.'), ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', ...WRITE_ERRORS) },
  },
  {
    method: 'get', path: '/api/tokens', id: 'listTokens', tag: 'Accounts',
    summary: 'One\'s personal API tokens', description: 'Without their secrets; live ones first.',
    answers: { 200: ok(TokenList, 'The tokens.'), ...errors('forbidden') },
  },
  {
    method: 'post', path: '/api/tokens', id: 'createToken', tag: 'Accounts', body: { json: NewTokenInput },
    summary: 'Create a personal API token', description: 'It acts as its account. `token` is its secret, shown this once.',
    answers: { 201: ok(NewToken, 'The new token.'), ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', ...WRITE_ERRORS) },
  },
  {
    method: 'delete', path: '/api/tokens/:id', id: 'revokeToken', tag: 'Accounts',
    summary: 'Revoke a token', description: 'One\'s own; an admin may revoke anyone\'s.',
    answers: { 204: { description: 'Revoked.' }, ...errors('validation_failed', 'not_found', ...WRITE_ERRORS) },
  },
  {
    method: 'get', path: '/api/accounts', id: 'listAccounts', tag: 'Accounts',
    summary: 'The accounts', answers: { 200: ok(AccountList, 'Every account.'), ...errors('forbidden') },
  },
  {
    method: 'post', path: '/api/accounts', id: 'inviteAccount', tag: 'Accounts', body: { json: NewAccountInput },
    summary: 'Invite a person', description: 'A new account and its one-time link (valid 7 days), whose path is shown this once.',
    answers: { 201: { ...ok(NewAccount, 'The account and its link.'), headers: { Location: 'The account\'s address.' } },
      ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', ...WRITE_ERRORS) },
  },
  {
    method: 'patch', path: '/api/accounts/:id', id: 'changeAccount', tag: 'Accounts', body: { json: AccountChange },
    summary: 'Change a role, disable or enable an account', description: 'Disabling ends its sessions and stops its tokens; the last enabled admin stays one.',
    answers: { 200: ok(Account, 'The account as it is now.'), ...errors('validation_failed', 'invalid_json', 'unsupported_media_type', 'not_found', ...WRITE_ERRORS) },
  },
  {
    method: 'post', path: '/api/accounts/:id/invitation', id: 'newInvitation', tag: 'Accounts',
    summary: 'A new link for an account', description: 'Voids the old one; also resets a forgotten password.',
    answers: { 201: ok(NewInvitation, 'The link.'), ...errors('validation_failed', 'not_found', ...WRITE_ERRORS) },
  },
  {
    method: 'post', path: '/api/accounts/:id/sign-out', id: 'signOutEverywhere', tag: 'Accounts',
    summary: 'Sign an account out everywhere', answers: { 200: ok(SessionsEnded, 'How many sessions were ended.'), ...errors('validation_failed', 'not_found', ...WRITE_ERRORS) },
  },
  {
    method: 'get', path: '/api/accounts/:id/tokens', id: 'accountTokens', tag: 'Accounts',
    summary: 'An account\'s tokens', answers: { 200: ok(TokenList, 'Its tokens.'), ...errors('validation_failed', 'forbidden', 'not_found') },
  },
  {
    method: 'get', path: '/api/audit', id: 'audit', tag: 'Accounts', query: AuditQuery,
    summary: 'The audit log', description: 'Sign-ins, failed sign-ins, invitations, role changes, tokens: newest first, kept 400 days.',
    answers: { 200: ok(AuditPage, 'A page of the log.'), ...errors('validation_failed', 'forbidden') },
  },

  // Open interfaces
  {
    method: 'get', path: '/api/changes', id: 'changes', tag: 'Open interfaces', query: ChangesQuery,
    summary: 'Every change after a cursor, for mirrors',
    description: 'Creates, updates, deletes and restores in commit order, each with the whole report as it was after it, and the cursor to ask after next. A change is never skipped or repeated between pages, whatever is written meanwhile. To anonymous readers a change of a report that is deleted now (the delete among them) is only its id and revision, and no change names who made it; signed-in readers get `who` and everything. `npm run mirror -- URL` keeps a database in step.',
    answers: { 200: ok(ChangesPage, 'A page of changes.', 'changes'), ...notModified, ...errors('validation_failed', 'unauthorized', 'not_found', 'rate_limited') },
  },
  {
    method: 'get', path: '/api/openapi.json', id: 'openapi', tag: 'Open interfaces',
    summary: 'This description (OpenAPI 3.1)', answers: { 200: ok(OpenApiDocument, 'The OpenAPI document.'), ...notModified, ...errors() },
  },
  {
    method: 'get', path: '/api/docs', id: 'docs', tag: 'Open interfaces',
    summary: 'This description as a page', answers: { 200: { description: 'The reference page.', media: 'text/html' }, ...notModified, ...errors() },
  },
  {
    method: 'get', path: '/feed.atom', id: 'feed', tag: 'Open interfaces', query: FeedQuery,
    summary: 'Atom feed of new and corrected reports',
    description: 'The 50 live reports created or changed last that match the list\'s filters, newest first, each a sentence with its quote, source link and permalink (`/?report=ID`).',
    answers: { 200: { description: 'An Atom 1.0 feed.', media: 'application/atom+xml' }, ...notModified, ...errors('validation_failed') },
  },
  {
    method: 'get', path: '/embed', id: 'embed', tag: 'Open interfaces', query: EmbedQuery,
    summary: 'One chart, for an iframe',
    description: 'The main chart (claims against the running count) or the estimates chart of a view, with its title, source line and a link to the full view. Pages of this server and of the origins in TALLY_EMBED_ORIGINS may frame it.',
    answers: { 200: { description: 'The embed page.', media: 'text/html' }, ...errors('validation_failed') },
  },
];
