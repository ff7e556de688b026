// A chart's legend as part of the page, not of the canvas: one button per series, with a small picture
// of its look (colour, dash and marker), that hides or shows it. Keyboard-reachable; it wraps on a
// phone instead of squeezing the plot.
import type { PointStyle } from 'chart.js';
import type { LineChart, LineDataset } from './chart-base';
import { h, replace } from './dom';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** A marker's outline centred on (cx, cy), as chart.js draws its point styles. */
function marker(shape: PointStyle | string, cx: number, cy: number, r: number, colour: string): SVGElement {
  const paint = { fill: colour, stroke: colour, 'stroke-width': 1.5 };
  const poly = (pts: [number, number][]) => svg('polygon', { ...paint, points: pts.map(([x, y]) => `${x},${y}`).join(' ') });
  switch (shape) {
    case 'triangle': return poly([[cx, cy - r], [cx + r, cy + r * 0.8], [cx - r, cy + r * 0.8]]);
    case 'rect': return svg('rect', { ...paint, x: cx - r * 0.8, y: cy - r * 0.8, width: r * 1.6, height: r * 1.6 });
    case 'rectRounded': return svg('rect', { ...paint, x: cx - r * 0.8, y: cy - r * 0.8, width: r * 1.6, height: r * 1.6, rx: r * 0.45 });
    case 'rectRot': return poly([[cx, cy - r], [cx + r, cy], [cx, cy + r], [cx - r, cy]]);
    case 'star': {
      const pts: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? r * 1.1 : r * 0.45;
        pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
      }
      return poly(pts);
    }
    case 'crossRot': return svg('path', { stroke: colour, 'stroke-width': 2.2, fill: 'none', d: `M${cx - r} ${cy - r}L${cx + r} ${cy + r}M${cx + r} ${cy - r}L${cx - r} ${cy + r}` });
    default: return svg('circle', { ...paint, cx, cy, r: r * 0.85 });
  }
}

/** A picture of a series' look: its line (with its dash) and its marker. */
export function lookPicture(colour: string, dash: readonly number[], shape: PointStyle | string | null, stepped = false): SVGSVGElement {
  const pic = svg('svg', { width: 34, height: 14, viewBox: '0 0 34 14', 'aria-hidden': 'true', focusable: 'false', class: 'legend-look' });
  pic.append(svg('path', {
    d: stepped ? 'M1 11H14V4H33' : 'M1 7H33', fill: 'none', stroke: colour, 'stroke-width': 2.2,
    ...(dash.length ? { 'stroke-dasharray': dash.join(' ') } : {}),
  }));
  if (shape) pic.append(marker(shape, 17, 7, 4.5, colour));
  return pic;
}

/** Draws the legend of `chart` into `box`: one toggle per series (the count's band goes with it). */
export function renderLegend(box: HTMLElement, chart: LineChart | null, label: string): void {
  if (!chart) {
    replace(box);
    return;
  }
  const datasets = chart.data.datasets as LineDataset[];
  const entries = datasets.map((d, i) => ({ d, i })).filter(({ d }) => d.ctRole === 'count' || d.ctRole === 'claims' || d.ctRole === 'estimates');
  const list = h('ul', { class: 'legend-list', 'aria-label': label });
  for (const { d, i } of entries) {
    const together = d.ctRole === 'count' ? datasets.map((x, j) => ({ x, j })).filter(({ x }) => x.ctRole?.startsWith('band')).map(({ j }) => j) : [];
    const colour = String(d.borderColor ?? '#000');
    const dash = (d.borderDash as number[] | undefined) ?? [];
    const shape = d.ctRole === 'count' ? null : String(d.pointStyle ?? 'circle');
    const button = h('button', {
      type: 'button', class: 'legend-entry', 'aria-pressed': 'true', 'data-role': d.ctRole ?? '',
      'data-source': d.ctSource ?? '', 'data-colour': colour, 'data-dash': dash.join(' '), 'data-marker': shape ?? '',
      title: `Hide or show ${d.label}`,
    }, lookPicture(colour, dash, shape, d.ctRole === 'count'), h('span', { class: 'legend-label' }, String(d.label ?? '')));
    button.addEventListener('click', () => {
      const show = !chart.isDatasetVisible(i);
      for (const j of [i, ...together]) chart.setDatasetVisibility(j, show);
      chart.update('none');
      button.setAttribute('aria-pressed', show ? 'true' : 'false');
    });
    list.append(h('li', {}, button));
  }
  replace(box, list);
}
