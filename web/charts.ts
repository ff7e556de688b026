// The two charts (chart.js on a time axis through chartjs-adapter-date-fns). They draw what the API
// answered: the running total and its band as the server summed them, each report's figure as the
// shared domain module defines it (figureOf). Nothing is added up here.
import {
  Chart, Filler, Legend, LineController, LineElement, LinearScale, PointElement, TimeScale, Tooltip,
  type ChartConfiguration, type ChartDataset, type Plugin, type PointStyle, type TooltipItem,
} from 'chart.js';
import 'chartjs-adapter-date-fns';
import { figureOf, type Report } from '../server/domain/report-fields';
import type { Claim, RunningPoint } from '../server/domain/figure-types';
import { formatDay, formatFigure, formatNumber, formatSigned } from './format';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Filler, Legend, Tooltip);

// Okabe–Ito: told apart by the common colour-vision deficiencies. Black is kept for the count.
export const COUNT_COLOUR = '#000000';
const BAND_COLOUR = 'rgba(0, 0, 0, 0.14)';
const PALETTE = ['#E69F00', '#0072B2', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442'] as const;
// A second cue besides colour: each source also has its own marker shape.
const SHAPES: PointStyle[] = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot', 'rectRounded'];

/** One stable colour and marker per source name (the index in the facet list of sources). */
export class SourceStyles {
  private readonly index = new Map<string, number>();
  constructor(sources: readonly string[]) {
    sources.forEach((s, i) => this.index.set(s, i));
  }
  private at(source: string): number {
    let i = this.index.get(source);
    if (i === undefined) this.index.set(source, (i = this.index.size));
    return i;
  }
  colour(source: string): string {
    return PALETTE[this.at(source) % PALETTE.length]!;
  }
  shape(source: string): PointStyle {
    return SHAPES[this.at(source) % SHAPES.length]!;
  }
}

/** A point of a chart: x an ISO day; `ids` the reports behind it (none for the count's ends). */
export interface ChartPoint {
  x: string;
  y: number;
  ids: number[];
  label: string;
  low?: number | null;
  high?: number | null;
  /** For the count: the day the point stands for (incidents of that day open in the panel). */
  countDay?: string;
}

export type PointClick = (p: ChartPoint, datasetLabel: string) => void;

// White background, so a downloaded PNG is readable anywhere.
const whiteBackground: Plugin = {
  id: 'ctWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

// Vertical whiskers for figures stated with a range (low–high), drawn at each point.
const rangeWhiskers: Plugin = {
  id: 'ctRangeWhiskers',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const y = chart.scales.y;
    if (!y) return;
    chart.data.datasets.forEach((ds, di) => {
      const meta = chart.getDatasetMeta(di);
      if (meta.hidden || (ds as { ctWhiskers?: boolean }).ctWhiskers !== true) return;
      (ds.data as unknown as ChartPoint[]).forEach((p, i) => {
        if (p.low == null || p.high == null) return;
        const el = meta.data[i];
        if (!el) return;
        const top = y.getPixelForValue(p.high);
        const bottom = y.getPixelForValue(p.low);
        ctx.save();
        ctx.strokeStyle = String(ds.borderColor ?? '#333');
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(el.x, top);
        ctx.lineTo(el.x, bottom);
        ctx.moveTo(el.x - 5, top);
        ctx.lineTo(el.x + 5, top);
        ctx.moveTo(el.x - 5, bottom);
        ctx.lineTo(el.x + 5, bottom);
        ctx.stroke();
        ctx.restore();
      });
    });
  },
};

type LineDataset = ChartDataset<'line', ChartPoint[]> & { ctWhiskers?: boolean; ctRole?: string };

function baseOptions(title: string, onClick: PointClick, xMin?: string): ChartConfiguration<'line', ChartPoint[]>['options'] {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    layout: { padding: { top: 10, right: 14, left: 4 } },
    parsing: { xAxisKey: 'x', yAxisKey: 'y' },
    interaction: { mode: 'nearest', intersect: true },
    scales: {
      x: {
        type: 'time',
        time: { tooltipFormat: 'd MMM yyyy', displayFormats: { day: 'd MMM yyyy', week: 'd MMM yyyy', month: 'MMM yyyy', quarter: 'MMM yyyy', year: 'yyyy' } },
        min: xMin,
        ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 16, color: '#333' },
        grid: { color: '#e6e6e6' },
      },
      y: {
        beginAtZero: true,
        title: { display: true, text: title, color: '#333' },
        ticks: { color: '#333', callback: (v) => formatNumber(Number(v)) },
        grid: { color: '#e6e6e6' },
      },
    },
    plugins: {
      legend: {
        position: 'bottom',
        labels: {
          usePointStyle: true,
          color: '#222',
          filter: (item, data) => (data.datasets[item.datasetIndex ?? 0] as unknown as LineDataset).ctRole !== 'band-low',
        },
      },
      tooltip: {
        callbacks: {
          label: (item: TooltipItem<'line'>) => (item.raw as ChartPoint).label,
        },
      },
    },
    onClick: (event, _elements, chart) => {
      const hits = chart.getElementsAtEventForMode(event as unknown as Event, 'nearest', { intersect: true }, true);
      for (const hit of hits) {
        const ds = chart.data.datasets[hit.datasetIndex] as unknown as LineDataset;
        const p = ds.data[hit.index];
        if (p && (p.ids.length > 0 || p.countDay)) {
          onClick(p, String(ds.label ?? ''));
          return;
        }
      }
    },
    onHover: (event, elements, chart) => {
      chart.canvas.style.cursor = elements.length > 0 ? 'pointer' : 'default';
      void event;
    },
  };
}

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
}

