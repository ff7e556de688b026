// The provenance panel: the report(s) behind a point or a row, every field as text.
import type { Report } from '../server/domain/report-fields';
import { api, describeError } from './api';
import { byId, h, message, replace } from './dom';
import { formatDay, formatFigure, formatPeriod } from './format';

const KIND_WORD: Record<string, string> = { incident: 'incident', tally: 'tally (cumulative)', estimate: 'estimate' };

function field(label: string, value: Node | string | null | undefined): Node[] {
  if (value === null || value === undefined || value === '') return [];
  return [h('dt', {}, label), h('dd', {}, value)];
}

/** Buttons under a report in the panel (history for everyone; edit and delete when signed in). */
let actionsOf: ((r: Report) => Node | null) | null = null;

export function setReportActions(fn: (r: Report) => Node | null): void {
  actionsOf = fn;
}

/** One report as a definition list; `url` only as an http(s) link opened without referrer. */
export function reportView(r: Report, withActions = true): HTMLElement {
  let link: Node | null = null;
  if (r.url) {
    let safe = false;
    try {
      const u = new URL(r.url);
      safe = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      safe = false;
    }
    link = safe ? h('a', { href: r.url, rel: 'noopener noreferrer', target: '_blank', class: 'source-link' }, r.url) : document.createTextNode(r.url);
  }
  const period = r.kind === 'tally' ? formatPeriod(r.period_start, r.date, r.date_precision) : null;
  return h('article', { class: 'report', 'data-report-id': r.id },
    h('h3', {}, `${r.source}: ${formatFigure(r)} ${r.metric}`),
    r.quote ? h('blockquote', { class: 'quote' }, r.quote) : h('p', { class: 'muted' }, 'No quote stored for this report.'),
    h('dl', {},
      ...field('Source', r.source),
      ...field('Via', r.via),
      ...field('Party', r.party),
      ...field('Metric', r.metric),
      ...field('Kind', KIND_WORD[r.kind] ?? r.kind),
      ...field('Figure', formatFigure(r)),
      ...field('Period', period),
      ...field(r.kind === 'incident' ? 'Date' : 'As of', formatDay(r.date, r.date_precision)),
      ...field('Reported on', r.reported_on ? formatDay(r.reported_on) : null),
      ...field('Location', r.location),
      ...field('Event', r.event),
      ...field('Notes', r.notes),
      ...field('Link', link),
      ...field('Report', `#${r.id}, revision ${r.revision}`),
    ),
    withActions && actionsOf ? actionsOf(r) : null);
}

let lastFocus: HTMLElement | null = null;

function dialog(): HTMLDialogElement {
  return byId<HTMLDialogElement>('provenance');
}

export function initProvenance(): void {
  const d = dialog();
  byId('provenance-close').addEventListener('click', () => d.close());
  d.addEventListener('close', () => {
    turn++;
    lastFocus?.focus();
  });
  // A click on the backdrop (outside the panel's box) closes it.
  d.addEventListener('click', (e) => {
    if (e.target === d) d.close();
  });
}

/** Closes the panel (before a form or another dialog takes its place). */
export function closeProvenance(): void {
  if (!dialog().open) return;
  dialog().close();
  // The close event comes later: give focus back now, so the next dialog returns it to the same place.
  lastFocus?.focus();
}

// Moves on each time the panel is given something to show, or closed: an answer fetched for what it
// showed before is dropped (a slow page of events would replace the report clicked since, or open a
// panel the reader had closed).
let turn = 0;

/** Claims the panel for an answer still to come: `fillPanel` with the number shows it if nothing else
 *  has taken the panel meanwhile. */
export function claimPanel(): number {
  return ++turn;
}

/** Shows an answer claimed by `claimPanel`, if the panel is still open on it; false otherwise. */
export function fillPanel(claim: number, title: string, ...content: Node[]): boolean {
  if (claim !== turn || !dialog().open) return false;
  replace(byId('provenance-title'), title);
  replace(byId('provenance-body'), ...content);
  return true;
}

/** Opens the panel (or replaces what it shows) with a title and content. */
export function openPanel(title: string, ...content: Node[]): void {
  turn++;
  const d = dialog();
  // Focus goes back, on close, to what opened the panel (not to a control inside it, such as a pager).
  if (!d.open) lastFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  replace(byId('provenance-title'), title);
  replace(byId('provenance-body'), ...content);
  if (!d.open) d.showModal();
}

function reportsContent(reports: Report[], title?: string): [string, Node[]] {
  const t = title ?? (reports.length === 1 ? `Report #${reports[0]!.id}` : `${reports.length} reports`);
  return [t, reports.length ? reports.map((r) => reportView(r)) : [message('empty', 'No report behind this point.')]];
}

/** Opens the panel on reports already at hand. */
export function showReports(reports: Report[], title?: string): void {
  const [t, content] = reportsContent(reports, title);
  openPanel(t, ...content);
}

/** Opens the panel on reports by id: those at hand shown at once, the others fetched. */
export async function showReportIds(ids: number[], known: Map<number, Report>, title?: string): Promise<void> {
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length === 0) {
    showReports(ids.map((id) => known.get(id)!), title);
    return;
  }
  openPanel(title ?? 'Report', message('loading', 'Loading the report…'));
  const claim = claimPanel();
  try {
    const fetched = await Promise.all(missing.map((id) => api.report(id)));
    for (const r of fetched) known.set(r.id, r);
    const [t, content] = reportsContent(ids.map((id) => known.get(id)!), title);
    fillPanel(claim, t, ...content);
  } catch (e) {
    fillPanel(claim, title ?? 'Report', message('error', describeError(e)));
  }
}

/** Opens the panel on a list of reports fetched by a query (incidents of a day). */
export async function showQuery(title: string, load: () => Promise<Report[]>): Promise<void> {
  openPanel(title, message('loading', 'Loading the reports…'));
  const claim = claimPanel();
  try {
    const reports = await load();
    const [t, content] = reportsContent(reports, `${title} (${reports.length} ${reports.length === 1 ? 'report' : 'reports'})`);
    fillPanel(claim, t, ...content);
  } catch (e) {
    fillPanel(claim, title, message('error', describeError(e)));
  }
}
