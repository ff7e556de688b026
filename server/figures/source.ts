// What the figures read from the database for one party and metric: the summary tables kept by
// triggers and the partial indexes of tallies (server/db/store/figure-reads.ts implements it).
import type { Report } from '../domain/report-fields';
import type { Bucket, TallyFields } from '../domain/figure-types';

/** A window of days; either end may be open. */
export interface Window { from?: string; to?: string }

/** One day's sums of the counted events, and how many events that day has. */
export interface DayRow { date: string; total: number; low: number; high: number; events: number }

/** A tally as the figures need it: its series, its sort keys (date, reported-on day, id) and its figure;
 *  with its shown fields where the read had them at hand. */
export interface TallyRef { id: number; source: string; period_start: string; date: string; rep: string; fig: number; fields?: TallyFields }

/** The reads for one party and metric. `source` lists the shown sources (undefined or empty: all). */
export interface FigureSource {
  /** The counted events summed per day, ordered by day; `countSource` limits whose incidents count. */
  daily(countSource: string[] | undefined): DayRow[];
  /** How many live tallies are dated in the window, counting no further than `limit`. */
  countTallies(win: Window, source: string[] | undefined, limit: number): number;
  /** The live tallies dated in the window, in any order. */
  tallies(win: Window, source: string[] | undefined): TallyRef[];
  /** How many (series, bucket) pairs have a bucket starting in startFrom … (before) startBefore,
   *  counting no further than `limit`. */
  countBuckets(bucket: Bucket, startFrom: string | undefined, startBefore: string | undefined, source: string[] | undefined, limit: number): number;
  /** The last tally in series order of each such (series, bucket) pair, with its fields. */
  bucketEnds(bucket: Bucket, startFrom: string | undefined, startBefore: string | undefined, source: string[] | undefined): TallyRef[];
  /** The last tally of a series (in series order) dated before `date`. */
  tallyBefore(source: string, periodStart: string, date: string): TallyRef | null;
  /** The last tally of a series (in series order) dated from … to. */
  lastTallyIn(source: string, periodStart: string, from: string, to: string): TallyRef | null;
  /** Every series with its last tally's date, ordered by source (code points), then period_start. */
  series(source: string[] | undefined): { source: string; period_start: string; last_date: string }[];
  /** Each live tally in the window lower than the one before it in its series. */
  decreases(win: Window, source: string[] | undefined): { fields: TallyFields; previous: number; previous_id: number; previous_date: string }[];
  /** The shown fields of the live tallies with these ids. */
  tallyFields(ids: readonly number[]): TallyFields[];
  /** The estimates in the window, by date, then id. */
  estimates(win: Window, source: string[] | undefined): Report[];
}
