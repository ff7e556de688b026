// One-time secrets that arrive in the address's fragment (which browsers never send to a server), taken
// out of the address at once.

/**
 * Takes `#invite=…` (or the old `#token=…`, which no longer signs in) out of the address before the page
 * awaits anything, keeping the path and query, so the secret is neither shown, bookmarked nor kept in
 * the history.
 */
export function takeFragmentSecret(): { invite: string } | { oldToken: true } | null {
  const hash = location.hash;
  if (!/^#.*\b(invite|token)=/.test(hash)) return null;
  const params = new URLSearchParams(hash.slice(1));
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  const invite = params.get('invite')?.trim();
  if (invite) return { invite };
  return params.has('token') ? { oldToken: true } : null;
}
