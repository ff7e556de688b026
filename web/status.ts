// The page's state (loading, ready, error: tests and assistive technology read it), the status line
// under the filters, and the notice line that answers a user's action.
import { ApiError, describeError } from './api';
import { byId, h, replace } from './dom';

export function setPageState(s: 'loading' | 'ready' | 'error'): void {
  document.body.dataset.state = s;
  byId('main').setAttribute('aria-busy', s === 'loading' ? 'true' : 'false');
}

export function showStatus(kind: 'loading' | 'error' | 'info' | 'none', text = '', retry?: () => void): void {
  const el = byId('status');
  el.className = `status status-${kind}`;
  if (kind === 'none') {
    replace(el);
    return;
  }
  replace(el, h('span', {}, text), retry ? h('button', { type: 'button', class: 'button', id: 'retry', onclick: retry }, 'Retry') : null);
}

export function showError(e: unknown, retry: () => void): void {
  setPageState('error');
  const text = e instanceof ApiError && e.code === 'network'
    ? 'The server cannot be reached: the figures below may be out of date. Check that conflict-tally is running, then retry.'
    : `The server could not answer: ${describeError(e)}`;
  showStatus('error', text, retry);
}

/** A message about what the user just did, with an optional action ("Undo", "Open it"). */
export function notify(text: string, action?: { label: string; id: string; run: () => void }): void {
  const el = byId('notice');
  replace(el, h('span', {}, text),
    action ? h('button', { type: 'button', class: 'link-button', id: action.id, onclick: action.run }, action.label) : null,
    h('button', { type: 'button', class: 'link-button small notice-dismiss', 'aria-label': 'Dismiss this message', onclick: () => replace(el) }, 'Dismiss'));
}
