// The two charts' datasets. They draw what the API answered: the running total and its band as the
// server summed them, each report's figure as the shared domain module defines it (figureOf). Nothing
// is added up here. Each source keeps its look (source-styles.ts); a series of many points is a line,
// with markers only where points are few (and on hover); a figure stated as a range shows it.
import { Chart } from 'chart.js';
import { figureOf, type Report } from '../server/domain/report-fields';
import type { Claim, RunningPoint } from '../server/domain/figure-types';
import {
  CHART_PLUGINS, baseOptions, markersFit, spanOfDays, type ChartPoint, type LineChart, type LineDataset, type PointClick,
} from './chart-base';
import { formatDay, formatFigure, formatNumber, formatSigned } from './format';
import { nextDay } from './periods';
import type { SourceStyles } from './source-styles';

export { downloadPng, snapshot, type ChartPoint, type ChartSnapshot, type LineChart } from './chart-base';

export const COUNT_COLOUR = '#000000';
const BAND_COLOUR = 'rgba(0, 0, 0, 0.14)';

export interface MainChartInput {
  party: string;
  metric: string;
  /** The window's start: the running total is counted from here (as the API answered with from=). */
  periodStart: string | null;
  /** The chart's right edge: the latest tally in view, or the `to` filter. */
  end: string | null;
  running: RunningPoint[];
  claims: Claim[];
  styles: SourceStyles;
  /** The window's first day when it is not `periodStart` (the `from` filter): a first point's events start there. */
  windowFrom?: string | null;
  /** Nothing is counted in this view: the count is left out rather than drawn as a line at nought. */
  nothingCounted?: boolean;
}

/** The running total's points, each with the days whose events it adds: from the day after the
 *  point before (the first: from the window's start) to its own date. */
export function countPoints(running: RunningPoint[], windowFrom: string | null): ChartPoint[] {
  return running.map((p, i) => ({
    x: p.date, y: p.total, ids: [], low: p.low, high: p.high,
    span: { from: i === 0 ? windowFrom : nextDay(running[i - 1]!.date), to: p.date },
    label: `Counted by ${formatDay(p.date)}: ${formatNumber(p.total)}${p.low !== p.high ? ` (${formatNumber(p.low)}–${formatNumber(p.high)})` : ''}`,
  }));
}

/** The look of a source's series: markers where its points are few and apart, a line where they are
 *  many or close together (over a chart of `spanDays`). */
function sourceDataset(source: string, role: 'claims' | 'estimates', data: ChartPoint[], styles: SourceStyles, spanDays: number): LineDataset {
  const look = styles.look(source);
  const few = markersFit(data.map((p) => p.x), spanDays);
  return {
    label: `${source} (${role === 'claims' ? 'tallies' : 'estimates'})`,
    ctRole: role,
    ctSource: source,
    ctWhiskers: true,
    data,
    borderColor: look.colour, backgroundColor: look.colour, borderDash: [...look.dash], pointStyle: look.shape,
    pointRadius: few ? 6 : 0, pointHoverRadius: few ? 9 : 6, pointHitRadius: few ? 10 : 4,
    borderWidth: few ? 2 : 1.75, showLine: data.length > 1, fill: false, order: 0, clip: false,
  };
}

