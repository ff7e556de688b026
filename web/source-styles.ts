// Each source's look on the charts: a colour, a dash pattern and a marker together, so that two dozen
// sources in one view stay apart, also for readers who do not tell colours apart (the dash and the
// marker carry the difference without the colour).
//
// The looks are dealt in a stable order: the sources of the view sorted by name (code-point order),
// the first getting look 0. Look k has colour k mod 7, dash ⌊k/7⌋ mod 4 and a marker shifted by the
// dash group, so the first 28 sources differ in colour or dash (what a line shows when its markers are
// hidden) and every look up to 196 differs from every other in at least one of the three.
import type { PointStyle } from 'chart.js';

// Okabe–Ito, without its black (kept for the count) and with its yellow last (the faintest on white).
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'] as const;
/** Solid, dashed, dotted, dash-dot (pixels on and off, as canvas and SVG take them). */
export const DASHES: readonly (readonly number[])[] = [[], [8, 4], [2, 3], [10, 3, 2, 3]];
export const SHAPES: readonly PointStyle[] = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot', 'rectRounded'];

export interface SourceLook {
  colour: string;
  dash: readonly number[];
  shape: PointStyle;
}

export function lookAt(k: number): SourceLook {
  const c = k % PALETTE.length;
  const group = Math.floor(k / PALETTE.length);
  const d = group % DASHES.length;
  const round = Math.floor(k / (PALETTE.length * DASHES.length));
  return { colour: PALETTE[c]!, dash: DASHES[d]!, shape: SHAPES[(k + group + round) % SHAPES.length]! };
}

/** One look per source name of a view, dealt by name. A name not dealt gets the next free look. */
export class SourceStyles {
  private readonly index = new Map<string, number>();
  constructor(sources: Iterable<string>) {
    const names = [...new Set(sources)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    names.forEach((s, i) => this.index.set(s, i));
  }
  private at(source: string): number {
    let i = this.index.get(source);
    if (i === undefined) this.index.set(source, (i = this.index.size));
    return i;
  }
  look(source: string): SourceLook {
    return lookAt(this.at(source));
  }
}
