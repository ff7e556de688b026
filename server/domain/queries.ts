// Query-string shapes of the read routes. The dashboard builds its URLs from the same names.
import { z } from 'zod';
import { AUDIT_EVENTS } from './accounts';
import { KINDS, METRICS, NO_CONTROL, isCalendarDay, noControl, plainText } from './report';
import { RecipeName } from './saved-recipe';
import {
  DEFAULT_DISAGREEMENT_DAYS, DEFAULT_DISAGREEMENT_RATIO, DEFAULT_MAX_POINTS, DEFAULT_PAGE_LIMIT, MAX_DISAGREEMENT_DAYS, MAX_PAGE_LIMIT,
} from './figure-types';

const one = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (Array.isArray(v) ? { __many: true } : v === '' ? undefined : v), inner);

// No stored text holds a control character, so none can be looked for; and a NUL inside a search
// would end FTS5's quoted term early (an SQLite error, not an answer).
const text = (max = 200) => plainText(z.string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be text, given once') })
  .max(max, `at most ${max} characters`));

const many = z.preprocess(
  (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map((s) => (typeof s === 'string' ? s.trim() : s)).filter((s) => s !== '')),
  z.array(text(), { error: 'must be text' }).max(100, 'at most 100 values').optional(),
);

const day = z.string({ error: 'must be a date YYYY-MM-DD, given once' }).refine(isCalendarDay, 'must be a real date written YYYY-MM-DD')
  .meta({ format: 'date', description: 'A day, YYYY-MM-DD.' });

const int = (min: number, max: number) =>
  z.string({ error: 'must be a whole number, given once' })
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .meta({ description: `A whole number from ${min} to ${max}.` });

const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => (iss.input === undefined ? 'required' : `must be one of ${values.join(', ')}, given once`) });

/** A page of a list: `limit` (1–1000, default 100) and `offset`. */
const page = {
  limit: one(int(1, MAX_PAGE_LIMIT).optional().default(DEFAULT_PAGE_LIMIT)),
  offset: one(int(0, 1_000_000_000).optional().default(0)),
};

const partyMetric = {
  party: one(text().min(1, 'required')),
  metric: one(enumOf(METRICS)),
};

/** The sources a figure shows (`source`) and those whose incidents it counts (`count_source`). */
const figureSources = { source: many, count_source: many };

/** The filters of the report list, shared by the list and the CSV export. */
const reportFilters = {
  party: one(text().optional()),
  metric: one(enumOf(METRICS).optional()),
  kind: one(enumOf(KINDS).optional()),
  source: many,
  from: one(day.optional()),
  to: one(day.optional()),
  q: one(text(500).optional()),
};

const fromNotAfterTo: [(q: { from?: string; to?: string }) => boolean, { path: PropertyKey[]; message: string }] = [
  (q) => !(q.from && q.to && q.from > q.to), { path: ['to'], message: 'must not be before from' }];

export const ReportListQuery = z.strictObject({
  ...reportFilters,
  ...page,
  sort: one(enumOf(['date', '-date'] as const).optional().default('date')),
  deleted: one(enumOf(['only'] as const).optional()),
}).refine(...fromNotAfterTo);
export type ReportListQuery = z.output<typeof ReportListQuery>;

export const SeriesQuery = z.strictObject({
  ...partyMetric,
  ...figureSources,
  from: one(day.optional()),
  to: one(day.optional()),
  max_points: one(int(10, 100_000).optional().default(DEFAULT_MAX_POINTS)),
}).refine(...fromNotAfterTo);
export type SeriesQuery = z.output<typeof SeriesQuery>;

export const CompareQuery = z.strictObject({
  ...partyMetric,
  ...figureSources,
  year: one(int(1, 9998).optional()),
});
export type CompareQuery = z.output<typeof CompareQuery>;

const ratio = z.string({ error: 'must be a number between 0 and 1, given once' })
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/, 'must be a number between 0 and 1')
  .transform(Number);

