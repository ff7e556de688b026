// Sharing a view: the Atom feed of the current filters (the page's <link rel="alternate"> and a link by
// the reports table), and a "Copy embed code" button by each chart, whose <iframe> shows that chart of
// the current view from /embed.
import { h } from './dom';

const FEED_FILTERS = ['party', 'metric', 'kind', 'source', 'from', 'to', 'q'] as const;
const EMBED_FILTERS = ['party', 'metric', 'source', 'count_source', 'from', 'to', 'period_start'] as const;

function pick(names: readonly string[], search: string): URLSearchParams {
  const from = new URLSearchParams(search);
  const out = new URLSearchParams();
  for (const name of names) for (const v of from.getAll(name)) if (v.trim() !== '') out.append(name, v);
  return out;
}

/** The feed of the view in the address: its filters, nothing else. */
export function feedUrl(search = location.search): string {
  const q = pick(FEED_FILTERS, search).toString();
  return `/feed.atom${q ? `?${q}` : ''}`;
}

/** The embed of one chart of the view in the address. */
export function embedUrl(chart: 'main' | 'estimates', search = location.search): string {
  const q = pick(EMBED_FILTERS, search);
  q.set('chart', chart);
  return `/embed?${q.toString()}`;
}

/** The HTML a site pastes to show the chart; sized by the site (width 100%, a chart's height). */
export function embedCode(chart: 'main' | 'estimates', origin = location.origin, search = location.search): string {
  const p = new URLSearchParams(search);
  const title = `${p.get('party') ?? 'conflict-tally'} · ${p.get('metric') ?? ''}: ${chart === 'main' ? 'claims against the count' : 'estimates'}`;
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${attr(origin + embedUrl(chart, search))}" title="${attr(title)}" width="100%" height="440" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>`;
}

/** Points the feed links at the current view. */
export function syncFeedLink(): void {
  const href = feedUrl();
  document.querySelector<HTMLLinkElement>('link#feed-link')?.setAttribute('href', href);
  document.querySelector<HTMLAnchorElement>('a#feed-view')?.setAttribute('href', href);
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Where the clipboard is out of reach (a page served over plain HTTP on a LAN), the code is shown
 *  selected in a dialog to copy by hand. */
function showCode(code: string): void {
  const text = h('textarea', { class: 'embed-code', rows: 4, readonly: true, 'aria-label': 'Embed code' });
  text.value = code;
  const d = h('dialog', { class: 'provenance', 'aria-label': 'Embed code' },
    h('div', { class: 'provenance-head' }, h('h2', {}, 'Embed code'),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => d.close() }, 'Close')),
    h('p', {}, 'Copy this into the page that should show the chart:'), text);
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
  text.select();
}

function embedButton(chart: 'main' | 'estimates', after: HTMLElement): void {
  const status = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'button button-quiet', id: `embed-${chart}`, onclick: () => {
    const code = embedCode(chart);
    void copy(code).then((ok) => {
      if (ok) {
        status.textContent = 'Embed code copied';
        setTimeout(() => { status.textContent = ''; }, 4000);
      } else {
        showCode(code);
      }
    });
  } }, 'Copy embed code');
  after.after(button, status);
}

/** Adds the buttons and the feed link; the page's HTML stays as it is. */
export function wireSharing(): void {
  for (const [chart, png] of [['main', 'png-main'], ['estimates', 'png-estimates']] as const) {
    const anchor = document.getElementById(png);
    if (anchor) embedButton(chart, anchor);
  }
  const csv = document.getElementById('csv-download-bom') ?? document.getElementById('csv-download');
  csv?.after(h('a', { class: 'link-button small', id: 'feed-view', href: feedUrl(), title: 'Atom feed of the new and corrected reports these filters select' }, 'Feed'));
  syncFeedLink();
  // The page marks each new view on <body data-state>: the links follow it, whatever changed the view.
  new MutationObserver(syncFeedLink).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
}
