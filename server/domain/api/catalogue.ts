// The catalogue's answers: health, facets, the session, renaming, and the CSV import's result.
import { z } from 'zod';
import { DATE_PRECISIONS, KINDS, METRICS, QUALIFIERS } from '../report-fields';
import { answer, whole } from './registry';

export const Health = answer('Health', z.union([
  // Anonymously on a private instance: `{ ok: true }` alone, no counts.
  z.strictObject({ ok: z.literal(true), reports: whole().optional() }),
  z.strictObject({ ok: z.literal(false), storage: z.literal('full'), message: z.string(), reports: whole() }),
]), '`ok: false` (with 503) after a write was refused for want of disk space, until a write succeeds. On a private instance an anonymous request gets `{ ok: true }` alone.');
export type Health = z.infer<typeof Health>;

const named = z.strictObject({ name: z.string(), reports: whole() });
export const Facets = answer('Facets', z.strictObject({
  parties: z.array(z.strictObject({ name: z.string(), reports: whole(), metrics: z.partialRecord(z.enum(METRICS), whole()) })),
  sources: z.array(named),
  locations: z.array(named),
  metrics: z.array(z.enum(METRICS)),
  kinds: z.array(z.enum(KINDS)),
  qualifiers: z.array(z.enum(QUALIFIERS)),
  date_precisions: z.array(z.enum(DATE_PRECISIONS)),
}), 'Distinct parties (with counts per metric), sources and locations of live reports, and the enum values.');
export type Facets = z.infer<typeof Facets>;

export const RenameResult = answer('RenameResult', z.strictObject({
  field: z.enum(['source', 'party']), from: z.string(), to: z.string(), reports: whole(), dry_run: z.boolean(),
}), 'How many live reports were (or, in a dry run, would be) renamed.');
export type RenameResult = z.infer<typeof RenameResult>;

/** Every bad field of one rejected row: field name → messages. */
export const FieldErrors = answer('FieldErrors', z.record(z.string(), z.array(z.string())));

export const RejectedRow = answer('RejectedRow', z.strictObject({
  line: whole(),
  fields: FieldErrors,
  /** A recipe's import: the column, the cell and the report template at fault. */
  column: z.string().optional(),
  cell: z.string().optional(),
  template: z.string().optional(),
}), '`line`: the CSV line where the record starts, the sheet\'s row or the JSON record\'s index; a recipe\'s import also names the `column`, `cell` and `template`.');
export type Rejected = z.infer<typeof RejectedRow>;

export const ImportCounts = z.strictObject({
  inserted: whole(),
  updated: whole(),
  unchanged: whole(),
  rejected: z.array(RejectedRow),
});
/** What an import did (or would do), before the route adds `dry_run`. */
export type ImportResult = z.infer<typeof ImportCounts>;

/** Counts kept while a file is mapped. */
export const MapStats = answer('MapStats', z.strictObject({
  rows: whole(), blank: whole(), filtered: whole(), empty_figures: whole(), reports: whole(), rejected: whole(),
}), '`rows` under the header, `blank` ones, `filtered` out by `where`, templates with `empty_figures`, reports made and rejected.');
export type MapStats = z.infer<typeof MapStats>;

/** A report as an import would store it: every input field, null where absent. */
export const MappedReport = answer('MappedReport', z.strictObject({
  line: whole(),
  template: z.string().nullable(),
  report: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
}));

export const ImportAnswer = answer('ImportResult', ImportCounts.extend({
  dry_run: z.boolean(),
  /** Recipe (and HXL) imports: how the file's rows were mapped; a dry run also gives the first reports. */
  stats: MapStats.optional(),
  reports: z.array(MappedReport).optional(),
}));
/** POST /api/import's answer: the result and whether it was a dry run. */
export type ImportAnswer = z.infer<typeof ImportAnswer>;

/** An import's phases: `read`, the file read and checked; `store`, its rows; then for a bulk import
 *  `index`, the indexes, revisions, search index and facet counts written after its rows; `summaries`,
 *  the figures' summary tables; `pairs`, the compared tallies; last `commit`, written to disk. */
export const IMPORT_PHASES = ['read', 'store', 'index', 'summaries', 'pairs', 'commit', 'done'] as const;

/** Where an import is: its phase, how far (`done` of `total` `unit`s; while the file is read its total
 *  is not known, and `fraction` says how much of it is read, when the reader knows), since when (ms since
 *  the epoch) the phase runs. */
export const ImportProgress = z.strictObject({
  phase: z.enum(IMPORT_PHASES),
  done: whole(),
  total: whole().nullable(),
  unit: z.enum(['rows', 'reports', 'steps', 'tallies']),
  fraction: z.number().min(0).max(1).optional(),
  started: whole(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export const ImportProgressAnswer = answer('ImportProgress', z.union([
  z.strictObject({ running: z.literal(false) }),
  ImportProgress.extend({ running: z.literal(true), who: z.string(), seconds_left: z.number().nullable() }),
]), 'The import under way, if any, and about how many seconds it still needs.');
export type ImportProgressAnswer = z.infer<typeof ImportProgressAnswer>;

/** GET /api/openapi.json: the description itself (its own schema is the OpenAPI 3.1 specification's). */
export const OpenApiDocument = answer('OpenApiDocument', z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
}), 'An OpenAPI 3.1 document.');
