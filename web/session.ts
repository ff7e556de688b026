// Who is signed in. An account signs in with its name and password (or sets its password through an
// invitation link, `/#invite=…`, which the server prints for the first admin); the server answers with
// an HttpOnly session cookie, so the page keeps no secret: not in storage, not in the address, not in a
// log. The account is the `who` of every revision made in the session, and its role says which tools
// the page shows.
import { writeApi, type Session } from './api';
import { takeFragmentSecret } from './fragment';

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

/** Whether the account may do what `role` may (an admin may do all an editor may). */
export function mayDo(role: 'editor' | 'admin'): boolean {
  return current.signed_in && (current.role === 'admin' || role === 'editor');
}

/**
 * Takes an invitation link's secret (`#invite=…`) out of the address at once (synchronously: called
 * before the page awaits anything), so it is neither shown, bookmarked nor kept in the history. The
 * secret is handed to the invitation dialog (the writing tools open it with `openSignIn({ token })`).
 */
export function takeInviteSecret(): string | null {
  const found = takeFragmentSecret();
  return found && 'invite' in found ? found.invite : null;
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
  // A private instance shows nothing to the signed-out: reload, and its sign-in page comes back.
  if ((await fetch('/api/facets', { credentials: 'same-origin' }).catch(() => null))?.status === 401) location.reload();
}

/** A request answered 401: if the session really ended (expired, a password change, signed out
 *  everywhere, the account disabled), say why the server gave, and offer to sign in again. */
export function sessionLost(): void {
  if (!current.signed_in) return;
  void checkSession().then((s) => {
    if (s.signed_in) return;
    const reason = `${s.message ?? 'Your session has ended: sign in again.'} Your change was not saved.`;
    void import('./writing.js').then((w) => w.openSignIn({ reason }));
  });
}
