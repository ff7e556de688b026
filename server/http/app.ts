// createApp builds the express app around a database; only server/index.ts listens.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import pino, { type Logger } from 'pino';
import type { DB } from '../db/connection';
import { createStore } from '../db/store';
import { actorOf, createAuth } from './auth';
import { ApiError, finalErrorHandler } from './errors';
import { apiRouter } from './routes';
import { conditionalReads, privateAnswers } from './caching';
import { DEFAULT_SIGN_IN_LIMITS, createSignIn, type SignInLimits } from './sign-in';
import { storageWatch } from './storage-watch';
import { CSP_DIRECTIVES } from './csp';
import { pageRoutes } from './pages';
import { fromRoot } from '../paths';

export interface AppOptions {
  /** The bootstrap admin token (TALLY_TOKEN, or an existing data/tally.token); without one, only
   *  accounts write. */
  token?: string;
  logger?: Logger;
  /** Folder of the built dashboard (default dist/web). */
  webRoot?: string;
  /** Failed sign-ins and wrong tokens allowed per client address per window (20 per 15 minutes). */
  authFailLimit?: number;
  authFailWindowMs?: number;
  /** The per-account limit of wrong passwords (10 per 15 minutes, known addresses 30 days). */
  signInLimits?: Partial<SignInLimits>;
  /** Largest file an import accepts over HTTP, in bytes (default 50 MB). */
  importLimitBytes?: number;
  /** TALLY_EMBED_ORIGINS: sites allowed to frame /embed besides this one (default: none). */
  embedOrigins?: string[];
  /** Largest .xlsx workbook an import accepts over HTTP, in bytes (default 10 MB; never above importLimitBytes). */
  importXlsxLimitBytes?: number;
  /** Imports of this many rows or more take the bulk path (TALLY_BULK_ROWS). */
  bulkRows?: number;
  /** Test hook: a large import waits before its commit until `flag` is set (Atomics). */
  holdImports?: { flag: SharedArrayBuffer; onHolding: () => void };
  /** TALLY_READ: `accounts` makes every read need a session or a token. */
  readMode?: 'public' | 'accounts';
  /** TALLY_TRUST_PROXY: the proxies (addresses, subnets) whose X-Forwarded-For names the client;
   *  none: the client is the socket's address. */
  trustProxy?: string[];
  /** The time (tests move it on); the system clock by default. */
  clock?: () => Date;
}

const DEFAULT_IMPORT_LIMIT = 50 * 1024 * 1024;
const DEFAULT_XLSX_LIMIT = 10 * 1024 * 1024;

export const DEFAULT_WEB_ROOT = fromRoot('dist', 'web');

/** What an anonymous visitor of a private instance may load: the sign-in page and its assets. */
export const SIGN_IN_ASSETS = new Set(['/sign-in.html', '/sign-in.js', '/sign-in.js.map', '/styles.css', '/favicon.svg']);

/** TALLY_READ=accounts: every other page answers 401 with the sign-in page as its body (no redirect,
 *  so the address the person asked for stays, and the page reloads it once they are signed in). */
function privatePages(webRoot: string): RequestHandler {
  let page: string | undefined;
  return (req, res, next) => {
    if (actorOf(res) || SIGN_IN_ASSETS.has(req.path)) {
      next();
      return;
    }
    page ??= readSignInPage(webRoot);
    res.status(401).type('html').send(page);
  };
}

function readSignInPage(webRoot: string): string {
  try {
    return fs.readFileSync(path.join(webRoot, 'sign-in.html'), 'utf8');
  } catch {
    return '<!doctype html><meta charset="utf-8"><title>Sign in</title><p>This conflict-tally is private: sign in (POST /api/session), or send a personal API token.</p>';
  }
}

export function createApp(db: DB, options: AppOptions = {}) {
  const logger = options.logger ?? pino({ level: 'silent' });
  const readMode = options.readMode ?? 'public';
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const store = createStore(db, { clock: options.clock });
  const auth = createAuth({
    bootstrapToken: options.token,
    store,
    readMode,
    failLimit: options.authFailLimit ?? 20,
    failWindowMs: options.authFailWindowMs ?? 15 * 60 * 1000,
  });
  const signIn = createSignIn(store, auth, { ...DEFAULT_SIGN_IN_LIMITS, ...options.signInLimits });

  // A write waits at most a second for another process's transaction (an import by the command line),
  // then is answered 503 busy: better-sqlite3 waits synchronously, and the server must go on answering.
  db.pragma('busy_timeout = 1000');
  const app = express();
  app.locals.storage = storageWatch(store);
  app.disable('x-powered-by');
  // The client's address (limits, audit log) is the socket's unless a proxy is named to be believed.
  app.set('trust proxy', options.trustProxy && options.trustProxy.length > 0 ? options.trustProxy : false);
  app.set('query parser', 'simple');
  // Tags are ours (caching.ts: the data version; a report's revision): none computed from bodies.
  app.set('etag', false);

  app.use(pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = crypto.randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // A 5xx completion line gets no made-up "failed with status code" error with pino-http's own stack:
    // the error handler has logged the cause already, with a stack only where the code is at fault.
    customErrorObject: (_req, res, err, val: Record<string, unknown>) =>
      (res.statusCode >= 500 && err.message === `failed with status code ${res.statusCode}` ? { res: val.res, responseTime: val.responseTime } : val),
    // The token and session cookies never reach a log line.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    serializers: {
      // Invitation links carry their secret in a URL fragment, which browsers never send; the query
      // string is logged without values of any parameter named like a secret, all the same.
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
        id: req.id, method: req.method, url: req.url.replace(/([?&](?:token|access_token|secret|invite|password)=)[^&]*/gi, '$1[redacted]'),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }));

  app.use(helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Served over plain HTTP on a LAN as often as behind TLS: no HSTS, no upgrade-insecure-requests.
    strictTransportSecurity: false,
  }));

  if (readMode === 'accounts') app.use(privateAnswers);
  app.use(auth.identify);
  // A private instance's answers are personal: no shared cache, no tags to revalidate.
  if (readMode === 'public') app.use('/api', conditionalReads(store));
  app.use('/api', apiRouter(store, auth, signIn, {
    importLimitBytes: options.importLimitBytes ?? DEFAULT_IMPORT_LIMIT,
    importXlsxLimitBytes: Math.min(options.importXlsxLimitBytes ?? DEFAULT_XLSX_LIMIT, options.importLimitBytes ?? DEFAULT_IMPORT_LIMIT),
    storage: app.locals.storage, readMode, bulkRows: options.bulkRows, holdImports: options.holdImports,
  }));
  app.use('/api', (_req, res, next) => next(readMode === 'accounts' && !actorOf(res)
    ? new ApiError('unauthorized', 'This instance is private: sign in, or send a personal API token (Authorization: Bearer <token>).')
    : new ApiError('not_found', 'No such API route.')));

  app.use(pageRoutes(store, auth, { webRoot, embedOrigins: options.embedOrigins ?? [], readMode }));
  if (readMode === 'accounts') app.use(privatePages(webRoot));
  // A private instance's files are not revalidated either: no tags, no dates, no 304s.
  const shared = readMode === 'public';
  app.use(express.static(webRoot, { index: 'index.html', dotfiles: 'deny', cacheControl: shared, etag: shared, lastModified: shared }));
  app.use((_req, _res, next) => next(new ApiError('not_found', 'No such page.')));
  app.use(finalErrorHandler);
  return app;
}