/** The datasets of the main chart: the count (step line + band) and one series per source. */
export function mainChartDatasets(input: MainChartInput): LineDataset[] {
  const { running, periodStart, end } = input;
  const datasets: LineDataset[] = [];
  const spanDays = spanOfDays([...(periodStart ? [periodStart] : []), ...(end ? [end] : []), ...running.map((p) => p.date), ...input.claims.map((c) => c.date)]);
  if (!input.nothingCounted) {
    const countLabel = periodStart ? `Counted from incidents, since ${formatDay(periodStart)}` : 'Counted from incidents';
    const pts = countPoints(running, periodStart ?? input.windowFrom ?? null);
    const lows: ChartPoint[] = running.map((p) => ({ x: p.date, y: p.low, ids: [], label: `Low ${formatNumber(p.low)}` }));
    const highs: ChartPoint[] = running.map((p) => ({ x: p.date, y: p.high, ids: [], label: `High ${formatNumber(p.high)}` }));
    // The step line starts at nought on the window's first day (no incident counted yet, by definition
    // of "counted from") and holds its last total to the chart's right edge.
    if (periodStart && (running.length === 0 || running[0]!.date > periodStart)) {
      const start = { x: periodStart, y: 0, ids: [], label: `Counted from ${formatDay(periodStart)}: 0` };
      pts.unshift(start);
      lows.unshift({ ...start });
      highs.unshift({ ...start });
    }
    const last = running[running.length - 1];
    if (end && last && last.date < end) {
      pts.push({ x: end, y: last.total, ids: [], label: `Counted by ${formatDay(end)}: ${formatNumber(last.total)}` });
      lows.push({ x: end, y: last.low, ids: [], label: '' });
      highs.push({ x: end, y: last.high, ids: [], label: '' });
    } else if (end && !last && pts.length > 0 && pts[0]!.x < end) {
      pts.push({ x: end, y: 0, ids: [], label: `Counted by ${formatDay(end)}: 0` });
    }
    const few = markersFit(running.map((p) => p.date), spanDays);
    const pointRadius = pts.map((p) => (p.span && few ? 3 : 0));
    if (pts.length > 0) {
      datasets.push({
        label: countLabel, data: pts, ctRole: 'count', stepped: true, borderColor: COUNT_COLOUR, backgroundColor: COUNT_COLOUR,
        borderWidth: 2.5, pointRadius, pointHoverRadius: 6, pointHitRadius: few ? 8 : 5, fill: false, order: 1,
      });
      const hasBand = running.some((p) => p.low !== p.total || p.high !== p.total);
      datasets.push({
        label: hasBand ? 'Low–high range of the count' : 'Low–high range (none here)',
        data: highs, ctRole: 'band-high', stepped: true, borderColor: 'rgba(0,0,0,0.35)', borderWidth: 1, borderDash: [4, 3],
        backgroundColor: BAND_COLOUR, pointRadius: 0, pointHitRadius: 0, fill: '+1', order: 2,
      });
      datasets.push({
        label: 'Low of the count', data: lows, ctRole: 'band-low', stepped: true, borderColor: 'rgba(0,0,0,0.35)', borderWidth: 1,
        borderDash: [4, 3], backgroundColor: BAND_COLOUR, pointRadius: 0, pointHitRadius: 0, fill: false, order: 2,
      });
    }
  }

  const bySource = new Map<string, Claim[]>();
  for (const c of input.claims) {
    let list = bySource.get(c.source);
    if (!list) bySource.set(c.source, (list = []));
    list.push(c);
  }
  for (const [source, claims] of [...bySource].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const counted = !input.nothingCounted;
    datasets.push(sourceDataset(source, 'claims', claims.map((c) => ({
      x: c.date, y: figureOf(c), ids: [c.id], low: c.low, high: c.high,
      label: `${source}: ${formatFigure(c)} as of ${formatDay(c.date, c.date_precision)}${counted ? ` (counted ${formatNumber(c.computed)}, gap ${formatSigned(c.gap)})` : ''}`,
    })), input.styles, spanDays));
  }
  return datasets;
}

export function createMainChart(canvas: HTMLCanvasElement, input: MainChartInput, onClick: PointClick): LineChart {
  return new Chart<'line', ChartPoint[]>(canvas, {
    type: 'line',
    data: { datasets: mainChartDatasets(input) },
    options: baseOptions(`${input.party}: ${input.metric}`, onClick, input.periodStart ?? undefined),
    plugins: CHART_PLUGINS,
  });
}

export function estimatesDatasets(estimates: Report[], styles: SourceStyles): LineDataset[] {
  const spanDays = spanOfDays(estimates.map((r) => r.date));
  const bySource = new Map<string, Report[]>();
  for (const r of estimates) {
    let list = bySource.get(r.source);
    if (!list) bySource.set(r.source, (list = []));
    list.push(r);
  }
  return [...bySource].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([source, list]) => sourceDataset(source, 'estimates', list.map((r) => ({
    x: r.date, y: figureOf(r), ids: [r.id], low: r.low, high: r.high,
    label: `${source}: ${formatFigure(r)} as of ${formatDay(r.date, r.date_precision)}`,
  })), styles, spanDays));
}

export function createEstimatesChart(canvas: HTMLCanvasElement, party: string, estimates: Report[], styles: SourceStyles, onClick: PointClick): LineChart {
  return new Chart<'line', ChartPoint[]>(canvas, {
    type: 'line',
    data: { datasets: estimatesDatasets(estimates, styles) },
    options: baseOptions(`${party}: troops`, onClick),
    plugins: CHART_PLUGINS,
  });
}
