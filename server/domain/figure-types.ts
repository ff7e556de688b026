// The shapes of the derived-figure answers (DESIGN.md "Derived figures") and their defaults: one
// definition shared by the server, which builds them, and the page, which shows them.
// Imports nothing from Node, the database or express.
import type { Report } from './report-fields';

export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const BUCKETS: readonly Bucket[] = ['day', 'week', 'month', 'quarter', 'year'];

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

export interface RunningPoint { date: string; total: number; low: number; high: number }

/** The fields of a tally that charts and tables show beside its count; the whole report (words, link)
 *  is one request away (`GET /api/reports/:id`), so a series answer of thousands of claims stays small. */
export const TALLY_FIELDS = [
  'id', 'source', 'party', 'metric', 'kind', 'date', 'date_precision', 'period_start', 'value', 'qualifier', 'low', 'high', 'reported_on',
] as const;
export type TallyFields = Pick<Report, (typeof TALLY_FIELDS)[number]>;
/** A tally against what was counted over its period; `gap` = figure − computed. */
export interface Claim extends TallyFields { computed: number; gap: number }
export interface Increment { source: string; period_start: string; from_date: string; date: string; value: number; derived: true }
/** A tally lower than the one before it in its series; `previous_id` and `previous_date` name that one. */
export interface Decrease extends TallyFields { previous: number; previous_id: number; previous_date: string }
export interface SeriesResult {
  running: RunningPoint[];
  claims: Claim[];
  increments: Increment[];
  decreases: Decrease[];
  estimates: Report[];
  bucket: Bucket;
}

/** One counted event: its day, figure and band, its chosen report and the ids of its other reports. */
export interface CountedEvent { date: string; figure: number; low: number; high: number; chosen: Report; other_ids: number[] }
export interface EventsPage { items: CountedEvent[]; total: number; limit: number; offset: number }

export interface CompareOptions { source?: string[]; count_source?: string[]; year?: number }

/** A source with year-start series: each figure is one tally (`*_id`, dated `*_to`). */
export interface CompareSourceRow {
  source: string;
  so_far: number | null;
  so_far_id: number | null;
  so_far_to: string | null;
  prev_same_day: number | null;
  prev_same_day_id: number | null;
  prev_same_day_to: string | null;
  prev_full: number | null;
  prev_full_id: number | null;
  prev_full_to: string | null;
  /** The Y−1 tally shown is dated 31 December. */
  prev_full_is_full: boolean;
}

/** A series that does not start on 1 January: each figure is the difference between the tally `*_id`
 *  (dated `*_to`) and the tally `*_base_id` it starts after (`*_from` the day after that one), or, when
 *  the series starts inside the span, its tally counted from zero (`*_base_id` null, `*_from` its
 *  period_start). Null when a needed tally is missing or the base is not in the last 7 days of its year. */
export interface CompareDerivedRow {
  source: string;
  period_start: string;
  derived: true;
  so_far: number | null;
  so_far_from: string | null;
  so_far_to: string | null;
  so_far_id: number | null;
  so_far_base_id: number | null;
  prev_same_day: number | null;
  prev_same_day_from: string | null;
  prev_same_day_to: string | null;
  prev_same_day_id: number | null;
  prev_same_day_base_id: number | null;
  prev_full: number | null;
  prev_full_from: string | null;
  prev_full_to: string | null;
  prev_full_id: number | null;
  prev_full_base_id: number | null;
}

/** The running total of counted incidents over the same spans (null where the span is: no year, or
 *  no `day`); `events`: how many counted events the view has in all (0: nothing is counted). */
export interface CompareCount {
  so_far: number | null;
  so_far_from: string | null;
  so_far_to: string | null;
  prev_same_day: number | null;
  prev_same_day_from: string | null;
  prev_same_day_to: string | null;
  prev_full: number | null;
  prev_full_from: string | null;
  prev_full_to: string | null;
  events: number;
}

export interface CompareResult {
  year: number | null;
  /** The latest date in the year of a shown tally or a counted event; null when there is none. */
  day: string | null;
  /** The same calendar day in year − 1 (29 February → 28 February); null when `day` is. */
  prev_day: string | null;
  sources: CompareSourceRow[];
  derived: CompareDerivedRow[];
  count: CompareCount;
}

export interface DisagreementOptions {
  source?: string[];
  period_start?: string;
  days?: number;
  ratio?: number;
}
/** A flagged pair: `a` is the tally of the source first in code-point order, `b` the other's. */
export interface DisagreementPair { a: Report; b: Report; days: number; difference: number; ratio: number }
export interface PairSummary { a_id: number; b_id: number; days: number; difference: number; ratio: number }
/** Per two sources (sorted) and period_start: compared and flagged pairs, and the largest flagged. */
export interface DisagreementGroup {
  sources: [string, string];
  period_start: string;
  compared: number;
  flagged: number;
  largest: PairSummary | null;
}
export interface DisagreementsResult {
  items: DisagreementPair[];
  total: number;
  limit: number;
  offset: number;
  groups: DisagreementGroup[];
  groups_total: number;
  groups_limit: number;
  groups_offset: number;
}
