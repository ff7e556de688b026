// What both charts share (chart.js on a time axis through chartjs-adapter-date-fns): the point shape,
// the plugins (white background, range whiskers), the options, the PNG download and the snapshot the
// browser tests read. The datasets are charts.ts's.
import {
  Chart, Filler, Legend, LineController, LineElement, LinearScale, PointElement, TimeScale, Tooltip,
  type ChartConfiguration, type ChartDataset, type Plugin, type PointStyle, type Scale, type TooltipItem,
} from 'chart.js';
import 'chartjs-adapter-date-fns';
import { dayNumber } from '../server/domain/dates';
import { formatNumber } from './format';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Filler, Legend, Tooltip);

/** The days a point of the running total stands for: its counted events open in the panel. */
export interface CountSpan { from: string | null; to: string }

/** A point of a chart: x an ISO day; `ids` the reports behind it (none for the count). */
export interface ChartPoint {
  x: string;
  y: number;
  ids: number[];
  label: string;
  low?: number | null;
  high?: number | null;
  /** For the count's points: the days whose events it adds (none for the window's ends). */
  span?: CountSpan;
}

export type PointClick = (p: ChartPoint, datasetLabel: string) => void;

export type LineDataset = ChartDataset<'line', ChartPoint[]> & {
  ctWhiskers?: boolean;
  /** count, band-high, band-low, claims or estimates. */
  ctRole?: string;
  /** The source a claims or estimates dataset draws. */
  ctSource?: string;
};
export type LineChart = Chart<'line', ChartPoint[]>;

/** A series with more points than this is drawn as a line alone: markers only on hover. */
export const FEW_POINTS = 40;
/** Below this many pixels between a series' typical neighbours (on a plot about 700 px wide), its
 *  markers would touch: it is drawn as a line alone too. */
const MARKER_ROOM_PX = 8;
const PLOT_PX = 700;


/** Whether a series' markers fit: few points, spread enough over the chart's days (`spanDays`). */
export function markersFit(dates: readonly string[], spanDays: number): boolean {
  if (dates.length <= 1) return true;
  if (dates.length > FEW_POINTS) return false;
  const gaps = dates.slice(1).map((d, i) => dayNumber(d) - dayNumber(dates[i]!)).sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  return (median / Math.max(1, spanDays)) * PLOT_PX >= MARKER_ROOM_PX;
}

/** The days from the first to the last of some ISO days (at least 1). */
export function spanOfDays(dates: readonly string[]): number {
  if (dates.length === 0) return 1;
  let min = dates[0]!;
  let max = dates[0]!;
  for (const d of dates) {
    if (d < min) min = d;
    if (d > max) max = d;
  }
  return Math.max(1, dayNumber(max) - dayNumber(min));
}

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
      if (meta.hidden || !chart.isDatasetVisible(di) || (ds as unknown as LineDataset).ctWhiskers !== true) return;
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

export const CHART_PLUGINS: Plugin<'line'>[] = [whiteBackground as Plugin<'line'>, rangeWhiskers as Plugin<'line'>];

const DAY_MS = 86_400_000;

/** A chart whose points fall on one day (a single report) would span one millisecond, its axis labelled
 *  in milliseconds: it is widened to a week around them. */
function atLeastAWeek(scale: Scale): void {
  if (scale.max - scale.min >= 2 * DAY_MS) return;
  const middle = (scale.min + scale.max) / 2;
  scale.min = middle - 3.5 * DAY_MS;
  scale.max = middle + 3.5 * DAY_MS;
}

