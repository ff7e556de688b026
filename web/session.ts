// Sign-in for writing. The write token is given once (the sign-in form, or the link the server prints
// at first start, `/#token=…`) with a name; the server answers with an HttpOnly session cookie, so the
// token is never kept by the page: not in storage, not in the address, not in a log. The name is the
// `who` of every revision made in the session.
import { writeApi, type Session } from './api';

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

/** Records the session the server answered (the sign-in dialog calls this too). */
export function setSession(s: Session): void {
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
    setSession(await writeApi.session());
  } catch {
    setSession({ signed_in: false });
  }
  return current;
}

export async function signOut(): Promise<void> {
  await writeApi.signOut();
  setSession({ signed_in: false });
}

/** A request answered 401: if the session really ended (expired, or signed out elsewhere), sign in again. */
export function sessionLost(): void {
  if (!current.signed_in) return;
  void checkSession().then((s) => {
    if (!s.signed_in) void import('./writing.js').then((w) => w.openSignIn({ reason: 'Your session has ended: sign in again, then repeat the change.' }));
  });
}
