// Events formed at read time from the incidents of several counted sources (an event reported by two
// of them counts once, which no per-source summary gives): the same rule as the summaries' triggers.
import { bandHigh, bandLow, eventOrder, figure, liveIncident } from './rules';

/** The counted events of one party and metric from the sources in a JSON array: rows of (date, fig,
 *  lo, hi, chosen_id, event). Parameters: party, metric, sources JSON; twice (two branches). */
export function formedEventsSql(): string {
  const counted = `${liveIncident()} AND party = ? AND metric = ? AND source IN (SELECT value FROM json_each(?))`;
  return `SELECT date, ${figure()} AS fig, ${bandLow()} AS lo, ${bandHigh()} AS hi, id AS chosen_id, NULL AS event
    FROM reports WHERE ${counted} AND event IS NULL
  UNION ALL
  SELECT date, fig, lo, hi, chosen_id, event FROM (
    SELECT date, ${figure()} AS fig, min(${bandLow()}) OVER w AS lo, max(${bandHigh()}) OVER w AS hi, id AS chosen_id, event,
           row_number() OVER (w ORDER BY ${eventOrder()}) AS rn
      FROM reports WHERE ${counted} AND event IS NOT NULL
    WINDOW w AS (PARTITION BY event)) WHERE rn = 1`;
}