export const DisagreementQuery = z.strictObject({
  ...partyMetric,
  source: many,
  period_start: one(day.optional()),
  days: one(int(0, MAX_DISAGREEMENT_DAYS).optional().default(DEFAULT_DISAGREEMENT_DAYS)),
  ratio: one(ratio.optional().default(DEFAULT_DISAGREEMENT_RATIO)),
  ...page,
  groups_limit: one(int(1, MAX_PAGE_LIMIT).optional().default(DEFAULT_PAGE_LIMIT)),
  groups_offset: one(int(0, 1_000_000_000).optional().default(0)),
});
export type DisagreementQuery = z.output<typeof DisagreementQuery>;

/** GET /api/events: the counted events of the series' window, paged. */
export const EventsQuery = z.strictObject({
  ...partyMetric,
  count_source: many,
  from: one(day.optional()),
  to: one(day.optional()),
  ...page,
}).refine(...fromNotAfterTo);
export type EventsQuery = z.output<typeof EventsQuery>;

const flag = one(z.enum(['0', '1'], { error: 'must be 0 or 1, given once' }).optional().transform((v) => v === '1'));

/** GET /api/reports.csv: the list's filters (no paging: every matching report) and the file's options. */
export const ExportQuery = z.strictObject({
  ...reportFilters,
  sort: one(enumOf(['date'] as const).optional()),
  bom: flag,
  hxl: flag,
  download: flag,
}).refine(...fromNotAfterTo);
export type ExportQuery = z.output<typeof ExportQuery>;

/** GET /api/reports/:id/history.csv */
export const HistoryCsvQuery = z.strictObject({ bom: flag, download: flag });

/** POST /api/import. `recipe`: the name of a saved or shipped recipe for the file sent as the body (a
 *  form sends its recipe as a field instead). */
export const ImportQuery = z.strictObject({
  dry_run: flag,
  ids: one(enumOf(['match', 'ignore'] as const).optional().default('match')),
  recipe: one(RecipeName.optional()),
});
export type ImportQuery = z.output<typeof ImportQuery>;

/** GET /api/changes: the changes after a cursor (0 or absent: from the first), a page at a time. */
export const ChangesQuery = z.strictObject({
  after: one(z.string({ error: 'must be a cursor from an earlier page, given once' })
    .regex(/^\d{1,15}$/, 'must be a cursor from an earlier page (digits)').transform(Number).optional().default(0)),
  limit: page.limit,
});
export type ChangesQuery = z.output<typeof ChangesQuery>;

/** GET /feed.atom: the report list's filters. */
export const FeedQuery = z.strictObject(reportFilters).refine(...fromNotAfterTo);
export type FeedQuery = z.output<typeof FeedQuery>;

/** The charts an embed can show. */
export const EMBED_CHARTS = ['main', 'estimates'] as const;

/** GET /embed: one chart of a view, with the dashboard's names for it. */
export const EmbedQuery = z.strictObject({
  ...partyMetric,
  chart: one(enumOf(EMBED_CHARTS).optional().default('main')),
  source: many,
  count_source: many,
  from: one(day.optional()),
  to: one(day.optional()),
  period_start: one(day.optional()),
}).refine(...fromNotAfterTo);
export type EmbedQuery = z.output<typeof EmbedQuery>;
/** POST /api/import/preview. */
export const ImportPreviewQuery = z.strictObject({
  recipe: one(RecipeName.optional()),
  rows: one(int(1, 100).optional().default(20)),
});

/** GET /api/recipes/:name: `download=1` answers the recipe document alone, as a file. */
export const RecipeQuery = z.strictObject({ download: flag });

/** GET /api/audit: newest first; `account` matches who acted or whom it concerned, by name. */
export const AuditQuery = z.strictObject({
  event: one(z.enum(AUDIT_EVENTS, { error: `must be one of ${AUDIT_EVENTS.join(', ')}, given once` }).optional()),
  account: one(z.string({ error: 'must be text, given once' }).max(100, 'at most 100 characters').refine(noControl, NO_CONTROL).optional()),
  from: one(day.optional()),
  to: one(day.optional()),
  limit: one(int(1, 500).optional().default(50)),
  offset: one(int(0, 1_000_000_000).optional().default(0)),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type AuditQuery = z.output<typeof AuditQuery>;
