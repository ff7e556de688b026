// The import dialog's live preview: the first reports exactly as they would be stored, every rejection
// of the whole file (so an error far down shows before the import does), the counts, and each column
// with a few of its values for the recipe editor. A recipe that does not fit the file yet (a column it
// names is missing, no template reads a figure: the editor's first state) is a `problem`, and the
// columns are still sampled, so the editor can offer them.
import { isHxlRow, type HxlMapping } from '../domain/hxl';
import type { Recipe } from '../domain/recipe';
import type { FieldErrors } from '../domain/report';
import { RecipeFileError } from './errors';
import type { RecipeInput, SourceRow } from './input';
import { mapRows, type MapStats, type MappedRecord } from './map-file';
import { cellText } from './map-row';
import { readRows } from './read';

export interface ColumnSample {
  name: string;
  /** Up to `SAMPLES` distinct non-empty values, in file order, each cut to 100 characters. */
  samples: string[];
}

export interface Preview {
  reports: Extract<MappedRecord, { ok: true }>[];
  /** Every rejection up to `MAX_PREVIEW_REJECTIONS`; `stats.rejected` counts them all. */
  rejected: Extract<MappedRecord, { ok: false }>[];
  stats: MapStats;
  columns: ColumnSample[];
  hxl: HxlMapping | null;
  /** Why the recipe cannot map this file as it is (recipe paths in `fields`); null when it can. */
  problem: { message: string; line: number | null; fields: FieldErrors } | null;
}

const SAMPLES = 5;
const MAX_COLUMNS = 200;
/** A file with every row wrong would otherwise hold one object per row in memory for a page to list. */
export const MAX_PREVIEW_REJECTIONS = 1000;

/** Maps the whole file with the recipe and keeps the first `n` reports and the rejections. Throws a
 *  `RecipeFileError` for a file that cannot be read as the recipe's format at all. */
export async function preview(recipe: Recipe, input: RecipeInput, n = 20): Promise<Preview> {
  const samples = new Map<string, Set<string>>();
  const tabular = recipe.format === 'csv' || recipe.format === 'xlsx';
  let first = true;
  const sample = (row: SourceRow) => {
    const hxlRow = first && tabular && isHxlRow(row.cells);
    first = false;
    if (hxlRow) return;
    for (const [name, cell] of Object.entries(row.cells)) {
      let s = samples.get(name);
      if (!s) {
        if (samples.size >= MAX_COLUMNS) continue;
        s = new Set();
        samples.set(name, s);
      }
      const t = cellText(cell);
      if (s.size < SAMPLES && t !== '') s.add(t.slice(0, 100));
    }
  };
  const rows = readRows(recipe, input);
  async function* sampled(): AsyncGenerator<SourceRow> {
    for (;;) {
      const r = await rows.next();
      if (r.done) return;
      sample(r.value);
      yield r.value;
    }
  }
  const mapped = mapRows(recipe, sampled());
  const reports: Preview['reports'] = [];
  const rejected: Preview['rejected'] = [];
  let problem: Preview['problem'] = null;
  try {
    for await (const r of mapped.records) {
      if (r.ok) {
        if (reports.length < n) reports.push(r);
      } else if (rejected.length < MAX_PREVIEW_REJECTIONS) {
        rejected.push(r);
      }
    }
  } catch (e) {
    // A file the reader cannot read is the caller's error; a recipe that does not fit is this preview's answer.
    if (!(e instanceof RecipeFileError) || !e.fields) throw e;
    problem = { message: e.message, line: e.line ?? null, fields: e.fields };
    try {
      for (let r = await rows.next(); !r.done; r = await rows.next()) sample(r.value);
    } catch {
      // The columns sampled so far are what there is.
    }
  }
  const columns = [...samples].map(([name, s]) => ({ name, samples: [...s] }));
  return { reports, rejected, stats: mapped.stats, columns, hxl: mapped.file.hxl, problem };
}
