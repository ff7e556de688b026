// The reads of the derived figures for one party and metric, over the summary tables kept by triggers.
import type { Metric, Report } from '../../domain/report';
import { TALLY_FIELDS, type TallyFields } from '../../domain/figures';
import type { Bucket, DayRow, FigureSource, TallyRef, Window } from '../../domain/figures';
import { SELECT_PLAIN, reportOfRow, tallyFieldsOfRow } from './rows';
import type { StoreContext } from './statements';

export function figureReads({ db, prepared }: StoreContext) {
  const forFigures = db.prepare(`${SELECT_PLAIN} WHERE deleted = 0 AND party = ? AND metric = ? ORDER BY date, id`);
  return {
    /** The reads of the derived figures for one party and metric, over the summary tables that the
     *  triggers of migration 005 keep (docs/decisions/0005-figure-summaries.md). */
    figureSource(party: string, metric: Metric): FigureSource {
      const pm = [party, metric];
      const lo = (w: Window) => w.from ?? '0000-00-00';
      const hi = (w: Window) => w.to ?? '9999-99-99';
      // A source filter is one parameter (a JSON array), so each query has one prepared form with and
      // one without it.
      const bySource = (list: string[] | undefined, column = 'source') =>
        list && list.length > 0 ? { sql: ` AND ${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(list)] } : { sql: '', params: [] };
      // Rows come back as arrays and are turned into objects here: better-sqlite3's own row objects
      // cost about twice as much, and a series answer reads a few thousand rows.
      const ref = (row: unknown[], fields?: TallyFields): TallyRef =>
        ({ id: row[0] as number, source: row[1] as string, period_start: row[2] as string, date: row[3] as string, rep: row[4] as string, fig: row[5] as number, fields });
      const TALLY = `SELECT id, source, period_start, date, coalesce(reported_on, date), coalesce(value, low) FROM reports
        WHERE deleted = 0 AND kind = 'tally' AND party = ? AND metric = ?`;
      const bucketRange = (from: string | undefined, before: string | undefined) =>
        ({ sql: ' AND bucket_start >= ? AND bucket_start < ?', params: [from ?? '0000-00-00', before ?? '9999-99-99'] });
      const rawAll = (sql: string, ...params: unknown[]) => prepared(sql).raw(true).all(...params) as unknown[][];
      return {
        daily(countSource) {
          // The days come back as one JSON text of four columns, parsed natively: handing SQLite's
          // values to JavaScript one by one cost about twice as much (3,652 days at 1M).
          const days = (json: string): DayRow[] => {
            const c = JSON.parse(json) as { d: string[]; t: number[]; l: number[]; h: number[] };
            return c.d.map((date, i): DayRow => ({ date, total: c.t[i]!, low: c.l[i]!, high: c.h[i]! }));
          };
          const columns = `SELECT json_object('d', json_group_array(date), 't', json_group_array(total), 'l', json_group_array(low), 'h', json_group_array(high))`;
          if (!countSource || countSource.length === 0) {
            return days(prepared(`${columns} FROM (SELECT date, total, low, high FROM figure_days WHERE party = ? AND metric = ? ORDER BY date)`)
              .pluck().get(...pm) as string);
          }
          if (countSource.length === 1) {
            // One counted source: its events are formed from its own reports, which figure_source_days keeps.
            return days(prepared(`${columns} FROM (SELECT date, total, low, high FROM figure_source_days WHERE party = ? AND metric = ? AND source = ? ORDER BY date)`)
              .pluck().get(...pm, countSource[0]) as string);
          }
          // With several counted sources an event's reports from any of them form it, which no summary
          // kept per source or for all sources gives: the events are formed here, by DESIGN's rule as migration 005 writes it (a
          // report without a key is its own event; a keyed event counts its latest reported, then
          // smallest, then lowest-id report, with the band over all of them), and summed per day.
          const counted = `deleted = 0 AND kind = 'incident' AND party = ? AND metric = ? AND source IN (SELECT value FROM json_each(?))`;
          return days(prepared(`${columns} FROM (SELECT date, sum(fig) AS total, sum(lo) AS low, sum(hi) AS high FROM (
              SELECT date, coalesce(value, low) AS fig, coalesce(low, value) AS lo, coalesce(high, value, low) AS hi
                FROM reports WHERE ${counted} AND event IS NULL
              UNION ALL
              SELECT date, fig, lo, hi FROM (
                SELECT date, coalesce(value, low) AS fig, min(coalesce(low, value)) OVER w AS lo, max(coalesce(high, value, low)) OVER w AS hi,
                       row_number() OVER (w ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id) AS rn
                  FROM reports WHERE ${counted} AND event IS NOT NULL
                WINDOW w AS (PARTITION BY event)) WHERE rn = 1)
            GROUP BY date ORDER BY date)`).pluck().get(...pm, JSON.stringify(countSource), ...pm, JSON.stringify(countSource)) as string);
        },
        countTallies(w, source, limit) {
          const f = bySource(source);
          return prepared(`SELECT count(*) FROM (SELECT 1 FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = ? AND metric = ?
            AND date BETWEEN ? AND ?${f.sql} LIMIT ?)`).pluck().get(...pm, lo(w), hi(w), ...f.params, limit) as number;
        },
        tallies(w, source) {
          const f = bySource(source);
          return rawAll(`${TALLY} AND date BETWEEN ? AND ?${f.sql}`, ...pm, lo(w), hi(w), ...f.params).map((r) => ref(r));
        },
        countBuckets(bucket: Bucket, from, before, source, limit) {
          const f = bySource(source);
          const r = bucketRange(from, before);
          return prepared(`SELECT count(*) FROM (SELECT 1 FROM figure_tally_buckets WHERE party = ? AND metric = ? AND bucket = ?${r.sql}${f.sql} LIMIT ?)`)
            .pluck().get(...pm, bucket, ...r.params, ...f.params, limit) as number;
        },
        bucketEnds(bucket: Bucket, from, before, source) {
          // With the fields the claims show, one read instead of two; the ones the bucket row or the
          // query already holds are not read again; and as one JSON text (see daily).
          const f = bySource(source, 'b.source');
          const r = bucketRange(from, before);
          const rows = JSON.parse(prepared(`SELECT json_group_array(json_array(b.last_id, b.source, b.period_start, b.last_date, b.last_rep,
              coalesce(t.value, t.low), t.date_precision, t.value, t.qualifier, t.low, t.high, t.reported_on))
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
            ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1`).raw(true).get(...pm, source, periodStart, date) as unknown[] | undefined;
          return row ? ref(row) : null;
        },
        lastTallyIn(source, periodStart, from, to) {
          const row = prepared(`${TALLY} AND source = ? AND period_start = ? AND date BETWEEN ? AND ?
            ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1`).raw(true).get(...pm, source, periodStart, from, to) as unknown[] | undefined;
          return row ? ref(row) : null;
        },
        series(source) {
          const f = bySource(source);
          return prepared(`SELECT source, period_start, max(last_date) AS last_date FROM figure_tally_buckets
            WHERE party = ? AND metric = ? AND bucket = 'year'${f.sql} GROUP BY source, period_start ORDER BY source, period_start`)
            .all(...pm, ...f.params) as { source: string; period_start: string; last_date: string }[];
        },
        seriesTallies(list) {
          return list.flatMap((s) => rawAll(`${TALLY} AND source = ? AND period_start = ?`, ...pm, s.source, s.period_start).map((r) => ref(r)));
        },
        decreases(w, source) {
          const f = bySource(source, 'r.source');
          return rawAll(`SELECT d.previous, d.previous_id, d.previous_date, ${TALLY_FIELDS.map((c) => `r.${c}`).join(', ')}
            FROM figure_decreases AS d JOIN reports AS r ON r.id = d.id
            WHERE d.party = ? AND d.metric = ? AND d.date BETWEEN ? AND ?${f.sql}`, ...pm, lo(w), hi(w), ...f.params)
            .map((r) => ({ fields: tallyFieldsOfRow(r, 3), previous: r[0] as number, previous_id: r[1] as number, previous_date: r[2] as string }));
        },
        tallyFields(ids) {
          if (ids.length === 0) return [];
          return rawAll(`SELECT ${TALLY_FIELDS.join(', ')} FROM reports WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0`, JSON.stringify(ids))
            .map((r) => tallyFieldsOfRow(r, 0));
        },
        reports(ids) {
          if (ids.length === 0) return [];
          return rawAll(`${SELECT_PLAIN} WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0`, JSON.stringify(ids)).map((r) => reportOfRow(r, 0));
        },
        estimates(w, source) {
          const f = bySource(source);
          // INDEXED BY: without statistics SQLite prefers the (kind, date) index and walks every estimate.
          return rawAll(`${SELECT_PLAIN} INDEXED BY reports_estimates WHERE deleted = 0 AND kind = 'estimate' AND party = ? AND metric = ? AND date BETWEEN ? AND ?${f.sql}
            ORDER BY date, id`, ...pm, lo(w), hi(w), ...f.params).map((r) => reportOfRow(r, 0));
        },
      };
    },

    /** The live reports of one party and metric, every kind: the input of the plain figures, which the
     *  fast path (figureSource) is tested against. */
    reportsFor(party: string, metric: Metric): Report[] {
      return forFigures.all(party, metric) as Report[];
    },
  };
}
