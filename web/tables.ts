// Tables and lists of the dashboard: the data table beside each chart, the tallies over other
// periods, the same-period comparison, the flags and the reports table. Every number is one the API
// answered; these functions only lay it out.
import type { Report } from '../server/domain/report-fields';
import type { Claim, CompareResult, Decrease, DisagreementPair, RunningPoint } from '../server/domain/figure-types';
import { h, reportButton, table } from './dom';
import { formatDay, formatFigure, formatNumber, formatPeriod, formatSigned, plural, type FigureFields } from './format';

export type OpenIds = (ids: number[]) => void;

const num = (text: string, ...extra: (Node | string)[]) => h('td', { class: 'num' }, text, ...extra);

/** Data table of the main chart: the count's points, then every tally on the chart. */
export function mainDataTable(running: RunningPoint[], claims: Claim[], periodStart: string | null, openIds: OpenIds, openDay: (day: string) => void): HTMLElement {
  const countRows = running.map((p) => [
    h('button', { type: 'button', class: 'link-button', onclick: () => openDay(p.date), title: 'Open the incidents of this day' }, formatDay(p.date)),
    'Counted (running total)',
    num(formatNumber(p.total)),
    num(p.low === p.high ? '—' : `${formatNumber(p.low)}–${formatNumber(p.high)}`),
    '', '',
  ]);
  const claimRows = claims.map((c) => [
    reportButton(formatDay(c.date, c.date_precision), [c.id], openIds),
    `${c.source} (tally)`,
    num(formatFigure(c)),
    num('—'),
    num(formatNumber(c.computed)),
    num(formatSigned(c.gap)),
  ]);
  const caption = periodStart ? `Counted since ${formatDay(periodStart)}, and the tallies over the same period` : 'Counted, and the tallies';
  return table(caption, ['Date', 'Series', 'Figure', 'Low–high', 'Counted over its period', 'Gap'], [...countRows, ...claimRows], { class: 'data-table' });
}

/** Tallies over other periods than the chart's: each series' latest tally in view with its figure,
 *  count and gap, and how many tallies of the series are in view (a war-long daily series would
 *  otherwise make a table of thousands of rows). */
export function otherPeriodList(claims: Claim[], openIds: OpenIds, choosePeriod: (p: string) => void): HTMLElement {
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
      c.period_start ? h('button', { type: 'button', class: 'link-button small', onclick: () => choosePeriod(c.period_start!), title: `Chart the count since ${formatDay(c.period_start)}` }, ' chart this period') : null),
    num(formatNumber(c.computed)),
    num(formatSigned(c.gap)),
    num(formatNumber(tallies)),
  ]);
  return table(null, ['Source', 'Latest figure', 'Period', 'Counted', 'Gap', 'Tallies in view'], rows, { class: 'data-table compact' });
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

function cell(value: number | null, id: number | null, known: Map<number, FigureFields>, openIds: OpenIds, note?: string): HTMLTableCellElement {
  const r = id !== null ? known.get(id) : undefined;
  // A source's own figure with its qualifier when the report is at hand; else the API's number.
  const text = value === null ? '—' : r && (r.value === value || r.low === value) ? formatFigure(r) : formatNumber(value);
  const content: (Node | string)[] = [id !== null && value !== null ? reportButton(text, [id], openIds) : text];
  if (note) content.push(h('span', { class: 'cell-note' }, note));
  return h('td', { class: 'num' }, ...content);
}

