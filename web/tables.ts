// Tables and lists of the dashboard: the data table beside each chart, the tallies over other periods
// and the reports table (the comparison and the flags are section-compare.ts's and section-flags.ts's).
// Every number is one the API answered; these functions only lay it out.
import type { Report } from '../server/domain/report-fields';
import type { Claim } from '../server/domain/figure-types';
import type { ChartPoint, CountSpan } from './chart-base';
import { daysWords } from './wording';
import { h, reportButton, table } from './dom';
import { formatDay, formatFigure, formatNumber, formatPeriod, formatSigned } from './format';

export type OpenIds = (ids: number[]) => void;

const num = (text: string, ...extra: (Node | string)[]) => h('td', { class: 'num' }, text, ...extra);

/** Data table of the main chart: the count's points (each opens the events it adds), then every tally
 *  on the chart; without a count (nothing counted in this view) the tallies stand alone. */
export function mainDataTable(count: ChartPoint[], claims: Claim[], periodStart: string | null, openIds: OpenIds,
  openSpan: (span: CountSpan) => void, counted: boolean): HTMLElement {
  const countRows = count.map((p) => [
    h('button', { type: 'button', class: 'link-button', onclick: () => openSpan(p.span!), title: `Open the events counted ${p.span!.from ? daysWords(p.span!.from, p.span!.to) : `up to ${formatDay(p.span!.to)}`}` }, formatDay(p.x)),
    'Counted (running total)',
    num(formatNumber(p.y)),
    num(p.low === p.high ? '—' : `${formatNumber(p.low)}–${formatNumber(p.high)}`),
    '', '',
  ]);
  const claimRows = claims.map((c) => [
    reportButton(formatDay(c.date, c.date_precision), [c.id], openIds),
    `${c.source} (tally)`,
    num(formatFigure(c)),
    num(c.low !== null && c.high !== null ? `${formatNumber(c.low)}–${formatNumber(c.high)}` : '—'),
    ...(counted ? [num(formatNumber(c.computed)), num(formatSigned(c.gap))] : []),
  ]);
  if (!counted) {
    return table(periodStart ? `Tallies since ${formatDay(periodStart)} (nothing is counted in this view)` : 'Tallies (nothing is counted in this view)',
      ['Date', 'Series', 'Figure', 'Low–high'], claimRows, { class: 'data-table' });
  }
  const caption = periodStart ? `Counted since ${formatDay(periodStart)}, and the tallies over the same period` : 'Counted, and the tallies';
  return table(caption, ['Date', 'Series', 'Figure', 'Low–high', 'Counted over its period', 'Gap'], [...countRows, ...claimRows], { class: 'data-table' });
}

/** Tallies over other periods than the chart's: each series' latest tally in view with its figure,
 *  count and gap, and how many tallies of the series are in view (a war-long daily series would
 *  otherwise make a table of thousands of rows). */
export function otherPeriodList(claims: Claim[], openIds: OpenIds, choosePeriod: (p: string) => void, counted: boolean): HTMLElement {
  const latest = new Map<string, { claim: Claim; tallies: number }>();
  for (const c of claims) {
    // Claims come in date order: the last one seen of a series is its latest.
    const key = `${c.source}\u001f${c.period_start ?? ''}`;
    latest.set(key, { claim: c, tallies: (latest.get(key)?.tallies ?? 0) + 1 });
  }
  const rows = [...latest.values()].map(({ claim: c, tallies }) => [
    reportButton(c.source, [c.id], openIds),
    num(formatFigure(c)),
    h('td', {}, formatPeriod(c.period_start, c.date, c.date_precision),
      c.period_start ? h('button', { type: 'button', class: 'link-button small', onclick: () => choosePeriod(c.period_start!), title: `Chart the tallies since ${formatDay(c.period_start)}` }, ' chart this period') : null),
    // Nothing counted in this view: no column of noughts and gaps.
    ...(counted ? [num(formatNumber(c.computed)), num(formatSigned(c.gap))] : []),
    num(formatNumber(tallies)),
  ]);
  const head = ['Source', 'Latest figure', 'Period', ...(counted ? ['Counted', 'Gap'] : []), 'Tallies in view'];
  return table(null, head, rows, { class: 'data-table compact' });
}

/** Data table of the estimates chart. */
export function estimatesDataTable(estimates: Report[], openIds: OpenIds): HTMLElement {
  const rows = estimates.map((r) => [
    reportButton(formatDay(r.date, r.date_precision), [r.id], openIds),
    r.source,
    num(formatFigure(r)),
    r.location ?? '',
  ]);
  return table('Each estimate as stated (estimates are never added up)', ['As of', 'Source', 'Figure', 'Location'], rows, { class: 'data-table' });
}

export interface ReportsTableOptions {
  sort: 'date' | '-date';
  onSort: () => void;
  openIds: OpenIds;
  /** Signed in: each row gets an Edit button. */
  onEdit?: (r: Report) => void;
}

/** The reports behind the view; each row opens its report. */
export function reportsTable(items: Report[], o: ReportsTableOptions): HTMLElement {
  const arrow = o.sort === 'date' ? '▲' : '▼';
  const sortButton = h('button', {
    type: 'button', class: 'sort-button', id: 'sort-date', onclick: o.onSort,
    'aria-label': `Date, sorted ${o.sort === 'date' ? 'oldest first' : 'newest first'}; change order`,
  }, 'Date ', h('span', { 'aria-hidden': 'true' }, arrow));
  const t = h('table', { class: 'data-table reports-table' },
    h('caption', { class: 'visually-hidden' }, 'Reports behind the view'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', 'aria-sort': o.sort === 'date' ? 'ascending' : 'descending' }, sortButton),
      ...['Source', 'Kind', 'Figure', 'Period', 'Location', 'Quote'].map((c) => h('th', { scope: 'col' }, c)),
      o.onEdit ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
    h('tbody', {}, ...items.map((r) => {
      const row = h('tr', { class: 'clickable', 'data-report-id': r.id },
        h('td', {}, reportButton(formatDay(r.date, r.date_precision), [r.id], o.openIds)),
        h('td', { 'data-label': 'Source' }, r.source, r.via ? h('span', { class: 'cell-note' }, `via ${r.via}`) : null),
        h('td', { 'data-label': 'Kind' }, r.kind),
        h('td', { class: 'num', 'data-label': 'Figure' }, formatFigure(r)),
        h('td', { 'data-label': 'Period' }, r.kind === 'tally' ? formatPeriod(r.period_start, r.date, r.date_precision) : ''),
        h('td', { 'data-label': 'Location' }, r.location ?? ''),
        h('td', { class: 'quote-cell' }, r.quote ?? ''),
        o.onEdit ? h('td', { class: 'row-actions' }, h('button', {
          type: 'button', class: 'button button-quiet button-small edit-button', 'data-edit-id': r.id,
          'aria-label': `Edit report #${r.id}`, onclick: () => o.onEdit!(r),
        }, 'Edit')) : null);
      row.addEventListener('click', (e) => {
        if ((e.target as HTMLElement).closest('button, a')) return;
        o.openIds([r.id]);
      });
      return row;
    })));
  return t;
}
