// Sign-in for writing. The write token is given once (the sign-in form, or the link the server prints
// at first start, `/#token=…`) with a name; the server answers with an HttpOnly session cookie, so the
// token is never kept by the page: not in storage, not in the address, not in a log. The name is the
// `who` of every revision made in the session.
import { SignInInput, fieldErrors } from '../server/domain/report';
import { ApiError, describeError, writeApi, type Session } from './api';
import { fieldBlock, openModal, setFieldError } from './dialogs';
import { h } from './dom';

let current: Session = { signed_in: false };
const listeners: ((s: Session) => void)[] = [];

export function session(): Session {
  return current;
}

export function signedIn(): boolean {
  return current.signed_in;
}

export function onSessionChange(fn: (s: Session) => void): void {
  listeners.push(fn);
}

function set(s: Session): void {
  current = s;
  document.body.dataset.signedIn = s.signed_in ? 'true' : 'false';
  for (const fn of listeners) fn(s);
}

/**
 * Takes `#token=…` out of the address at once (synchronously: called before the page awaits anything),
 * keeping only the path and query, so the token is neither shown, bookmarked nor kept in the history.
 */
export function takeFragmentToken(): string | null {
  const hash = location.hash;
  if (!/^#.*\btoken=/.test(hash)) return null;
  const token = new URLSearchParams(hash.slice(1)).get('token');
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return token && token.trim() ? token.trim() : null;
}

/** Asks the server who is signed in (a failure reads as signed out). */
export async function checkSession(): Promise<Session> {
  try {
    set(await writeApi.session());
  } catch {
    set({ signed_in: false });
  }
  return current;
}

/** The sign-in dialog; with a token from the printed link it is filled in and the name has focus. */
export function openSignIn(o: { token?: string; reason?: string } = {}): void {
  const m = openModal({ id: 'sign-in-dialog', title: 'Sign in to add and edit reports' });
  const token = h('input', { id: 'si-token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const name = h('input', { id: 'si-name', name: 'name', type: 'text', autocomplete: 'name', maxlength: 100, required: true });
  if (o.token) token.value = o.token;
  const tokenField = fieldBlock('si-token', 'Write token', token, o.token
    ? 'Filled in from the sign-in link (and removed from the address bar).'
    : 'Printed by the server at first start, and kept in data/tally.token.');
  const nameField = fieldBlock('si-name', 'Your name', name, 'Shown as who made each change in the history of the reports you add or edit.');
  const problem = h('p', { class: 'form-problem', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button', id: 'si-submit' }, 'Sign in');
  const form = h('form', { id: 'sign-in-form', class: 'form', novalidate: true },
    o.reason ? h('p', { class: 'form-note' }, o.reason) : null,
    problem, tokenField.wrap, nameField.wrap,
    h('div', { class: 'form-actions' }, submit,
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Cancel')));
  m.body.append(form);
  (o.token ? name : token).focus();

  const show = (errors: Record<string, string[]>) => {
    setFieldError(tokenField, [token], errors.token ?? []);
    setFieldError(nameField, [name], errors.name ?? []);
    const first = errors.token ? token : errors.name ? name : null;
    first?.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    problem.hidden = true;
    const parsed = SignInInput.safeParse({ token: token.value, name: name.value });
    if (!parsed.success) {
      show(fieldErrors(parsed.error.issues));
      return;
    }
    show({});
    submit.disabled = true;
    writeApi.signIn(parsed.data.token, parsed.data.name).then((s) => {
      token.value = '';
      m.close();
      set(s);
    }, (err: unknown) => {
      submit.disabled = false;
      if (err instanceof ApiError && err.code === 'unauthorized') show({ token: ['That is not the write token.'] });
      else if (err instanceof ApiError && Object.keys(err.fields).length) show(err.fields);
      else {
        problem.textContent = describeError(err);
        problem.hidden = false;
      }
    });
  });
}

export async function signOut(): Promise<void> {
  await writeApi.signOut();
  set({ signed_in: false });
}

/** A request answered 401: if the session really ended (expired, or signed out elsewhere), sign in again. */
export function sessionLost(): void {
  if (!current.signed_in) return;
  void checkSession().then((s) => {
    if (!s.signed_in) openSignIn({ reason: 'Your session has ended: sign in again, then repeat the change.' });
  });
}
