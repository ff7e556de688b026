// The main chart's section: the window's period choice, the chart of the running count against each
// source's tallies with its legend, its summary sentences, its data table, and the tallies over other
// periods.
import type { Claim, SeriesResult } from '../server/domain/figure-types';
import { countPoints, createMainChart, downloadPng, type LineChart } from './charts';
import { byId, fillSelect, h, message, replace } from './dom';
import { showEvents } from './events-panel';
import { formatDay, formatFigure, formatNumber, formatSigned, plural } from './format';
import { fillWhenOpen } from './lazy-table';
import { lookPicture, renderLegend } from './legend';
import { onPoint, openIds } from './open-reports';
import { defaultPeriodStart, periodStarts } from './periods';
import { HEADLINE_SOURCES } from './section-headline';
import { mainDataTable, otherPeriodList } from './tables';
import type { ViewState } from './url-state';
import { change, pngName, view } from './view-state';

let mainChart: LineChart | null = null;

export function currentMainChart(): LineChart | null {
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

/** `counted`: the view counts incidents (else the tallies stand alone, with no count at nought). */
export function renderMain(s: ViewState, period: string | null, overview: SeriesResult, windowed: SeriesResult, counted: boolean): void {
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
  const running = counted ? windowed.running : [];
  // The window's first day: the chart's period start, else the `from` filter (else the beginning).
  const windowFrom = period ?? s.from ?? null;
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
    mainChart = createMainChart(canvas, {
      party: s.party!, metric: s.metric!, periodStart: period, windowFrom, end, running, claims: onChart, styles: view.styles, nothingCounted: !counted,
    }, onPoint);
    canvas.setAttribute('aria-label', mainSummary(period, running, onChart, counted));
  }
  replace(byId('main-explain'), counted
    ? 'The black step line is the running total of incident reports, counted from the chosen period start, with its low–high range shaded; a point of it opens the events it adds up. '
    : 'Nothing is counted in this view, so there is no running total: the tallies stand alone. ',
  'Each source’s tallies over the same period have their own colour, dash and marker; a bar shows a figure stated as a range. Click a point for the reports behind it; the buttons under the chart hide or show a series.');
  renderLegend(byId('main-legend'), mainChart, 'Series of the chart: each button hides or shows one');
  replace(byId('main-summary'), ...claimSentences(period, onChart, counted));
  fillWhenOpen('main-table', () => mainDataTable(countPoints(running, windowFrom), onChart, period, openIds, (span) => showEvents(span), counted));
  byId<HTMLButtonElement>('png-main').disabled = mainChart === null;
  replace(byId('other-periods'), others.length
    ? otherPeriodList(others, openIds, (p) => change({ period_start: p }), counted)
    : message('empty', overview.claims.length ? 'None: every tally in view covers the charted period.' : 'No tallies in this view.'));
}

/** Each charted source's latest tally (most recent first, five, then "and N more"), against the count
 *  over its period when anything is counted ("AFP: 61 since 1 Jan 2021 (as of 2 Dec 2021), against 1 …"). */
function claimSentences(period: string | null, claims: Claim[], counted: boolean): HTMLElement[] {
  if (!period) return [];
  const latest = new Map<string, Claim>();
  for (const c of claims) latest.set(c.source, c); // claims come in date order
  const ordered = [...latest.values()].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.source < b.source ? -1 : 1));
  const lines = ordered.map((c) => {
    const look = view.styles.look(c.source);
    return h('p', { 'data-source': c.source }, lookPicture(look.colour, look.dash, look.shape),
      `${c.source}: ${formatFigure(c)} since ${formatDay(period)} (as of ${formatDay(c.date, c.date_precision)})`,
      counted ? `, against ${formatNumber(c.computed)} counted over the same period (gap ${formatSigned(c.gap)})` : '');
  });
  const rest = lines.slice(HEADLINE_SOURCES);
  return [...lines.slice(0, HEADLINE_SOURCES), ...(rest.length
    ? [h('details', { class: 'more-sources' }, h('summary', {}, `and ${rest.length} more source${rest.length === 1 ? '' : 's'}`), ...rest)]
    : [])];
}

/** The chart's words for screen readers: the count's last point and each source's latest tally. */
function mainSummary(period: string | null, running: SeriesResult['running'], claims: Claim[], counted: boolean): string {
  const last = running[running.length - 1];
  const parts: string[] = [];
  if (!counted) parts.push('No incident is counted in this view: the tallies stand alone.');
  else {
    parts.push(last
      ? `Step line: ${formatNumber(last.total)} counted from incidents${period ? ` since ${formatDay(period)}` : ''}, by ${formatDay(last.date)}.`
      : `Step line: no incident counted${period ? ` since ${formatDay(period)}` : ''}.`);
  }
  const latest = new Map<string, Claim>();
  for (const c of claims) latest.set(c.source, c);
  if (latest.size) {
    parts.push(`Latest tallies over the same period: ${[...latest.values()].map((c) => `${c.source} ${formatFigure(c)} as of ${formatDay(c.date, c.date_precision)}${counted ? ` (counted ${formatNumber(c.computed)}, gap ${formatSigned(c.gap)})` : ''}`).join('; ')}.`);
  }
  return parts.join(' ');
}