export function baseOptions(title: string, onClick: PointClick, xMin?: string): ChartConfiguration<'line', ChartPoint[]>['options'] {
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
        time: { minUnit: 'day', tooltipFormat: 'd MMM yyyy', displayFormats: { day: 'd MMM yyyy', week: 'd MMM yyyy', month: 'MMM yyyy', quarter: 'MMM yyyy', year: 'yyyy' } },
        min: xMin,
        afterDataLimits: atLeastAWeek,
        ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 16, color: '#333' },
        grid: { color: '#e6e6e6' },
      },
      y: {
        beginAtZero: true,
        title: { display: true, text: title, color: '#333' },
        // Whole numbers only: figures are counts (small ones were labelled 0, 1, 1, 2, 2, 3).
        ticks: { color: '#333', precision: 0, callback: (v) => formatNumber(Number(v)) },
        grid: { color: '#e6e6e6' },
      },
    },
    plugins: {
      // The legend is the page's own list beside the chart (legend.ts): keyboard-reachable, and it
      // does not squeeze the plot on a phone. It is drawn into the canvas only for a PNG download.
      legend: {
        display: false,
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
      // Every point under the pointer, nearest first; the first that opens something wins (a dense
      // line's points sit a few pixels apart, beside ends that open nothing).
      const hits = chart.getElementsAtEventForMode(event as unknown as Event, 'point', { intersect: true }, true);
      const at = (h: (typeof hits)[number]) => Math.hypot(h.element.x - (event.x ?? 0), h.element.y - (event.y ?? 0));
      for (const hit of [...hits].sort((a, b) => at(a) - at(b))) {
        const ds = chart.data.datasets[hit.datasetIndex] as unknown as LineDataset;
        const p = ds.data[hit.index];
        if (p && (p.ids.length > 0 || p.span)) {
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

/** Saves a chart as a PNG file (a blob URL and a download link; no data: navigation), with its legend
 *  drawn in for the file. */
export function downloadPng(chart: LineChart, filename: string): void {
  const legend = chart.options.plugins!.legend!;
  legend.display = true;
  chart.update('none');
  chart.canvas.toBlob((blob) => {
    legend.display = false;
    chart.update('none');
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
    label: string; role: string | null; source: string | null; type: string; stepped: unknown; showLine: unknown; fill: unknown;
    hidden: boolean;
    /** The look: colour, dash pattern, marker, and the marker's radius (0: a line without markers). */
    colour: string; dash: number[]; pointStyle: string; pointRadius: number;
    data: { x: string; y: number; ids: number[] }[];
    /** Per point: the low–high range a figure was stated with, and the days a count's point stands for. */
    ranges: ({ low: number; high: number } | null)[];
    spans: (CountSpan | null)[];
    /** Pixel positions of the drawn points (NaN-free when drawn). */
    drawn: { x: number; y: number }[];
  }[];
  chartArea: { left: number; top: number; right: number; bottom: number; width: number; height: number };
  canvas: { width: number; height: number };
  /** Each axis's range (ms since the epoch for x) and the labels of its ticks. */
  axes: { x: { min: number; max: number; labels: string[] }; y: { min: number; max: number; labels: string[] } };
}

const axisOf = (scale: Scale | undefined) => ({
  min: scale?.min ?? NaN, max: scale?.max ?? NaN, labels: (scale?.ticks ?? []).map((t) => String(t.label ?? '')),
});

export function snapshot(chart: LineChart | null): ChartSnapshot | null {
  if (!chart) return null;
  const type = (chart.config as { type?: string }).type ?? 'line';
  return {
    datasets: chart.data.datasets.map((ds, i) => {
      const d = ds as LineDataset;
      const meta = chart.getDatasetMeta(i);
      const radius = Array.isArray(d.pointRadius) ? Math.max(0, ...(d.pointRadius as number[])) : Number(d.pointRadius ?? 3);
      return {
        label: String(d.label ?? ''),
        role: d.ctRole ?? null,
        source: d.ctSource ?? null,
        type: meta.type ?? type,
        stepped: d.stepped ?? false,
        showLine: d.showLine ?? true,
        fill: d.fill ?? false,
        hidden: !chart.isDatasetVisible(i),
        colour: String(d.borderColor ?? ''),
        dash: [...((d.borderDash as number[] | undefined) ?? [])],
        pointStyle: String((d.pointStyle as PointStyle | undefined) ?? 'circle'),
        pointRadius: radius,
        data: d.data.map((p) => ({ x: p.x, y: p.y, ids: [...p.ids] })),
        ranges: d.data.map((p) => (p.low != null && p.high != null ? { low: p.low, high: p.high } : null)),
        spans: d.data.map((p) => p.span ?? null),
        drawn: meta.data.map((el) => ({ x: el.x, y: el.y })),
      };
    }),
    chartArea: { ...chart.chartArea },
    canvas: { width: chart.canvas.width, height: chart.canvas.height },
    axes: { x: axisOf(chart.scales.x), y: axisOf(chart.scales.y) },
  };
}
