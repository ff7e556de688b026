// The view: what the URL holds (url-state.ts parses and writes it) and what has been loaded for it
// (the facets, each source's chart style, the reports and figures already fetched). One object, read
// by every section; only the loader (load-view.ts), the filter bar and the writing hook change it.
import type { Report } from '../server/domain/report-fields';
import type { Facets } from './api';
import { SourceStyles } from './source-styles';
import type { FigureFields } from './format';
import { EMPTY_STATE, writeState, type ViewState } from './url-state';

export const PAGE_SIZE = 20;

export const view: { state: ViewState; facets: Facets | null; styles: SourceStyles } = {
  state: { ...EMPTY_STATE },
  facets: null,
  styles: new SourceStyles([]),
};

/** Reports already fetched, by id: the provenance panel opens these without another request. */
export const known = new Map<number, Report>();
/** The figures (value, qualifier, range) of reports and claims in view, by id: the comparison words a
 *  source's figure as stated ("about 40"). Claims carry only these, so they are not in `known`, which
 *  the provenance panel reads whole reports from (it fetches the ones it lacks). */
export const figuresById = new Map<number, FigureFields>();

export function setFacets(f: Facets): void {
  view.facets = f;
}

/** The looks of the view's sources, dealt by name (source-styles.ts). */
export function setStyles(sources: Iterable<string>): void {
  view.styles = new SourceStyles(sources);
}

/** After a write: what was fetched may have changed. */
export function forgetFetched(): void {
  known.clear();
  figuresById.clear();
}

let draw: () => void = () => undefined;

/** The loader registers how a new view is drawn (main.ts wires it). */
export function onViewChange(fn: () => void): void {
  draw = fn;
}

/** A new view from a control: pushed onto the history, then drawn. */
export function change(patch: Partial<ViewState>): void {
  const state = view.state;
  const next: ViewState = { ...state, ...patch };
  // Another party or metric has other period starts: the chart's window goes back to automatic.
  if ((next.party !== state.party || next.metric !== state.metric) && !('period_start' in patch)) next.period_start = null;
  if (!('offset' in patch)) next.offset = 0;
  view.state = next;
  writeState(next, 'push');
  draw();
}

/** The file name of a chart's PNG: "conflict-tally-ukrainian-forces-killed-claims.png". */
export function pngName(what: string): string {
  const s = view.state;
  const slug = `${s.party ?? 'all'}-${s.metric ?? ''}-${what}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `conflict-tally-${slug}.png`;
}
