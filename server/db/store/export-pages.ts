// The export's pages: keyset pages of the list's filter, as raw rows or as CSV text SQLite writes.
import { REPORT_INPUT_FIELDS } from '../../domain/report';
import { csvLineSql } from '../../domain/csv';
import type { StoreContext } from './statements';
import { whereOf, type ReportFilter } from './search-filter';

export function exportPages({ prepared }: StoreContext) {
  return {
    /** One keyset page of the export after (date, id), in date then id order. Keyset, not OFFSET, so
     *  every page costs the same however deep the export is. By default as raw rows of values in CSV
     *  column order (id and the input fields). With `format` 'csv', as the page's CSV text, written by
     *  SQLite (`csvLineSql`) and handed over as one UTF-8 Buffer, with its row count and the (date, id)
     *  to continue after: half the time of building the lines from 19 JavaScript values a row. */
    exportPage<F extends 'rows' | 'csv' = 'rows'>(f: ReportFilter, after: { date: string; id: number } | null, limit: number, format?: F):
      F extends 'csv' ? { csv: Buffer; rows: number; last: { date: string; id: number } | null } : (string | number | null)[][] {
      const where = whereOf(f);
      const keyset = after ? ' AND (date, id) > (?, ?)' : '';
      const params = after ? [...where.params, after.date, after.id] : where.params;
      const page = `FROM reports WHERE ${where.sql}${keyset} ORDER BY date, id LIMIT ?`;
      if (format !== 'csv') return prepared(`SELECT id, ${REPORT_INPUT_FIELDS.join(', ')} ${page}`).raw(true).all(...params, limit) as never;
      // The lines joined in key order (group_concat's ORDER BY makes it so), as a BLOB so the bytes are
      // not decoded to a JavaScript string only to be encoded again; the last key as the largest of
      // "date id" with the id zero-padded (dates have a fixed width, ids are positive rowids).
      const [csv, rows, last] = prepared(`SELECT CAST(group_concat(line, '' ORDER BY date, id) AS BLOB), count(*),
        max(printf('%s %020d', date, id)) FROM (SELECT date, id, ${csvLineSql()} AS line ${page})`)
        .raw(true).get(...params, limit) as [Buffer | null, number, string | null];
      return {
        csv: csv ?? Buffer.alloc(0), rows,
        last: last === null ? null : { date: last.slice(0, 10), id: Number(last.slice(11)) },
      } as never;
    },
  };
}
