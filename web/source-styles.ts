// Each source's look on the charts: one stable colour and marker per source name.
import type { PointStyle } from 'chart.js';

// Okabe–Ito: told apart by the common colour-vision deficiencies. Black is kept for the count.
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
