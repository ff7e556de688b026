// The one error shape of every failure (DESIGN.md "Errors and limits").
import { z } from 'zod';
import { FieldErrors, MapStats, RejectedRow } from './catalogue';
import { Report } from './report';
import { SavedRecipe } from './recipes';
import { answer, whole } from './registry';

export const ERROR_CODES = [
  'validation_failed', 'invalid_json', 'invalid_csv', 'unauthorized', 'forbidden', 'not_found', 'conflict',
  'payload_too_large', 'unsupported_media_type', 'import_rejected', 'rate_limited', 'internal', 'busy',
  'insufficient_storage',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBody = answer('Error', z.strictObject({
  error: z.enum(ERROR_CODES),
  message: z.string(),
  fields: FieldErrors.optional(),
  /** invalid_csv: the line of the file at fault. */
  line: whole().optional(),
  /** conflict: the report (or the saved recipe) as it is now. */
  current: z.union([Report, SavedRecipe]).optional(),
  /** internal: the id of the request in the server's log. */
  request_id: z.string().optional(),
  // import_rejected: what the import would have done, and every rejected row.
  inserted: whole().optional(),
  updated: whole().optional(),
  unchanged: whole().optional(),
  rejected: z.array(RejectedRow).optional(),
  /** import_rejected of a recipe's import: how the file's rows were mapped. */
  stats: MapStats.optional(),
}), 'Every failure: a code, a sentence, and every field at fault at once (`fields`), with what the code needs besides.');
export type ErrorBody = z.infer<typeof ErrorBody>;
