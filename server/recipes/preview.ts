// The import dialog's live preview: the first reports exactly as they would be stored, every rejection
// of the whole file (so an error far down shows before the import does), the counts, and each column
// with a few of its values for the recipe editor.
import type { HxlMapping } from '../domain/hxl';
import type { Recipe } from '../domain/recipe';
import type { RecipeInput } from './input';
import { mapFile, type MapStats, type MappedRecord } from './map-file';
import { cellText } from './map-row';

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
}

const SAMPLES = 5;
const MAX_COLUMNS = 200;
/** A file with every row wrong would otherwise hold one object per row in memory for a page to list. */
export const MAX_PREVIEW_REJECTIONS = 1000;

/** Maps the whole file with the recipe and keeps the first `n` reports and the rejections. Throws a
 *  `RecipeFileError` as `mapFile` does. */
export async function preview(recipe: Recipe, input: RecipeInput, n = 20): Promise<Preview> {
  const samples = new Map<string, Set<string>>();
  const mapped = mapFile(recipe, input, {
    onRow: (row) => {
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
    },
  });
  const reports: Preview['reports'] = [];
  const rejected: Preview['rejected'] = [];
  for await (const r of mapped.records) {
    if (r.ok) {
      if (reports.length < n) reports.push(r);
    } else if (rejected.length < MAX_PREVIEW_REJECTIONS) {
      rejected.push(r);
    }
  }
  const columns = [...samples].map(([name, s]) => ({ name, samples: [...s] }));
  return { reports, rejected, stats: mapped.stats, columns, hxl: mapped.file.hxl };
}
