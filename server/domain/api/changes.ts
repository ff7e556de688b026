// The change feed (DESIGN.md "Open interfaces"): every revision in commit order, for mirrors.
import { z } from 'zod';
import { ACTIONS, Report } from './report';
import { answer, id, moment } from './registry';

/** A position in the change feed: opaque to clients (today the revision's row id, in decimal). */
export const Cursor = z.string().regex(/^\d{1,15}$/);

const entry = {
  /** Pass as `after` to read what came after this change. */
  cursor: Cursor,
  action: z.enum(ACTIONS),
  /** The report's id. */
  id: id(),
  /** The report's revision this change made. */
  revision: id(),
};

/** A change of a report anyone may read, or any change to a signed-in reader: the whole report as it
 *  was after the change; `who` only to signed-in readers. */
export const Change = answer('Change', z.strictObject({
  ...entry,
  at: moment(),
  report: Report,
  who: z.string().optional(),
}), 'A change and the whole report as it was after it; `who` is given to signed-in readers only.');

/** A change of a report that is deleted now, as anonymous readers see it: which report, which revision. */
export const HiddenChange = answer('HiddenChange', z.strictObject(entry),
  'To anonymous readers, a change of a report that is deleted now (the delete itself included) is only its id and revision.');

export const ChangesPage = answer('ChangesPage', z.strictObject({
  items: z.array(z.union([Change, HiddenChange])),
  /** The cursor to ask for next (the last item's, or `after` itself on an empty page). */
  next: Cursor,
  /** More changes are there already: ask again at once. */
  more: z.boolean(),
}), 'Changes after the cursor in commit order; a change is never skipped or repeated between pages.');

export type Change = z.infer<typeof Change>;
export type HiddenChange = z.infer<typeof HiddenChange>;
export type ChangesPage = z.infer<typeof ChangesPage>;
