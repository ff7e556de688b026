// The reads of the derived figures for one party and metric (server/figures/source.ts), over the
// summary tables that the triggers of migration 006 keep (decision 0006).
import type { Metric, Report } from '../../domain/report';
import { TALLY_FIELDS, type Bucket, type TallyFields } from '../../domain/figure-types';
import type { DayRow, FigureSource, TallyRef, Window } from '../../figures/source';
import { figure, liveTally, reportedOn, seriesOrder } from '../sql/rules';
import { formedEventsSql } from '../sql/formed-events';
import { SELECT_PLAIN, reportOfRow, tallyFieldsOfRow } from './rows';
import type { StoreContext } from './statements';

/** A source filter as one parameter (a JSON array): one prepared form with it and one without. */
export const bySource = (list: readonly string[] | undefined, column = 'source') =>
  list && list.length > 0 ? { sql: ` AND ${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(list)] } : { sql: '', params: [] as unknown[] };

export const windowFrom = (w: Window) => w.from ?? '0000-00-00';
export const windowTo = (w: Window) => w.to ?? '9999-99-99';

export function figureReads({ prepared }: StoreContext) {
  const rawAll = (sql: string, ...params: unknown[]) => prepared(sql).raw(true).all(...params) as unknown[][];
  // Rows come back as arrays and are turned into objects here: better-sqlite3's own row objects cost
  // about twice as much, and a series answer reads a few thousand rows.
  const ref = (row: unknown[], fields?: TallyFields): TallyRef =>
    ({ id: row[0] as number, source: row[1] as string, period_start: row[2] as string, date: row[3] as string, rep: row[4] as string, fig: row[5] as number, fields });
  const TALLY = `SELECT id, source, period_start, date, ${reportedOn()}, ${figure()} FROM reports WHERE ${liveTally()} AND party = ? AND metric = ?`;
  const bucketRange = (from: string | undefined, before: string | undefined) =>
    ({ sql: ' AND bucket_start >= ? AND bucket_start < ?', params: [from ?? '0000-00-00', before ?? '9999-99-99'] });
  // The days come back as one JSON text of five columns, parsed natively: handing SQLite's values to
  // JavaScript one by one cost about twice as much (3,652 days at 1M).
  const DAY_COLUMNS = `SELECT json_object('d', json_group_array(date), 't', json_group_array(total), 'l', json_group_array(low),
    'h', json_group_array(high), 'e', json_group_array(events))`;
  const daysOf = (json: string): DayRow[] => {
    const c = JSON.parse(json) as { d: string[]; t: number[]; l: number[]; h: number[]; e: number[] };
    return c.d.map((date, i): DayRow => ({ date, total: c.t[i]!, low: c.l[i]!, high: c.h[i]!, events: c.e[i]! }));
  };

  return {
    figureSource(party: string, metric: Metric): FigureSource {
      const pm = [party, metric];
      return {
        daily(countSource) {
          if (!countSource || countSource.length === 0) {
            return daysOf(prepared(`${DAY_COLUMNS} FROM (SELECT date, total, low, high, events FROM figure_days WHERE party = ? AND metric = ? ORDER BY date)`)
              .pluck().get(...pm) as string);
          }
          if (countSource.length === 1) {
            // One counted source: its events are formed from its own reports, which figure_source_days keeps.
            return daysOf(prepared(`${DAY_COLUMNS} FROM (SELECT date, total, low, high, events FROM figure_source_days
              WHERE party = ? AND metric = ? AND source = ? ORDER BY date)`).pluck().get(...pm, countSource[0]) as string);
          }
          const sources = JSON.stringify(countSource);
          return daysOf(prepared(`${DAY_COLUMNS} FROM (SELECT date, sum(fig) AS total, sum(lo) AS low, sum(hi) AS high, count(*) AS events
            FROM (${formedEventsSql()}) GROUP BY date ORDER BY date)`).pluck().get(...pm, sources, ...pm, sources) as string);
        },
        countTallies(w, source, limit) {
          const f = bySource(source);
          return prepared(`SELECT count(*) FROM (SELECT 1 FROM reports WHERE ${liveTally()} AND party = ? AND metric = ?
            AND date BETWEEN ? AND ?${f.sql} LIMIT ?)`).pluck().get(...pm, windowFrom(w), windowTo(w), ...f.params, limit) as number;
        },
        tallies(w, source) {
          const f = bySource(source);
          return rawAll(`${TALLY} AND date BETWEEN ? AND ?${f.sql}`, ...pm, windowFrom(w), windowTo(w), ...f.params).map((r) => ref(r));
        },
        countBuckets(bucket: Bucket, from, before, source, limit) {
          const f = bySource(source);
          const r = bucketRange(from, before);
          return prepared(`SELECT count(*) FROM (SELECT 1 FROM figure_tally_buckets WHERE party = ? AND metric = ? AND bucket = ?${r.sql}${f.sql} LIMIT ?)`)
            .pluck().get(...pm, bucket, ...r.params, ...f.params, limit) as number;
        },
        bucketEnds(bucket: Bucket, from, before, source) {
          // With the fields the claims show, one read instead of two, as one JSON text (see daily).
          const f = bySource(source, 'b.source');
          const r = bucketRange(from, before);
          const rows = JSON.parse(prepared(`SELECT json_group_array(json_array(b.last_id, b.source, b.period_start, b.last_date, b.last_rep,
              ${figure('t.')}, t.date_precision, t.value, t.qualifier, t.low, t.high, t.reported_on))
            FROM figure_tally_buckets AS b JOIN reports AS t ON t.id = b.last_id
            WHERE b.party = ? AND b.metric = ? AND b.bucket = ?${r.sql}${f.sql}`).pluck().get(...pm, bucket, ...r.params, ...f.params) as string) as unknown[][];
          return rows.map((row) => ref(row, {
            id: row[0] as number, source: row[1] as string, party, metric, kind: 'tally', date: row[3] as string,
            date_precision: row[6] as Report['date_precision'], period_start: row[2] as string, value: row[7] as number | null,
            qualifier: row[8] as Report['qualifier'], low: row[9] as number | null, high: row[10] as number | null, reported_on: row[11] as string | null,
          }));
        },
        tallyBefore(source, periodStart, date) {
          const row = prepared(`${TALLY} AND source = ? AND period_start = ? AND date < ?
            ORDER BY ${seriesOrder('', ' DESC')} LIMIT 1`).raw(true).get(...pm, source, periodStart, date) as unknown[] | undefined;
          return row ? ref(row) : null;
        },
        lastTallyIn(source, periodStart, from, to) {
          const row = prepared(`${TALLY} AND source = ? AND period_start = ? AND date BETWEEN ? AND ?
            ORDER BY ${seriesOrder('', ' DESC')} LIMIT 1`).raw(true).get(...pm, source, periodStart, from, to) as unknown[] | undefined;
          return row ? ref(row) : null;
        },
        series(source) {
          const f = bySource(source);
          return prepared(`SELECT source, period_start, max(last_date) AS last_date FROM figure_tally_buckets
            WHERE party = ? AND metric = ? AND bucket = 'year'${f.sql} GROUP BY source, period_start ORDER BY source, period_start`)
            .all(...pm, ...f.params) as { source: string; period_start: string; last_date: string }[];
        },
        decreases(w, source) {
          const f = bySource(source, 'r.source');
          return rawAll(`SELECT d.previous, d.previous_id, d.previous_date, ${TALLY_FIELDS.map((c) => `r.${c}`).join(', ')}
            FROM figure_decreases AS d JOIN reports AS r ON r.id = d.id
            WHERE d.party = ? AND d.metric = ? AND d.date BETWEEN ? AND ?${f.sql}`, ...pm, windowFrom(w), windowTo(w), ...f.params)
            .map((r) => ({ fields: tallyFieldsOfRow(r, 3), previous: r[0] as number, previous_id: r[1] as number, previous_date: r[2] as string }));
        },
        tallyFields(ids) {
          if (ids.length === 0) return [];
          return rawAll(`SELECT ${TALLY_FIELDS.join(', ')} FROM reports WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0`, JSON.stringify(ids))
            .map((r) => tallyFieldsOfRow(r, 0));
        },
        estimates(w, source) {
          const f = bySource(source);
          // INDEXED BY: without statistics SQLite prefers the (kind, date) index and walks every estimate.
          return rawAll(`${SELECT_PLAIN} INDEXED BY reports_estimates WHERE deleted = 0 AND kind = 'estimate' AND party = ? AND metric = ? AND date BETWEEN ? AND ?${f.sql}
            ORDER BY date, id`, ...pm, windowFrom(w), windowTo(w), ...f.params).map((r) => reportOfRow(r, 0));
        },
      };
    },

    /** The live reports with these ids, in the order given (missing ones left out). */
    reportsByIds(ids: readonly number[]): Report[] {
      if (ids.length === 0) return [];
      const byId = new Map(rawAll(`${SELECT_PLAIN} WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0`, JSON.stringify(ids))
        .map((r) => [r[0] as number, reportOfRow(r, 0)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
  };
}
