// The counted events of a window (GET /api/events): each with its day, figure and band, its chosen
// report and the ids of the event's other reports, from the event summaries (or, with several counted
// sources, formed at read time by the same rule).
import type { Metric } from '../../domain/report';
import type { CountedEvent, EventsPage } from '../../domain/figure-types';
import type { Window } from '../../figures/source';
import { liveIncident } from '../sql/rules';
import { formedEventsSql } from '../sql/formed-events';
import { bySource, windowFrom, windowTo } from './figure-reads';
import type { StoreContext } from './statements';

export interface EventsQuery extends Window { count_source?: string[] }

export function eventReads({ prepared }: StoreContext, reportsByIds: (ids: readonly number[]) => CountedEvent['chosen'][]) {
  /** One page of events as rows [date, total, low, high, chosen_id, event or null], and how many there are. */
  function pageRows(party: string, metric: Metric, q: EventsQuery, limit: number, offset: number): { rows: unknown[][]; total: number } {
    const range = [windowFrom(q), windowTo(q)];
    const counted = q.count_source ?? [];
    if (counted.length <= 1) {
      const [events, days, key, keyParams] = counted.length === 0
        ? ['figure_events', 'figure_days', '', []]
        : ['figure_source_events', 'figure_source_days', ' AND source = ?', [counted[0]]];
      const where = `party = ? AND metric = ?${key} AND date BETWEEN ? AND ?`;
      const params = [party, metric, ...keyParams, ...range];
      const rows = prepared(`SELECT date, total, low, high, chosen_id, iif(event_key LIKE 'e%', substr(event_key, 2), NULL)
        FROM ${events} WHERE ${where} ORDER BY date, chosen_id LIMIT ? OFFSET ?`).raw(true).all(...params, limit, offset) as unknown[][];
      const total = prepared(`SELECT coalesce(sum(events), 0) FROM ${days} WHERE ${where}`).pluck().get(...params) as number;
      return { rows, total };
    }
    const sources = JSON.stringify(counted);
    const formed = `FROM (${formedEventsSql()}) WHERE date BETWEEN ? AND ?`;
    const params = [party, metric, sources, party, metric, sources, ...range];
    const rows = prepared(`SELECT date, fig, lo, hi, chosen_id, event ${formed} ORDER BY date, chosen_id LIMIT ? OFFSET ?`)
      .raw(true).all(...params, limit, offset) as unknown[][];
    const total = prepared(`SELECT count(*) ${formed}`).pluck().get(...params) as number;
    return { rows, total };
  }

  return {
    eventsPage(party: string, metric: Metric, q: EventsQuery, page: { limit: number; offset: number }): EventsPage {
      const { rows, total } = pageRows(party, metric, q, page.limit, page.offset);
      const chosen = new Map(reportsByIds(rows.map((r) => r[4] as number)).map((r) => [r.id, r]));
      const counted = bySource(q.count_source);
      const others = prepared(`SELECT json_group_array(id) FROM (SELECT id FROM reports INDEXED BY reports_incident_event
        WHERE ${liveIncident()} AND event IS NOT NULL AND party = ? AND metric = ? AND event = ? AND id <> ?${counted.sql} ORDER BY id)`).pluck();
      const items = rows.map(([date, figure, low, high, chosenId, event]): CountedEvent => ({
        date: date as string, figure: figure as number, low: low as number, high: high as number,
        chosen: chosen.get(chosenId as number)!,
        other_ids: event === null ? [] : JSON.parse(others.get(party, metric, event, chosenId, ...counted.params) as string) as number[],
      }));
      return { items, total, limit: page.limit, offset: page.offset };
    },
  };
}
