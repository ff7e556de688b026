// The embeddable chart (/embed, bundled into dist/web/embed.js): one chart of a view — the claims
// against the running count, or the estimates — with its title, source line and a link to the full
// view, drawn by the dashboard's own chart code from the documented read routes. Points open the
// report's permalink in a new tab.
import type { Chart } from 'chart.js';
import { api, describeError } from './api';
import { createEstimatesChart, createMainChart, snapshot, type ChartPoint, type ChartSnapshot } from './charts';
import { SourceStyles } from './source-styles';
import { byId } from './dom';
import { formatDay, metricLabel } from './format';
import { renderLegend } from './legend';
import { nothingCounted } from './counted';
import { defaultPeriodStart } from './periods';
import type { Metric } from '../server/domain/report-fields';

declare global {
  interface Window { readonly __embed?: { chart(): ChartSnapshot | null } }
}

let chart: Chart<'line', ChartPoint[]> | null = null;
Object.defineProperty(window, '__embed', { value: Object.freeze({ chart: () => snapshot(chart) }), writable: false, configurable: false });

function state(s: 'ready' | 'error'): void {
  document.body.dataset.state = s;
}

function fail(text: string): void {
  byId('embed-chart-box').hidden = true;
  byId('embed-message').textContent = text;
  state('error');
}

const openReport = (ids: number[]) => {
  if (ids.length > 0) window.open(`/?report=${ids[0]}`, '_blank', 'noopener');
};

async function draw(): Promise<void> {
  const p = new URLSearchParams(location.search);
  const party = p.get('party') ?? '';
  const metric = (p.get('metric') ?? '') as Metric;
  const which = p.get('chart') === 'estimates' ? 'estimates' : 'main';
  const list = (name: string) => p.getAll(name).filter((s) => s.trim() !== '');
  const base = { party, metric, source: list('source'), count_source: list('count_source') };
  const from = p.get('from') || undefined;
  const to = p.get('to') || undefined;

  // The full view: the dashboard on the same filters.
  const view = new URLSearchParams(p);
  view.delete('chart');
  byId<HTMLAnchorElement>('embed-link').href = `/?${view.toString()}`;
  byId('embed-title').textContent = `${party} · ${metricLabel(metric)}: ${which === 'main' ? 'claims against the running count' : 'troop estimates'}`;

  const [overview, compare] = await Promise.all([api.series({ ...base, from, to }), api.compare(base)]);
  // The looks are dealt by name among the view's sources, as the dashboard deals them.
  const styles = new SourceStyles([...overview.claims.map((c) => c.source), ...overview.estimates.map((r) => r.source)]);
  const canvas = byId<HTMLCanvasElement>('embed-chart');
  if (which === 'estimates') {
    if (overview.estimates.length === 0) return fail('No estimates in this view.');
    chart = createEstimatesChart(canvas, party, overview.estimates, styles, (pt) => openReport(pt.ids));
    const sources = [...new Set(overview.estimates.map((e) => e.source))].sort();
    byId('embed-subtitle').textContent = 'Levels at a moment, never added up.';
    byId('embed-sources').textContent = `Estimates by ${sources.join(', ')}.`;
  } else {
    const period = p.get('period_start') || defaultPeriodStart(overview.claims);
    const windowed = period ? await api.series({ ...base, from: period, to }) : overview;
    const claims = period ? overview.claims.filter((c) => c.period_start === period) : [];
    // Nothing counted in the view: the tallies stand alone, with no count drawn at nought (as on the dashboard).
    const counted = !nothingCounted(compare);
    const running = counted ? windowed.running : [];
    if (claims.length === 0 && running.length === 0) return fail('Nothing to chart in this view.');
    const dates = [...claims.map((c) => c.date), ...(to ? [to] : []), ...running.map((r) => r.date)].sort();
    chart = createMainChart(canvas, {
      party, metric, periodStart: period, windowFrom: period ?? from ?? null, end: dates[dates.length - 1] ?? null, running, claims, styles, nothingCounted: !counted,
    }, (pt) => openReport(pt.ids));
    const sources = [...new Set(claims.map((c) => c.source))].sort();
    byId('embed-subtitle').textContent = period ? `Since ${formatDay(period)}: the black step line counts incident reports; each colour is one source's tallies.` : 'The running count of incident reports.';
    const count = counted ? `count from ${base.count_source.length ? base.count_source.join(', ') : 'every source\'s incidents'}` : 'nothing counted in this view';
    byId('embed-sources').textContent = sources.length ? `Tallies by ${sources.join(', ')}; ${count}.` : 'Counted from incident reports.';
  }
  canvas.setAttribute('aria-label', byId('embed-title').textContent ?? 'Chart');
  renderLegend(byId('embed-legend'), chart, 'Series of the chart: each button hides or shows one');
  state('ready');
}

draw().catch((e: unknown) => fail(`The chart could not be loaded: ${describeError(e)}`));