/** The datasets of the main chart: the count (step line + band) and one series per source. */
export function mainChartDatasets(input: MainChartInput): LineDataset[] {
  const { running, periodStart, end } = input;
  const countLabel = periodStart ? `Counted from incidents, since ${formatDay(periodStart)}` : 'Counted from incidents';
  const pts: ChartPoint[] = running.map((p) => ({
    x: p.date, y: p.total, ids: [], countDay: p.date,
    label: `Counted by ${formatDay(p.date)}: ${formatNumber(p.total)}${p.low !== p.high ? ` (${formatNumber(p.low)}–${formatNumber(p.high)})` : ''}`,
  }));
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
  const pointRadius = pts.map((p) => (p.countDay ? 3 : 0));

  const datasets: LineDataset[] = [];
  if (pts.length > 0) {
    datasets.push({
      label: countLabel, data: pts, ctRole: 'count', stepped: true, borderColor: COUNT_COLOUR, backgroundColor: COUNT_COLOUR,
      borderWidth: 2.5, pointRadius, pointHoverRadius: 6, pointHitRadius: 8, fill: false, order: 1,
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

  const bySource = new Map<string, Claim[]>();
  for (const c of input.claims) {
    let list = bySource.get(c.source);
    if (!list) bySource.set(c.source, (list = []));
    list.push(c);
  }
  for (const [source, claims] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    const colour = input.styles.colour(source);
    datasets.push({
      label: `${source} (tallies)`,
      ctRole: 'claims',
      ctWhiskers: true,
      data: claims.map((c) => ({
        x: c.date, y: figureOf(c), ids: [c.id], low: c.low, high: c.high,
        label: `${source}: ${formatFigure(c)} as of ${formatDay(c.date, c.date_precision)} (counted ${formatNumber(c.computed)}, gap ${formatSigned(c.gap)})`,
      })),
      borderColor: colour, backgroundColor: colour, pointStyle: input.styles.shape(source),
      pointRadius: 7, pointHoverRadius: 9, pointHitRadius: 10, borderWidth: 2, showLine: claims.length > 1, fill: false, order: 0, clip: false,
    });
  }
  return datasets;
}

export function createMainChart(canvas: HTMLCanvasElement, input: MainChartInput, onClick: PointClick): Chart<'line', ChartPoint[]> {
  const datasets = mainChartDatasets(input);
  return new Chart<'line', ChartPoint[]>(canvas, {
    type: 'line',
    data: { datasets },
    options: baseOptions(`${input.party}: ${input.metric}`, onClick, input.periodStart ?? undefined),
    plugins: [whiteBackground, rangeWhiskers],
  });
}

export function estimatesDatasets(estimates: Report[], styles: SourceStyles): LineDataset[] {
  const bySource = new Map<string, Report[]>();
  for (const r of estimates) {
    let list = bySource.get(r.source);
    if (!list) bySource.set(r.source, (list = []));
    list.push(r);
  }
  return [...bySource].sort(([a], [b]) => a.localeCompare(b)).map(([source, list]) => {
    const colour = styles.colour(source);
    return {
      label: `${source} (estimates)`,
      ctRole: 'estimates',
      ctWhiskers: true,
      data: list.map((r) => ({
        x: r.date, y: figureOf(r), ids: [r.id], low: r.low, high: r.high,
        label: `${source}: ${formatFigure(r)} as of ${formatDay(r.date, r.date_precision)}`,
      })),
      borderColor: colour, backgroundColor: colour, pointStyle: styles.shape(source),
      pointRadius: 7, pointHoverRadius: 9, pointHitRadius: 10, borderWidth: 2, showLine: list.length > 1, fill: false, clip: false,
    };
  });
}

export function createEstimatesChart(canvas: HTMLCanvasElement, party: string, estimates: Report[], styles: SourceStyles, onClick: PointClick): Chart<'line', ChartPoint[]> {
  return new Chart<'line', ChartPoint[]>(canvas, {
    type: 'line',
    data: { datasets: estimatesDatasets(estimates, styles) },
    options: baseOptions(`${party}: troops`, onClick),
    plugins: [whiteBackground, rangeWhiskers],
  });
}

/** Saves a chart as a PNG file (a blob URL and a download link; no data: navigation). */
export type LineChart = Chart<'line', ChartPoint[]>;

export function downloadPng(chart: LineChart, filename: string): void {
  chart.canvas.toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, 'image/png');
}

/** A plain copy of what a chart holds and drew, for the browser tests (window.__charts). */
export interface ChartSnapshot {
  datasets: {
    label: string; role: string | null; type: string; stepped: unknown; showLine: unknown; fill: unknown;
    data: { x: string; y: number; ids: number[] }[];
    /** Pixel positions of the drawn points (NaN-free when drawn). */
    drawn: { x: number; y: number }[];
  }[];
  chartArea: { left: number; top: number; right: number; bottom: number; width: number; height: number };
  canvas: { width: number; height: number };
}

export function snapshot(chart: LineChart | null): ChartSnapshot | null {
  if (!chart) return null;
  const type = (chart.config as { type?: string }).type ?? 'line';
  return {
    datasets: chart.data.datasets.map((ds, i) => {
      const d = ds as unknown as LineDataset;
      const meta = chart.getDatasetMeta(i);
      return {
        label: String(d.label ?? ''),
        role: d.ctRole ?? null,
        type: meta.type ?? type,
        stepped: d.stepped ?? false,
        showLine: d.showLine ?? true,
        fill: d.fill ?? false,
        data: d.data.map((p) => ({ x: p.x, y: p.y, ids: [...p.ids] })),
        drawn: meta.data.map((el) => ({ x: el.x, y: el.y })),
      };
    }),
    chartArea: { ...chart.chartArea },
    canvas: { width: chart.canvas.width, height: chart.canvas.height },
  };
}
