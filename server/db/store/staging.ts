// An import's staging table: valid rows wait here (SQLite's temp file, not the JavaScript heap) while the
// file is read (decision 0002).
import type { StoreContext } from './statements';

export interface StagedRow { line: number; id: number | null; json: string }
export interface Staging {
  add(rows: readonly StagedRow[]): void;
  rows(pageSize?: number): Generator<StagedRow>;
  drop(): void;
}

let stagingCounter = 0;

export function importStaging({ db }: StoreContext) {
  return {
    /** A per-connection temporary table holding an import's valid rows while the file is read, so a
     *  large import does not sit in the JavaScript heap. Temp tables live in SQLite's temp file. */
    createStaging(): Staging {
      const name = `import_staging_${++stagingCounter}`;
      db.exec(`CREATE TEMP TABLE ${name} (line INTEGER NOT NULL, id INTEGER, json TEXT NOT NULL)`);
      const insert = db.prepare(`INSERT INTO temp.${name} (line, id, json) VALUES (?, ?, ?)`);
      const page = db.prepare(`SELECT rowid, line, id, json FROM temp.${name} WHERE rowid > ? ORDER BY rowid LIMIT ?`);
      return {
        add: db.transaction((rows: readonly StagedRow[]) => {
          for (const r of rows) insert.run(r.line, r.id, r.json);
        }),
        *rows(pageSize = 2000): Generator<StagedRow> {
          let after = 0;
          for (;;) {
            const chunk = page.all(after, pageSize) as (StagedRow & { rowid: number })[];
            if (chunk.length === 0) return;
            yield* chunk;
            after = chunk[chunk.length - 1]!.rowid;
          }
        },
        drop: () => db.exec(`DROP TABLE IF EXISTS temp.${name}`),
      };
    },
  };
}
