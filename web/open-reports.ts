// What a click on a figure opens in the provenance panel (provenance.ts): the reports behind a point
// or a cell, or the incidents counted on a day of the running total.
import { api } from './api';
import type { ChartPoint } from './charts';
import { formatDay } from './format';
import { showQuery, showReportIds } from './provenance';
import { known, view } from './view-state';

export function openIds(ids: number[]): void {
  void showReportIds(ids, known);
}

export function openCountDay(day: string): void {
  const { party, metric, count_source } = view.state;
  void showQuery(`Incidents counted on ${formatDay(day)}`, async () => {
    const page = await api.reports({ party: party!, metric: metric!, kind: 'incident', from: day, to: day, source: count_source, limit: 1000 });
    for (const r of page.items) known.set(r.id, r);
    return page.items;
  });
}

/** A chart point: its reports, or the count's day. */
export function onPoint(p: ChartPoint): void {
  if (p.ids.length > 0) openIds(p.ids);
  else if (p.countDay) openCountDay(p.countDay);
}
