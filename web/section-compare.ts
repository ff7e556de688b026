// The same-period comparison: this year so far against last year, one row per year-start source, one
// per derived series and one for the count, never mixed; only the rows the API answered. A figure that
// does not cover its column's whole span says which days it does, and opens the tallies it was taken
// from (for a derived figure, the two it is the difference of).
import type { CompareResult } from '../server/domain/figure-types';
import { byId, h, message, replace, table } from './dom';
import { formatDay } from './format';
import { phraseElement } from './figure-phrase';
import { countPhrase, daysWords, derivedPhrase, sourcePhrase, type FigurePhrase, type Which } from './wording';

const pad = (y: number) => String(y).padStart(4, '0');

/** The span a column stands for: the figure's days are named only when they differ from it. */
function columnSpan(c: CompareResult, which: Which): [string | null, string | null] {
  const y = c.year!;
  if (which === 'so_far') return [`${pad(y)}-01-01`, c.day];
  if (which === 'prev_same_day') return [`${pad(y - 1)}-01-01`, c.prev_day];
  return [`${pad(y - 1)}-01-01`, `${pad(y - 1)}-12-31`];
}

function figureCell(p: FigurePhrase | null, c: CompareResult, which: Which): HTMLTableCellElement {
  if (!p) return h('td', { class: 'num' }, '—');
  const [from, to] = columnSpan(c, which);
  const whole = p.from === from && p.to === to;
  // The column says the span; a figure over other days says its own, as a sentence does.
  const note = whole ? '' : p.from && p.to ? daysWords(p.from, p.to) : p.to ? `to ${formatDay(p.to)}` : '';
  return h('td', { class: 'num' }, phraseElement(p, false), note ? h('span', { class: 'cell-note' }, note) : null);
}

export function compareTable(c: CompareResult, counted: boolean): HTMLElement {
  const year = c.year!;
  const prevYear = year - 1;
  const which: Which[] = ['so_far', 'prev_same_day', 'prev_full'];
  const rows: (Node | string | HTMLTableCellElement)[][] = [];
  for (const s of c.sources) {
    rows.push([h('th', { scope: 'row' }, s.source), ...which.map((w) => figureCell(sourcePhrase(s, w, year), c, w))]);
  }
  for (const d of c.derived) {
    rows.push([
      h('th', { scope: 'row' }, d.source, ' ', h('span', { class: 'badge badge-derived', title: `Derived from a cumulative series counted from ${formatDay(d.period_start)}: the difference between its tallies` }, 'derived'),
        h('span', { class: 'cell-note' }, `series since ${formatDay(d.period_start)}`)),
      ...which.map((w) => figureCell(derivedPhrase(d, w, year), c, w)),
    ]);
  }
  if (counted) {
    rows.push([
      h('th', { scope: 'row' }, 'Counted from incidents ', h('span', { class: 'badge badge-count' }, 'count')),
      ...which.map((w) => figureCell(countPhrase(c.count, w, year), c, w)),
    ]);
  }
  const head = [
    'Source',
    `${year} so far${c.day ? ` (to ${formatDay(c.day)})` : ''}`,
    `${prevYear} to the same day${c.prev_day ? ` (${formatDay(c.prev_day)})` : ''}`,
    `${prevYear} in full`,
  ];
  return table(`Same period: ${year} so far against ${prevYear}`, head, rows, { class: 'data-table compare-table' });
}

export function renderCompare(compare: CompareResult, counted: boolean): void {
  const el = byId('compare');
  if (compare.year === null) {
    replace(el, message('empty', 'Nothing to compare: no tallies or incidents in this view.'));
    return;
  }
  const none = compare.sources.length + compare.derived.length === 0;
  replace(el,
    none && !counted ? message('empty', `No source has a figure to compare for ${compare.year} or ${compare.year - 1}, and nothing is counted in this view.`)
      : compareTable(compare, counted),
    h('p', { class: 'explain' }, 'Each row is one source, never mixed with another; “derived” rows come from a cumulative series (the difference between two of its tallies: click a figure for both), computed by the server. A figure that covers other days than its column says which. ',
      counted ? 'The count row adds up incident reports over the same spans.' : 'Nothing is counted in this view, so there is no count row.'));
}
