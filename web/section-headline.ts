// The headline: the view's title and its key sentences. Each source's year so far against the year
// before (the five sources with the most recent tallies; "and N more sources" opens the rest), every
// figure worded with the days it covers (wording.ts) and opening the tallies it was taken from; then
// the count's sentence, or once, when nothing is counted in this view, how to add incidents. For
// troops: each source's latest estimates.
import type { Report } from '../server/domain/report-fields';
import type { SeriesResult } from '../server/domain/figure-types';
import type { CompareResult, CompareDerivedRow, CompareSourceRow } from '../server/domain/figure-types';
import { nothingCounted } from './counted';
import { byId, h, replace } from './dom';
import { formatDay, formatFigure, metricLabel } from './format';
import { phraseElement } from './figure-phrase';
import { lookPicture } from './legend';
import type { ViewState } from './url-state';
import { view } from './view-state';
import { countPhrase, derivedPhrase, latestTo, sourcePhrase, type FigurePhrase } from './wording';

/** Source sentences shown before "and N more sources". */
export const HEADLINE_SOURCES = 5;

type Child = Node | string;

function sourceClauses(row: CompareSourceRow, year: number): Child[] {
  const soFar = sourcePhrase(row, 'so_far', year);
  const prev = sourcePhrase(row, 'prev_full', year);
  return [
    soFar ? phraseElement(soFar) : `no figure yet for ${year}`,
    ', against ',
    prev ? phraseElement(prev) : `no figure for ${year - 1}`,
  ];
}

function derivedClauses(row: CompareDerivedRow, year: number): Child[] {
  const shown = [derivedPhrase(row, 'so_far', year), derivedPhrase(row, 'prev_full', year)].filter((p): p is FigurePhrase => p !== null);
  if (shown.length === 0) {
    const sameDay = derivedPhrase(row, 'prev_same_day', year);
    if (sameDay) shown.push(sameDay);
  }
  const out: Child[] = [];
  shown.forEach((p, i) => out.push(...(i > 0 ? [', against '] : []), phraseElement(p)));
  out.push(` (derived from its count since ${formatDay(row.period_start)})`);
  return out;
}

function sourceSentence(source: string, rows: (CompareSourceRow | CompareDerivedRow)[], year: number): HTMLElement {
  const look = view.styles.look(source);
  const parts: Child[] = [];
  rows.forEach((row, i) => {
    if (i > 0) parts.push('; ');
    parts.push(...('derived' in row ? derivedClauses(row, year) : sourceClauses(row, year)));
  });
  return h('p', { class: `key-sentence${rows.every((r) => 'derived' in r) ? ' derived' : ''}`, 'data-source': source },
    lookPicture(look.colour, look.dash, look.shape), `${source}: `, ...parts);
}

/** True when the view counts no incident at all (the comparison's `count.events`). */

function nothingCountedLine(s: ViewState): HTMLElement {
  const whose = s.count_source.length ? ` from ${s.count_source.join(', ')}` : '';
  return h('p', { class: 'key-sentence muted', id: 'nothing-counted' },
    `Nothing is counted in this view: no incident reports of ${s.party} · ${s.metric}${whose}, so each source’s figures stand alone. `,
    'To set them against a count, add incidents (kind “incident”, one per event): sign in, then “Add report” or “Import”, or POST /api/reports.');
}

function compareLines(s: ViewState, overview: SeriesResult, compare: CompareResult): HTMLElement[] {
  const year = compare.year!;
  const bySource = new Map<string, (CompareSourceRow | CompareDerivedRow)[]>();
  for (const row of [...compare.sources, ...compare.derived]) bySource.set(row.source, [...(bySource.get(row.source) ?? []), row]);
  // The most recent tallies first: a source's latest tally in view, else the latest its rows show.
  const latest = new Map<string, string>();
  for (const c of overview.claims) if (c.date > (latest.get(c.source) ?? '')) latest.set(c.source, c.date);
  const recency = (source: string, rows: (CompareSourceRow | CompareDerivedRow)[]) =>
    [latest.get(source) ?? '', ...rows.map(latestTo)].reduce((m, d) => (d > m ? d : m), '');
  const ordered = [...bySource].map(([source, rows]) => ({ source, rows, at: recency(source, rows) }))
    .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const sentences = ordered.map((o) => sourceSentence(o.source, o.rows, year));
  const lines: HTMLElement[] = sentences.slice(0, HEADLINE_SOURCES);
  const rest = sentences.slice(HEADLINE_SOURCES);
  if (rest.length) {
    lines.push(h('details', { class: 'more-sources', id: 'more-sources' },
      h('summary', {}, `and ${rest.length} more source${rest.length === 1 ? '' : 's'}`), ...rest));
  }
  if (nothingCounted(compare)) {
    lines.push(nothingCountedLine(s));
  } else {
    const c = compare.count;
    const soFar = countPhrase(c, 'so_far', year);
    const prev = countPhrase(c, 'prev_full', year);
    lines.push(h('p', { class: 'key-sentence count' }, 'Counted from incidents: ',
      soFar ? phraseElement(soFar) : `nothing yet in ${year}`, ', against ',
      prev ? phraseElement(prev) : `no count for ${year - 1}`));
  }
  return lines;
}

function troopLines(overview: SeriesResult): HTMLElement[] {
  // Each source's latest estimate, with the one before it: levels at a moment, never added up.
  const lines: HTMLElement[] = [];
  const bySource = new Map<string, Report[]>();
  for (const r of overview.estimates) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
  for (const [source, list] of bySource) {
    const latest = list[list.length - 1]!;
    const before = list[list.length - 2];
    lines.push(h('p', { class: 'key-sentence' },
      `${source}: ${formatFigure(latest)} troops as of ${formatDay(latest.date, latest.date_precision)}`,
      before ? `, against ${formatFigure(before)} as of ${formatDay(before.date, before.date_precision)}` : ''));
  }
  lines.push(h('p', { class: 'key-sentence muted' }, 'Troop numbers are estimates of a level at one moment: each source’s are shown apart and never added up.'));
  return lines;
}

export function renderHeadline(s: ViewState, overview: SeriesResult, compare: CompareResult): void {
  replace(byId('view-title'), `${s.party} · ${metricLabel(s.metric!)}`);
  let lines: HTMLElement[] = [];
  if (s.metric === 'troops') lines = troopLines(overview);
  else if (compare.year !== null) lines = compareLines(s, overview, compare);
  if (lines.length === 0) {
    const any = overview.claims.length + overview.running.length + overview.estimates.length > 0;
    lines.push(h('p', { class: 'key-sentence muted' }, any
      ? 'No tallies or incidents to compare year on year in this view.'
      : `No reports of ${s.party} · ${s.metric} in this view.`));
  }
  replace(byId('key-sentences'), ...lines);
}
