// Conditional reads: every public read answer carries an ETag derived from the database's change
// counter, so a browser, a reverse proxy or a CDN can revalidate with If-None-Match and get a 304
// without the server computing anything.
import crypto from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Store } from '../db/store';

export const PRIVATE_NO_STORE = 'private, no-store';

/** An answer about this request or this person (errors, the session, accounts, tokens): no cache,
 *  shared or not, keeps it. */
export function personal(res: Response): void {
  res.removeHeader('ETag');
  res.setHeader('Cache-Control', PRIVATE_NO_STORE);
}

/** The routes whose answers depend on who asks, whatever the method: never tagged or shared. With
 *  them the writers' own reads (recipes, the import's progress), which an early 304 would answer before
 *  their guard, and the health check, which a full disk changes without a new data version. */
const PERSONAL = /^\/(session|tokens|accounts|audit|account|invitations|recipes|import|health)(\/|$)/;

/** TALLY_READ=accounts: every answer is private and stored by no cache. The header is set as the head
 *  is written, so no route (nor express.static, nor a feed added later) can make an answer shareable. */
export const privateAnswers: RequestHandler = (_req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
    this.setHeader('Cache-Control', PRIVATE_NO_STORE);
    this.removeHeader('ETag');
    this.removeHeader('Last-Modified');
    return writeHead.apply(this, args);
  } as typeof writeHead;
  next();
};

export function conditionalReads(store: Store): RequestHandler {
  // The counter lives in the file, so restoring an older backup winds it back: a tag of this process's
  // own keeps a browser or proxy from matching an answer it holds from before the restart.
  const boot = crypto.randomBytes(4).toString('hex');
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (PERSONAL.test(req.path)) {
      personal(res);
      next();
      return;
    }
    // A request with credentials may see more (deleted reports), and its token must be checked before
    // anything is answered: no early 304 and no shared caching for it (express still tags the answer).
    if (req.get('authorization') !== undefined || req.get('cookie') !== undefined) {
      res.setHeader('Cache-Control', 'private, no-cache');
      res.setHeader('Vary', 'Authorization, Cookie');
      next();
      return;
    }
    const etag = `W/"${boot}-v${store.dataVersion()}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Vary', 'Authorization, Cookie');
    // Browsers revalidate every time (max-age=0: a user who just saved sees the change); shared caches
    // may serve an answer for 5 s (s-maxage), and a stale one for 30 s while they revalidate. Not
    // no-cache: that would forbid a proxy to answer without asking the app.
    res.setHeader('Cache-Control', 'public, max-age=0, s-maxage=5, stale-while-revalidate=30');
    const inm = req.get('if-none-match');
    if (inm !== undefined && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      res.status(304).end();
      return;
    }
    next();
  };
}

/** Serialised answers of the derived-figure routes, kept while the data version stands: a news spike
 *  asking the same view again is served without recomputing. Bounded by total size, least recently
 *  used first out. */
export function createAnswerCache(store: Store, maxBytes = 32 * 1024 * 1024) {
  const entries = new Map<string, { version: number; body: Buffer }>();
  let bytes = 0;
  const evict = (key: string) => {
    const e = entries.get(key);
    if (e) {
      bytes -= e.body.length;
      entries.delete(key);
    }
  };
  return {
    /** The JSON of `compute()` for this key at the current data version, computed at most once. */
    json(key: string, compute: () => unknown): Buffer {
      const version = store.dataVersion();
      const hit = entries.get(key);
      if (hit && hit.version === version) {
        entries.delete(key);
        entries.set(key, hit);
        return hit.body;
      }
      evict(key);
      const body = Buffer.from(JSON.stringify(compute()));
      if (body.length <= maxBytes / 4) {
        entries.set(key, { version, body });
        bytes += body.length;
        for (const k of entries.keys()) {
          if (bytes <= maxBytes) break;
          evict(k);
        }
      }
      return body;
    },
  };
}

export type AnswerCache = ReturnType<typeof createAnswerCache>;
