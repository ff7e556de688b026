// What a click on a figure opens in the provenance panel (provenance.ts): the reports behind a point
// or a cell, or the events counted at a point of the running total (events-panel.ts).
import type { ChartPoint } from './chart-base';
import { showEvents } from './events-panel';
import { showReportIds } from './provenance';
import { known } from './view-state';

export function openIds(ids: number[]): void {
  void showReportIds(ids, known);
}

/** A chart point: its reports, or the events of the count's point. */
export function onPoint(p: ChartPoint): void {
  if (p.ids.length > 0) openIds(p.ids);
  else if (p.span) showEvents(p.span);
}
