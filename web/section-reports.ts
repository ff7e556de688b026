// The reports behind the view: the paged, sortable table and its CSV links.
import type { Report } from '../server/domain/report-fields';
import { csvUrl, type ExportParams, type ReportPage } from './api';
import { byId, h, message, replace } from './dom';
import { formatNumber, plural } from './format';
import { openIds } from './open-reports';
import { signedIn } from './session';
import { reportsTable } from './tables';
import type { ViewState } from './url-state';
import { PAGE_SIZE, change, view } from './view-state';

/** The last page drawn, redrawn as it is when the user signs in or out. */
let lastPage: ReportPage | null = null;
/** Signed in: each row gets an Edit button (the writing hook sets this). */
let editor: ((r: Report) => void) | null = null;

export function setReportEditor(fn: ((r: Report) => void) | null): void {
  editor = fn;
}

/** The sources whose reports the table lists: the shown and the counted ones when both are chosen. */
function tableSources(s: ViewState): string[] {
  // With only one of the two set, the other side is every source: no filter on the table then.
  if (s.source.length === 0 || s.count_source.length === 0) return [];
  return [...new Set([...s.source, ...s.count_source])];
}

/** The reports table's filters: the same for its rows and for the CSV download. */
export function tableFilters(s: ViewState): ExportParams {
  return {
    party: s.party ?? undefined, metric: s.metric ?? undefined, kind: s.kind ?? undefined, source: tableSources(s),
    from: s.from ?? undefined, to: s.to ?? undefined, q: s.q || undefined,
  };
}

export function updateCsvLinks(s: ViewState): void {
  byId<HTMLAnchorElement>('csv-download').href = csvUrl(tableFilters(s));
  byId<HTMLAnchorElement>('csv-download-bom').href = csvUrl(tableFilters(s), { bom: true });
}

export function wireReportsSection(): void {
  byId('page-prev').addEventListener('click', () => change({ offset: Math.max(0, view.state.offset - PAGE_SIZE) }));
  byId('page-next').addEventListener('click', () => change({ offset: view.state.offset + PAGE_SIZE }));
}

export function renderReports(s: ViewState, page: ReportPage): void {
  lastPage = page;
  const el = byId('reports');
  if (page.total === 0) {
    replace(el, message('empty', 'No reports match these filters.'));
  } else {
    const onSort = () => change({ sort: s.sort === 'date' ? '-date' : 'date' });
    replace(el,
      h('button', { type: 'button', class: 'button button-quiet mobile-sort', onclick: onSort }, s.sort === 'date' ? 'Oldest first ▲ (change)' : 'Newest first ▼ (change)'),
      reportsTable(page.items, { sort: s.sort, onSort, openIds, onEdit: editor && signedIn() ? editor : undefined }));
  }
  const first = page.total === 0 ? 0 : page.offset + 1;
  const last = page.offset + page.items.length;
  byId('page-info').textContent = page.total === 0 ? '' : `${formatNumber(first)}–${formatNumber(last)} of ${plural(page.total, 'report')}`;
  byId<HTMLButtonElement>('page-prev').disabled = page.offset === 0;
  byId<HTMLButtonElement>('page-next').disabled = last >= page.total;
}

/** The same page again (the Edit buttons come or go with the session). */
export function redrawReports(): void {
  if (lastPage && view.state.party && view.state.metric) renderReports(view.state, lastPage);
}
