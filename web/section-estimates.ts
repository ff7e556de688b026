// The estimates' section: each source's estimates over time with their ranges, never summed.
import type { SeriesResult } from '../server/domain/figure-types';
import { ChartSlot } from './chart-slot';
import { createEstimatesChart } from './charts';
import { byId, message, replace } from './dom';
import { formatDay, formatFigure } from './format';
import { fillWhenOpen } from './lazy-table';
import { renderLegend } from './legend';
import { onPoint, openIds } from './open-reports';
import { estimatesDataTable } from './tables';
import type { ViewState } from './url-state';
import { view } from './view-state';

export const estimatesChart = new ChartSlot('png-estimates', 'estimates');

export function wireEstimatesSection(): void {
  estimatesChart.wire();
}

export function renderEstimates(s: ViewState, overview: SeriesResult): void {
  const section = byId('estimates-section');
  estimatesChart.clear();
  const relevant = s.metric === 'troops' || overview.estimates.length > 0;
  section.hidden = !relevant;
  if (!relevant) return;
  const box = byId('estimates-chart-box');
  const canvas = byId<HTMLCanvasElement>('estimates-chart');
  if (overview.estimates.length === 0) {
    box.hidden = true;
    replace(byId('estimates-message'), message('empty', `No troop estimates of ${s.party} in this view.`));
    canvas.setAttribute('aria-label', 'Empty chart: no estimates in this view');
  } else {
    box.hidden = false;
    replace(byId('estimates-message'));
    estimatesChart.current = createEstimatesChart(canvas, s.party!, overview.estimates, view.styles, onPoint);
    canvas.setAttribute('aria-label', `Troop estimates of ${s.party}: ${overview.estimates.map((r) => `${r.source} ${formatFigure(r)} as of ${formatDay(r.date, r.date_precision)}`).join('; ')}.`);
  }
  renderLegend(byId('estimates-legend'), estimatesChart.current, 'Series of the estimates chart: each button hides or shows one');
  estimatesChart.settle();
  fillWhenOpen('estimates-table', () => estimatesDataTable(overview.estimates, openIds));
}