/** The same-period comparison: per source, derived rows marked, and the count, never mixed. */
export function compareTable(c: CompareResult, known: Map<number, FigureFields>, openIds: OpenIds): HTMLElement {
  const year = c.year!;
  const prevYear = c.prev_day ? Number(c.prev_day.slice(0, 4)) : year - 1;
  const rows: (Node | string | HTMLTableCellElement)[][] = [];
  for (const s of c.sources) {
    rows.push([
      h('th', { scope: 'row' }, s.source),
      cell(s.so_far, s.so_far_id, known, openIds, s.so_far_to ? `to ${formatDay(s.so_far_to)}` : undefined),
      cell(s.prev_same_day, s.prev_same_day_id, known, openIds, s.prev_same_day_to ? `to ${formatDay(s.prev_same_day_to)}` : undefined),
      cell(s.prev_full, s.prev_full_id, known, openIds, s.prev_full === null ? undefined : s.prev_full_is_full ? `all of ${prevYear}` : `latest: ${formatDay(s.prev_full_to)}`),
    ]);
  }
  for (const d of c.derived) {
    rows.push([
      h('th', { scope: 'row' }, d.source, ' ', h('span', { class: 'badge badge-derived', title: `Derived from a cumulative series counted from ${formatDay(d.period_start)}: the difference between its tallies` }, 'derived'),
        h('span', { class: 'cell-note' }, `series since ${formatDay(d.period_start)}`)),
      cell(d.so_far, d.so_far_id, new Map(), openIds),
      cell(d.prev_same_day, d.prev_same_day_id, new Map(), openIds),
      cell(d.prev_full, d.prev_full_id, new Map(), openIds),
    ]);
  }
  rows.push([
    h('th', { scope: 'row' }, 'Counted from incidents ', h('span', { class: 'badge badge-count' }, 'count')),
    num(formatNumber(c.count.so_far)),
    num(formatNumber(c.count.prev_same_day)),
    num(formatNumber(c.count.prev_full)),
  ]);
  const head = [
    'Source',
    `${year} so far${c.day ? ` (to ${formatDay(c.day)})` : ''}`,
    `${prevYear} to the same day${c.prev_day ? ` (${formatDay(c.prev_day)})` : ''}`,
    `${prevYear} in full`,
  ];
  return table(`Same period: ${year} so far against ${prevYear}`, head, rows, { class: 'data-table compare-table' });
}

/** Flags: disagreements between sources and decreases in a source's own tally. */
export function disagreementList(items: DisagreementPair[], total: number, openIds: OpenIds): HTMLElement {
  const list = h('ul', { class: 'flag-list' });
  for (const d of items) {
    list.append(h('li', { class: 'flag flag-disagreement' },
      h('span', { class: 'flag-icon', 'aria-hidden': 'true' }, '≠'),
      h('span', {},
        reportButton(`${d.a.source}: ${formatFigure(d.a)}`, [d.a.id], openIds), ` (${formatDay(d.a.date, d.a.date_precision)}) and `,
        reportButton(`${d.b.source}: ${formatFigure(d.b)}`, [d.b.id], openIds), ` (${formatDay(d.b.date, d.b.date_precision)}) `,
        `differ by ${formatNumber(d.difference)}, ${plural(d.days, 'day')} apart, over the period since ${formatDay(d.a.period_start)}.`)));
  }
  if (total > items.length) list.append(h('li', { class: 'muted' }, `${formatNumber(total - items.length)} more not shown.`));
  return list;
}

export function decreaseList(items: Decrease[], claims: Claim[], openIds: OpenIds): HTMLElement {
  const list = h('ul', { class: 'flag-list' });
  for (const d of items) {
    // The tally before it in its series, as the API names it (it may be outside the claims in view).
    const prev = claims.find((c) => c.id === d.previous_id);
    list.append(h('li', { class: 'flag flag-decrease' },
      h('span', { class: 'flag-icon', 'aria-hidden': 'true' }, '↓'),
      h('span', {},
        `${d.source}'s tally since ${formatDay(d.period_start)} went down: `,
        prev ? reportButton(`${formatFigure(prev)} on ${formatDay(prev.date, prev.date_precision)}`, [prev.id], openIds)
          : reportButton(`${formatNumber(d.previous)} on ${formatDay(d.previous_date)}`, [d.previous_id], openIds),
        ', then ',
        reportButton(`${formatFigure(d)} on ${formatDay(d.date, d.date_precision)}`, [d.id], openIds), '.')));
  }
  return list;
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
