// The Content Security Policy of every page: nothing inline, nothing from elsewhere. One list, so the
// embed's policy differs from the dashboard's in where it may be framed and nothing else.

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The policy as a header value, with `frame-ancestors` replaced. */
export function cspWithFrameAncestors(ancestors: readonly string[]): string {
  return Object.entries({ ...CSP_DIRECTIVES, frameAncestors: ancestors })
    .map(([k, v]) => `${kebab(k)} ${v.join(' ')}`).join(';');
}

/** Who may frame an embed: this server's own pages, and the origins of TALLY_EMBED_ORIGINS. */
export const embedAncestors = (origins: readonly string[]): string[] => ["'self'", ...origins];
