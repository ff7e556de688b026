// The defaults of the derived figures (DESIGN.md "Derived figures") and the types of their answers.
// The answers' shapes are zod schemas in api/figures.ts; their types are re-exported here type-only
// (erased by the compiler), so the dashboard's first load, which imports this module, takes no zod.
// Imports nothing from Node, the database or express.

export type {
  Bucket, Claim, CompareCount, CompareDerivedRow, CompareResult, CompareSourceRow, CountedEvent, Decrease,
  DisagreementGroup, DisagreementPair, DisagreementsResult, EventsPage, Increment, PairSummary, RunningPoint,
  SeriesResult, TallyFields,
} from './api/figures';

export const BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;

/** No chart of an answer carries more points than this unless asked (DESIGN "Size"). */
export const DEFAULT_MAX_POINTS = 5000;
/** Two tallies are compared when at most this many days apart, unless asked otherwise. */
export const DEFAULT_DISAGREEMENT_DAYS = 7;
/** The most `days` a disagreement query may ask for: compared pairs are kept up to a month apart. */
export const MAX_DISAGREEMENT_DAYS = 31;
/** A compared pair is flagged when its figures differ by more than this share of the larger. */
export const DEFAULT_DISAGREEMENT_RATIO = 0.1;
/** Paged lists: the default and largest page. */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

export interface SeriesOptions {
  /** Sources whose tallies and estimates are shown (default: all). */
  source?: string[];
  /** Sources whose incidents are counted (default: all). */
  count_source?: string[];
  /** Window of the running total, claims, increments, decreases and estimates (by `date`). */
  from?: string;
  to?: string;
  /** Cap on the points of each chart (default DEFAULT_MAX_POINTS). */
  max_points?: number;
}

/** The fields of a tally that charts and tables show beside its count; the whole report (words, link)
 *  is one request away (`GET /api/reports/:id`), so a series answer of thousands of claims stays small. */
export const TALLY_FIELDS = [
  'id', 'source', 'party', 'metric', 'kind', 'date', 'date_precision', 'period_start', 'value', 'qualifier', 'low', 'high', 'reported_on',
] as const;

export interface CompareOptions { source?: string[]; count_source?: string[]; year?: number }

export interface DisagreementOptions {
  source?: string[];
  period_start?: string;
  days?: number;
  ratio?: number;
}
