// The counted events behind a point (or a bucket) of the running total, in the provenance panel: each
// event's chosen report (source, figure, date, quote, link) and how many other reports it has (shown on
// demand), paged as GET /api/events pages them.
import type { Report } from '../server/domain/report-fields';
import { api, describeError } from './api';
import type { CountedEvent, EventsPage } from '../server/domain/figure-types';
import type { CountSpan } from './chart-base';
import { h, message, replace } from './dom';
import { formatDay, formatFigure, formatNumber, plural } from './format';
import { claimPanel, fillPanel, openPanel, reportView } from './provenance';
import { known, view } from './view-state';
import { daysWords } from './wording';

export const EVENTS_PAGE = 50;

function safeLink(url: string | null): Node | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: 'source-link' }, url);
  } catch {
    // not a URL: shown as text below
  }
  return document.createTextNode(url);
}

function otherReports(e: CountedEvent): HTMLElement | null {
  if (e.other_ids.length === 0) return null;
  const list = h('div', { class: 'event-other-reports' });
  const button = h('button', { type: 'button', class: 'link-button', 'aria-expanded': 'false' },
    `and ${plural(e.other_ids.length, 'other report')} of this event`);
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-expanded') === 'true') {
      replace(list);
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    button.disabled = true;
    try {
      const missing = e.other_ids.filter((id) => !known.has(id));
      for (const r of await Promise.all(missing.map((id) => api.report(id)))) known.set(r.id, r);
      replace(list, ...e.other_ids.map((id) => reportView(known.get(id)!, false)));
      button.setAttribute('aria-expanded', 'true');
    } catch (err) {
      replace(list, message('error', describeError(err)));
    }
    button.disabled = false;
  });
  return h('div', { class: 'event-others' }, button, list);
}

function eventItem(e: CountedEvent): HTMLElement {
  const r: Report = e.chosen;
  known.set(r.id, r);
  const band = e.low !== e.high ? ` (its reports give ${formatNumber(e.low)}–${formatNumber(e.high)})` : '';
  return h('li', { class: 'event', 'data-report-id': r.id },
    h('h3', {}, `${r.source}: ${formatFigure(r)} ${r.metric}`),
    h('p', { class: 'event-meta' }, `On ${formatDay(e.date)}; counted as ${formatNumber(e.figure)}${band}`,
      r.reported_on && r.reported_on !== r.date ? `; reported on ${formatDay(r.reported_on)}` : '', r.location ? `; ${r.location}` : '', ` · report #${r.id}`),
    r.quote ? h('blockquote', { class: 'quote' }, r.quote) : h('p', { class: 'muted' }, 'No quote stored for this report.'),
    r.url ? h('p', { class: 'event-link' }, safeLink(r.url)) : null,
    otherReports(e));
}

function spanTitle(span: CountSpan): string {
  return span.from ? `Counted ${daysWords(span.from, span.to)}` : `Counted up to ${formatDay(span.to)}`;
}

/** Opens the panel on the events a point of the running total adds up. */
export function showEvents(span: CountSpan, offset = 0, focus?: 'events-prev' | 'events-next'): void {
  const { party, metric, count_source } = view.state;
  const title = spanTitle(span);
  if (offset === 0) openPanel(title, message('loading', 'Loading the counted events…'));
  const claim = claimPanel();
  api.events({ party: party!, metric: metric!, count_source, from: span.from ?? undefined, to: span.to, limit: EVENTS_PAGE, offset })
    .then((page) => {
      // The pager is drawn anew with the page: focus goes back to the button that asked for it.
      if (!fillPanel(claim, title, ...eventsView(span, page)) || !focus) return;
      const asked = document.getElementById(focus) as HTMLButtonElement | null;
      (asked && !asked.disabled ? asked : document.getElementById(focus === 'events-next' ? 'events-prev' : 'events-next'))?.focus();
    }, (e: unknown) => fillPanel(claim, title, message('error', describeError(e))));
}

function eventsView(span: CountSpan, page: EventsPage): Node[] {
  if (page.total === 0) return [message('empty', 'No event counted on these days.')];
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  const pager = page.total > page.items.length ? h('nav', { class: 'pager', 'aria-label': 'Pages of counted events' },
    h('button', { type: 'button', class: 'button button-quiet', id: 'events-prev', disabled: page.offset === 0,
      onclick: () => showEvents(span, Math.max(0, page.offset - page.limit), 'events-prev') }, 'Previous'),
    h('span', {}, `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(page.total)}`),
    h('button', { type: 'button', class: 'button button-quiet', id: 'events-next', disabled: last >= page.total,
      onclick: () => showEvents(span, page.offset + page.limit, 'events-next') }, 'Next')) : null;
  return [
    h('p', { class: 'explain', id: 'events-summary' }, `${plural(page.total, 'event')} counted. Each is counted once, on its chosen report (the latest reported, then the smallest figure); the other reports of the same event are one click away.`),
    h('ol', { class: 'event-list', start: first }, ...page.items.map(eventItem)),
    ...(pager ? [pager] : []),
  ];
}
