// The report as the API answers it, its pages and its history (DESIGN.md "The report").
// Imports only zod and the plain lists of report-fields.ts.
import { z } from 'zod';
import { DATE_PRECISIONS, KINDS, METRICS, QUALIFIERS } from '../report-fields';
import { REVISION_ACTORS } from '../accounts';
import { answer, day, id, moment, whole } from './registry';

const text = (max: number) => z.string().min(1).max(max);

/** A stored report: every field present, `null` where absent. */
export const Report = answer('Report', z.strictObject({
  id: id(),
  date: day(),
  date_precision: z.enum(DATE_PRECISIONS),
  period_start: day().nullable(),
  source: text(200),
  via: text(200).nullable(),
  party: text(200),
  metric: z.enum(METRICS),
  kind: z.enum(KINDS),
  value: whole().nullable(),
  qualifier: z.enum(QUALIFIERS),
  low: whole().nullable(),
  high: whole().nullable(),
  location: text(200).nullable(),
  event: text(200).nullable(),
  reported_on: day().nullable(),
  url: text(2000).nullable(),
  quote: text(2000).nullable(),
  notes: text(2000).nullable(),
  created_at: moment(),
  updated_at: moment(),
  revision: id(),
}), 'One number from one source, as stored.');
export type Report = z.infer<typeof Report>;

/** GET /api/reports/:id: a deleted report (shown to writers only) says so. */
export const ReportRead = answer('ReportRead', Report.extend({ deleted: z.literal(true).optional() }),
  'A report; `deleted: true` only on a deleted report, which only those who may write can read.');

export const ReportPage = answer('ReportPage', z.strictObject({
  items: z.array(Report),
  total: whole(),
  limit: id(),
  offset: whole(),
}));
export type ReportPage = z.infer<typeof ReportPage>;

export const ACTIONS = ['create', 'update', 'delete', 'restore'] as const;
export type Action = (typeof ACTIONS)[number];

/** One stored change of a report: who made it, when, and the whole report as it was after it. */
export const Revision = answer('Revision', z.strictObject({
  revision: id(),
  action: z.enum(ACTIONS),
  /** The name shown: the account's name at the time, or what the writer was called then. */
  who: z.string(),
  at: moment(),
  /** What made it: an account, the bootstrap token, the server's own process, or (before accounts)
   *  the shared token. */
  actor: z.enum(REVISION_ACTORS),
  account_id: id().nullable(),
  account_name: z.string().nullable(),
  /** Made under the shared token, before accounts: `who` is the name typed at sign-in, not an account. */
  legacy: z.boolean(),
  report: Report,
}));
export type Revision = z.infer<typeof Revision>;

export const History = answer('History', z.strictObject({ items: z.array(Revision) }), 'Every revision of a report, oldest first.');
