// The shapes of the derived-figure answers (DESIGN.md "Derived figures"): the series, the counted
// events, the same-period comparison and the disagreements. figure-types.ts re-exports their types
// (type-only, so the dashboard's first load takes no zod) beside the plain defaults.
import { z } from 'zod';
import { BUCKETS, TALLY_FIELDS } from '../figure-types';
import { Report } from './report';
import { answer, day, id, whole } from './registry';

export const Bucket = z.enum(BUCKETS);

export const RunningPoint = answer('RunningPoint', z.strictObject({ date: day(), total: whole(), low: whole(), high: whole() }),
  'The running total on a day: the sum of counted events from the window\'s start, with its low–high band.');

const tallyMask = Object.fromEntries(TALLY_FIELDS.map((f) => [f, true])) as { [K in (typeof TALLY_FIELDS)[number]]: true };
/** The fields of a tally that charts and tables show beside its count. */
export const TallyFields = Report.pick(tallyMask);

export const Claim = answer('Claim', TallyFields.extend({ computed: whole(), gap: z.number().int() }),
  'A tally against what was counted over its period; `gap` = figure − computed.');

export const Increment = answer('Increment', z.strictObject({
  source: z.string(), period_start: day(), from_date: day(), date: day(), value: z.number().int(), derived: z.literal(true),
}), 'The difference between a tally and the one before it in its series.');

export const Decrease = answer('Decrease', TallyFields.extend({ previous: whole(), previous_id: id(), previous_date: day() }),
  'A tally lower than the one before it in its series (`previous_id`, dated `previous_date`).');

export const SeriesResult = answer('SeriesResult', z.strictObject({
  running: z.array(RunningPoint),
  claims: z.array(Claim),
  increments: z.array(Increment),
  decreases: z.array(Decrease),
  estimates: z.array(Report),
  bucket: Bucket,
}));

export const CountedEvent = answer('CountedEvent', z.strictObject({
  date: day(), figure: whole(), low: whole(), high: whole(), chosen: Report, other_ids: z.array(id()),
}), 'One counted event: its day, figure and band, its chosen report and the ids of its other reports.');

export const EventsPage = answer('EventsPage', z.strictObject({ items: z.array(CountedEvent), total: whole(), limit: id(), offset: whole() }));

const figure = whole().nullable();
const dayOrNull = day().nullable();
const idOrNull = id().nullable();

export const CompareSourceRow = answer('CompareSourceRow', z.strictObject({
  source: z.string(),
  so_far: figure, so_far_id: idOrNull, so_far_to: dayOrNull,
  prev_same_day: figure, prev_same_day_id: idOrNull, prev_same_day_to: dayOrNull,
  prev_full: figure, prev_full_id: idOrNull, prev_full_to: dayOrNull,
  prev_full_is_full: z.boolean(),
}), 'A source with year-start series: each figure is one tally (`*_id`, dated `*_to`).');

const signed = z.number().int().nullable();
export const CompareDerivedRow = answer('CompareDerivedRow', z.strictObject({
  source: z.string(),
  period_start: day(),
  derived: z.literal(true),
  so_far: signed, so_far_from: dayOrNull, so_far_to: dayOrNull, so_far_id: idOrNull, so_far_base_id: idOrNull,
  prev_same_day: signed, prev_same_day_from: dayOrNull, prev_same_day_to: dayOrNull, prev_same_day_id: idOrNull, prev_same_day_base_id: idOrNull,
  prev_full: signed, prev_full_from: dayOrNull, prev_full_to: dayOrNull, prev_full_id: idOrNull, prev_full_base_id: idOrNull,
}), 'A series that does not start on 1 January: each figure is the difference between two of its tallies, with the days it covers.');

export const CompareCount = answer('CompareCount', z.strictObject({
  so_far: figure, so_far_from: dayOrNull, so_far_to: dayOrNull,
  prev_same_day: figure, prev_same_day_from: dayOrNull, prev_same_day_to: dayOrNull,
  prev_full: figure, prev_full_from: dayOrNull, prev_full_to: dayOrNull,
  events: whole(),
}), 'The running total of counted incidents over the same spans.');

export const CompareResult = answer('CompareResult', z.strictObject({
  year: z.number().int().min(1).max(9999).nullable(),
  day: dayOrNull,
  prev_day: dayOrNull,
  sources: z.array(CompareSourceRow),
  derived: z.array(CompareDerivedRow),
  count: CompareCount,
}));

const ratio = z.number().min(0).max(1);
export const DisagreementPair = answer('DisagreementPair', z.strictObject({ a: Report, b: Report, days: whole(), difference: whole(), ratio }),
  'A flagged pair: `a` is the tally of the source first in code-point order, `b` the other\'s.');
export const PairSummary = answer('PairSummary', z.strictObject({ a_id: id(), b_id: id(), days: whole(), difference: whole(), ratio }));
export const DisagreementGroup = answer('DisagreementGroup', z.strictObject({
  sources: z.tuple([z.string(), z.string()]),
  period_start: day(),
  compared: whole(),
  flagged: whole(),
  largest: PairSummary.nullable(),
}), 'Per two sources (sorted) and period start: pairs compared and flagged, and the largest flagged.');

export const DisagreementsResult = answer('DisagreementsResult', z.strictObject({
  items: z.array(DisagreementPair),
  total: whole(),
  limit: id(),
  offset: whole(),
  groups: z.array(DisagreementGroup),
  groups_total: whole(),
  groups_limit: id(),
  groups_offset: whole(),
}));

export type Bucket = z.infer<typeof Bucket>;
export type RunningPoint = z.infer<typeof RunningPoint>;
export type TallyFields = z.infer<typeof TallyFields>;
export type Claim = z.infer<typeof Claim>;
export type Increment = z.infer<typeof Increment>;
export type Decrease = z.infer<typeof Decrease>;
export type SeriesResult = z.infer<typeof SeriesResult>;
export type CountedEvent = z.infer<typeof CountedEvent>;
export type EventsPage = z.infer<typeof EventsPage>;
export type CompareSourceRow = z.infer<typeof CompareSourceRow>;
export type CompareDerivedRow = z.infer<typeof CompareDerivedRow>;
export type CompareCount = z.infer<typeof CompareCount>;
export type CompareResult = z.infer<typeof CompareResult>;
export type DisagreementPair = z.infer<typeof DisagreementPair>;
export type PairSummary = z.infer<typeof PairSummary>;
export type DisagreementGroup = z.infer<typeof DisagreementGroup>;
export type DisagreementsResult = z.infer<typeof DisagreementsResult>;
