// Permalinks: `/?report=ID` opens the dashboard on the report's party and metric with the report shown
// in the provenance panel. The feed's entries and the embed's points link here.
import { api } from './api';
import { showReportIds } from './provenance';

/** The report an address asks to show, if any. */
export function permalinkId(search = location.search): number | null {
  const raw = new URLSearchParams(search).get('report');
  return raw !== null && /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : null;
}

/** Before the dashboard reads its view from the address: a permalink without a view gets the report's
 *  party and metric (kept in the address, so back and reload show the same), and the report is shown
 *  once the view is drawn. A report that is gone opens the panel on the server's answer. */
export async function openPermalink(): Promise<void> {
  const id = permalinkId();
  if (id === null) return;
  const params = new URLSearchParams(location.search);
  if (!params.get('party') || !params.get('metric')) {
    try {
      const r = await api.report(id);
      params.set('party', r.party);
      params.set('metric', r.metric);
      history.replaceState(history.state, '', `${location.pathname}?${params.toString()}${location.hash}`);
    } catch {
      // Not found, or the network: the default view opens, and the panel says why.
    }
  }
  whenDrawn(() => void showReportIds([id], new Map(), `Report #${id}`));
}

/** Runs `fn` once the page has drawn its view (body[data-state] turns ready or error). */
function whenDrawn(fn: () => void): void {
  const drawn = () => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error';
  const observer = new MutationObserver(() => {
    if (!drawn()) return;
    observer.disconnect();
    fn();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
}
