// What an import reads (records mapped from a file: our CSV, or a recipe's), what it answers, and how
// it tells its progress. The mapping and the storing meet here (decision 0008).
import type { FieldErrors, ReportInput, ReportInputField } from '../domain/report';
import type { ImportProgress } from '../domain/api/catalogue';
import type { Author } from '../db/store/reports';

/** One record of a file, mapped: a report input to store (with the id it names, if any), or the
 *  reasons it cannot be. `line` is the CSV line, the sheet's row or the JSON record's index. */
export type MappedRecord =
  | { ok: true; line: number; id?: number | null; input: ReportInput; template?: string }
  | { ok: false; line: number; fields: FieldErrors; column?: string; cell?: string; template?: string };

// The answers' shapes are zod schemas in server/domain/api/catalogue.ts; these are their types.
export type { ImportPhase, ImportProgress, ImportResult, Rejected } from '../domain/api/catalogue';

export interface ImportOptions {
  /** Who imports: an account, the bootstrap token, or (a plain name) a process of the server's own. */
  who: Author | string;
  /** Answer as if storing, store nothing. */
  dryRun?: boolean;
  /** Report fields that identify a report across publications (a recipe's key). */
  keyFields?: readonly ReportInputField[];
  /** At or above this many reports to insert or update, the bulk path stores them (TALLY_BULK_ROWS). */
  bulkRows?: number;
  onProgress?: (p: ImportProgress) => void;
  /** How much of the file is read (0–1), when the reader knows: the read phase's time left. */
  readFraction?: () => number;
  /** Test hook: called once everything is written, before the commit (holds the transaction open). */
  beforeCommit?: () => void;
}


/** Fewer reports to insert or update than this take the per-row path. */
export const DEFAULT_BULK_ROWS = 20_000;
