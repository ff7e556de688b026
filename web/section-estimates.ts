// The estimates' section: each source's estimates over time with their ranges, never summed.
import type { SeriesResult } from '../server/domain/figure-types';
import { createEstimatesChart, downloadPng, type LineChart } from './charts';
import { byId, message, replace } from './dom';
import { formatDay, formatFigure } from './format';
import { fillWhenOpen } from './lazy-table';
import { renderLegend } from './legend';
import { onPoint, openIds } from './open-reports';
import { estimatesDataTable } from './tables';
import type { ViewState } from './url-state';
import { pngName, view } from './view-state';

let estimatesChart: LineChart | null = null;

export function currentEstimatesChart(): LineChart | null {
  return estimatesChart;
}

export function clearEstimatesChart(): void {
  estimatesChart?.destroy();
  estimatesChart = null;
}

export function wireEstimatesSection(): void {
  byId('png-estimates').addEventListener('click', () => estimatesChart && downloadPng(estimatesChart, pngName('estimates')));
}

export function renderEstimates(s: ViewState, overview: SeriesResult): void {
  const section = byId('estimates-section');
  clearEstimatesChart();
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
    estimatesChart = createEstimatesChart(canvas, s.party!, overview.estimates, view.styles, onPoint);
    canvas.setAttribute('aria-label', `Troop estimates of ${s.party}: ${overview.estimates.map((r) => `${r.source} ${formatFigure(r)} as of ${formatDay(r.date, r.date_precision)}`).join('; ')}.`);
  }
  renderLegend(byId('estimates-legend'), estimatesChart, 'Series of the estimates chart: each button hides or shows one');
  byId<HTMLButtonElement>('png-estimates').disabled = estimatesChart === null;
  fillWhenOpen('estimates-table', () => estimatesDataTable(overview.estimates, openIds));
}
