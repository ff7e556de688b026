// The pages outside /api that other sites and programs read: the Atom feed of the list's filters, and
// the embeddable chart. Both are reads like every other (the same credentials, the same caching).
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler } from 'express';
import { EmbedQuery, FeedQuery } from '../domain/queries';
import type { Store } from '../db/store';
import { atomFeed } from './atom';
import { conditionalReads } from './caching';
import { cspWithFrameAncestors, embedAncestors } from './csp';
import { parseQuery } from './request';

export interface PageOptions {
  webRoot: string;
  /** TALLY_EMBED_ORIGINS: who besides this server's own pages may frame /embed. */
  embedOrigins: readonly string[];
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

export function pageRoutes(store: Store, options: PageOptions, readers: RequestHandler[] = []) {
  const r = express.Router();
  const embedPolicy = cspWithFrameAncestors(embedAncestors(options.embedOrigins));
  let embedPage: string | undefined;

  r.get('/feed.atom', ...readers, conditionalReads(store), (req, res) => {
    const q = parseQuery(FeedQuery, req);
    const { party, metric, kind, source, from, to, q: text } = q;
    const reports = store.recentlyChanged({ party, metric, kind, source, from, to, q: text }, FEED_SIZE);
    const base = baseOf(req);
    const query = filterQuery(q);
    res.type('application/atom+xml; charset=utf-8');
    res.send(atomFeed({ base, self: `${base}/feed.atom${query}`, view: `${base}/${query}`, viewName: viewName(q), reports }));
  });

  r.get('/embed', ...readers, (req, res) => {
    parseQuery(EmbedQuery, req);
    embedPage ??= fs.readFileSync(path.join(options.webRoot, 'embed.html'), 'utf8');
    // The dashboard's policy, but framed by this server's pages and the configured sites.
    res.setHeader('Content-Security-Policy', embedPolicy);
    res.removeHeader('X-Frame-Options');
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(embedPage);
  });

  return r;
}
