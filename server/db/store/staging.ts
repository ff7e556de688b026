// An import's staging table: valid rows wait here, one column per field (SQLite's temp file, not the
// JavaScript heap) while the file is read (decision 0002); both ways of storing them read it.
import { REPORT_INPUT_FIELDS, type ReportInput } from '../../domain/report';
import type { StoreContext } from './statements';

export interface StagedRow { line: number; id: number | null; input: ReportInput }
/** A staged row as read back: `seq` (its rowid) is its place in the file. A recipe's templates make
 *  several reports of one line, so the line alone does not name a staged row. */
export interface StagedRowAt extends StagedRow { seq: number }
export interface Staging {
  /** The staging table's name (temp schema), for the bulk path's set-based statements. */
  readonly table: string;
  add(rows: readonly StagedRow[]): void;
  count(): number;
  /** The staged rows that change something (to insert, or to update the report `id`), in file order. */
  changes(pageSize?: number): Generator<StagedRowAt>;
  drop(): void;
}

let stagingCounter = 0;

export function importStaging({ db }: StoreContext) {
  return {
    /** A per-connection temporary table holding an import's valid rows while the file is read, so a
     *  large import does not sit in the JavaScript heap. */
    createStaging(): Staging {
      const table = `import_rows_${++stagingCounter}`;
      db.exec(`CREATE TEMP TABLE ${table} (line INTEGER NOT NULL, id INTEGER, ${REPORT_INPUT_FIELDS.join(', ')}, action TEXT)`);
      // A row without an id is an insert until classified otherwise (most are, in a large import).
      // Positional parameters: binding by name cost a fifth of the read phase at a million rows.
      const insert = db.prepare(`INSERT INTO temp.${table} (line, id, ${REPORT_INPUT_FIELDS.join(', ')}, action)
        VALUES (${Array(REPORT_INPUT_FIELDS.length + 3).fill('?').join(', ')})`);
      const page = db.prepare(`SELECT rowid, line, id, ${REPORT_INPUT_FIELDS.join(', ')} FROM temp.${table}
        WHERE action IN ('insert', 'update') AND rowid > ? ORDER BY rowid LIMIT ?`);
      const count = db.prepare(`SELECT count(*) FROM temp.${table}`).pluck();
      return {
        table,
        add: db.transaction((rows: readonly StagedRow[]) => {
          for (const r of rows) {
            const input = r.input as Record<string, string | number | undefined>;
            insert.run(r.line, r.id, ...REPORT_INPUT_FIELDS.map((f) => input[f] ?? null), r.id === null ? 'insert' : null);
          }
        }),
        count: () => count.get() as number,
        // Only these: a re-import of a large file that changes little turned every row into an object.
        *changes(pageSize = 2000): Generator<StagedRowAt> {
          let after = 0;
          for (;;) {
            const chunk = page.all(after, pageSize) as ({ rowid: number; line: number; id: number | null } & Record<string, unknown>)[];
            if (chunk.length === 0) return;
            for (const row of chunk) {
              const input: Record<string, unknown> = {};
              // Absent fields are absent in an input (the schema's output), not null.
              for (const f of REPORT_INPUT_FIELDS) if (row[f] !== null) input[f] = row[f];
              yield { seq: row.rowid, line: row.line, id: row.id, input: input as ReportInput };
            }
            after = chunk[chunk.length - 1]!.rowid;
          }
        },
        drop: () => db.exec(`DROP TABLE IF EXISTS temp.${table}`),
      };
    },
  };
}
