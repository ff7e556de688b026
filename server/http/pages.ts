// The pages outside /api that other sites and programs read: the Atom feed of the list's filters, and
// the embeddable chart. Both are reads like every other (the same credentials, the same caching).
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request } from 'express';
import { EmbedQuery, FeedQuery } from '../domain/queries';
import type { Store } from '../db/store';
import { guardedRouter } from './access';
import { atomFeed } from './atom';
import type { Auth } from './auth';
import { conditionalReads } from './caching';
import { cspWithFrameAncestors, embedAncestors } from './csp';
import { parseQuery } from './request';

export interface PageOptions {
  webRoot: string;
  /** TALLY_EMBED_ORIGINS: who besides this server's own pages may frame /embed. */
  embedOrigins: readonly string[];
  /** A private instance's answers are personal: no shared cache, no tags to revalidate. */
  readMode: 'public' | 'accounts';
}

/** How many reports the feed lists. */
export const FEED_SIZE = 50;

const FILTER_NAMES = ['party', 'metric', 'kind', 'source', 'from', 'to', 'q'] as const;

/** The query string of the list's filters, in one order (a feed's id is its address: one per view). */
function filterQuery(q: FeedQuery): string {
  const p = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const v = q[name];
    if (Array.isArray(v)) for (const x of v) p.append(name, x);
    else if (v !== undefined) p.set(name, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

function viewName(q: FeedQuery): string | null {
  const parts = [q.party, q.metric, q.kind, ...(q.source ?? []), q.from && `from ${q.from}`, q.to && `to ${q.to}`, q.q && `“${q.q}”`]
    .filter((x): x is string => Boolean(x));
  return parts.length > 0 ? parts.join(' · ') : null;
}

const baseOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** Mounted through the guarded router like every route of the API: on a private instance both need a
 *  session or an Authorization header (never a token in the address), so an embed framed by another
 *  site answers 401 there. */
export function pageRoutes(store: Store, auth: Auth, options: PageOptions) {
  const router = express.Router();
  const r = guardedRouter(router, auth, '');
  const caching = options.readMode === 'public' ? [conditionalReads(store)] : [];
  const embedPolicy = cspWithFrameAncestors(embedAncestors(options.embedOrigins));
  let embedPage: string | undefined;

  r.get('/feed.atom', ...caching, (req, res) => {
    const q = parseQuery(FeedQuery, req);
    const { party, metric, kind, source, from, to, q: text } = q;
    const reports = store.recentlyChanged({ party, metric, kind, source, from, to, q: text }, FEED_SIZE);
    const base = baseOf(req);
    const query = filterQuery(q);
    res.type('application/atom+xml; charset=utf-8');
    res.send(atomFeed({ base, self: `${base}/feed.atom${query}`, view: `${base}/${query}`, viewName: viewName(q), reports }));
  });

  r.get('/embed', (req, res) => {
    parseQuery(EmbedQuery, req);
    embedPage ??= fs.readFileSync(path.join(options.webRoot, 'embed.html'), 'utf8');
    // The dashboard's policy, but framed by this server's pages and the configured sites.
    res.setHeader('Content-Security-Policy', embedPolicy);
    res.removeHeader('X-Frame-Options');
    if (options.readMode === 'public') res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(embedPage);
  });

  return router;
}
