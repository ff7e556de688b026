// The one error a recipe's file can raise before or while its rows are mapped: a file that is not what the
// recipe says (not CSV, not JSON, no such sheet, not UTF-8) or a recipe that does not fit the file (a
// column it names is missing, a template reads no figure). Row faults are not errors: they are
// rejections (MappedRecord with ok: false) so that every one of them can be shown at once.
import type { FieldErrors } from '../domain/report';

export class RecipeFileError extends Error {
  override readonly name = 'RecipeFileError';
  constructor(
    message: string,
    /** The line, sheet row or record where the fault is, when it is in one place. */
    readonly line?: number,
    /** Recipe paths at fault ("fields.date.column"), when the recipe does not fit the file. */
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
}
