// The main chart's section: the window's period choice, the chart of the running count against each
// source's tallies, its summary sentences, its data table, and the tallies over other periods.
import type { Chart } from 'chart.js';
import type { Claim, SeriesResult } from '../server/domain/figures';
import { createMainChart, downloadPng, type ChartPoint } from './charts';
import { byId, fillSelect, h, message, replace } from './dom';
import { formatDay, formatFigure, formatNumber, formatSigned, plural } from './format';
import { fillWhenOpen } from './lazy-table';
import { onPoint, openCountDay, openIds } from './open-reports';
import { defaultPeriodStart, periodStarts } from './periods';
import { mainDataTable, otherPeriodList } from './tables';
import type { ViewState } from './url-state';
import { change, pngName, view } from './view-state';

let mainChart: Chart<'line', ChartPoint[]> | null = null;

export function currentMainChart(): Chart<'line', ChartPoint[]> | null {
  return mainChart;
}

export function clearMainChart(): void {
  mainChart?.destroy();
  mainChart = null;
}

export function wireMainSection(): void {
  byId('f-period').addEventListener('change', (e) => change({ period_start: (e.target as HTMLSelectElement).value || null }));
  byId('png-main').addEventListener('click', () => mainChart && downloadPng(mainChart, pngName('claims')));
}

export function renderMain(s: ViewState, period: string | null, overview: SeriesResult, windowed: SeriesResult): void {
  // Period choice: automatic, or any period start of the tallies in view.
  const starts = periodStarts(overview.claims);
  const auto = defaultPeriodStart(overview.claims);
  const periodSelect = byId<HTMLSelectElement>('f-period');
  const options = [{ value: '', label: auto ? `Automatic (${formatDay(auto)})` : (s.from ? `Automatic (${formatDay(s.from)})` : 'Automatic') }];
  for (const p of starts) options.push({ value: p.period_start, label: `${formatDay(p.period_start)} (${plural(p.tallies, 'tally', 'tallies')})` });
  if (s.period_start && !starts.some((p) => p.period_start === s.period_start)) options.push({ value: s.period_start, label: formatDay(s.period_start) });
  fillSelect(periodSelect, options, s.period_start ?? '');

  const onChart: Claim[] = period ? overview.claims.filter((c) => c.period_start === period) : [];
  const others: Claim[] = overview.claims.filter((c) => !onChart.includes(c));
  const running = windowed.running;
  // Right edge: the latest tally on the chart, the `to` filter, or the last counted day.
  const dates = [...onChart.map((c) => c.date), ...(s.to ? [s.to] : []), ...running.map((p) => p.date)].sort();
  const end = dates[dates.length - 1] ?? null;

  clearMainChart();
  const box = byId('main-chart-box');
  const msg = byId('main-chart-message');
  const canvas = byId<HTMLCanvasElement>('main-chart');
  if (onChart.length === 0 && running.length === 0) {
    box.hidden = true;
    const troops = s.metric === 'troops';
    replace(msg, message('empty', troops
      ? `Troops are estimates, never tallies or incidents: see “Troop estimates” below${overview.estimates.length ? '' : ' (none in this view either)'}.`
      : others.length
        ? `Nothing to chart since ${period ? formatDay(period) : 'the start'}: see the tallies over other periods.`
        : `No tallies and no incidents of ${s.party} · ${s.metric} in this view. Try another party or metric, or clear the filters.`));
    canvas.setAttribute('aria-label', 'Empty chart: no data in this view');
  } else {
    box.hidden = false;
    replace(msg);
    mainChart = createMainChart(canvas, { party: s.party!, metric: s.metric!, periodStart: period, end, running, claims: onChart, styles: view.styles }, onPoint);
    canvas.setAttribute('aria-label', mainSummary(period, running, onChart));
  }
  replace(byId('main-summary'), ...claimSentences(period, onChart));
  fillWhenOpen('main-table', () => mainDataTable(running, onChart, period, openIds, openCountDay));
  byId<HTMLButtonElement>('png-main').disabled = mainChart === null;
  replace(byId('other-periods'), others.length
    ? otherPeriodList(others, openIds, (p) => change({ period_start: p }))
    : message('empty', overview.claims.length ? 'None: every tally in view covers the charted period.' : 'No tallies in this view.'));
}

/** Each charted source's latest tally against the count over its period ("AFP: 61 since 1 Jan 2021 …"). */
function claimSentences(period: string | null, claims: Claim[]): HTMLElement[] {
  if (!period) return [];
  const latest = new Map<string, Claim>();
  for (const c of claims) latest.set(c.source, c); // claims come in date order
  return [...latest.values()].map((c) => {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = view.styles.colour(c.source); // CSSOM from script: allowed by the CSP
    return h('p', {}, swatch, `${c.source}: ${formatFigure(c)} since ${formatDay(period)} (as of ${formatDay(c.date, c.date_precision)}), against ${formatNumber(c.computed)} counted over the same period (gap ${formatSigned(c.gap)})`);
  });
}

function mainSummary(period: string | null, running: SeriesResult['running'], claims: Claim[]): string {
  const last = running[running.length - 1];
  const parts: string[] = [];
  parts.push(last
    ? `Step line: ${formatNumber(last.total)} counted from incidents${period ? ` since ${formatDay(period)}` : ''}, by ${formatDay(last.date)}.`
    : `Step line: no incident counted${period ? ` since ${formatDay(period)}` : ''}.`);
  if (claims.length) {
    parts.push(`Tallies over the same period: ${claims.map((c) => `${c.source} ${formatFigure(c)} as of ${formatDay(c.date, c.date_precision)} (counted ${formatNumber(c.computed)}, gap ${formatSigned(c.gap)})`).join('; ')}.`);
  }
  return parts.join(' ');
}
