// createApp builds the express app around a database; only server/index.ts listens.
import crypto from 'node:crypto';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import pino, { type Logger } from 'pino';
import type { DB } from '../db/connection';
import { createStore } from '../db/store';
import { createAuth } from './auth';
import { ApiError, finalErrorHandler } from './errors';
import { apiRouter } from './routes';
import { conditionalReads } from './caching';
import { storageWatch } from './storage-watch';
import { CSP_DIRECTIVES } from './csp';
import { pageRoutes } from './pages';

export interface AppOptions {
  /** The write token. */
  token: string;
  logger?: Logger;
  /** Folder of the built dashboard (default dist/web). */
  webRoot?: string;
  authFailLimit?: number;
  authFailWindowMs?: number;
  /** Largest CSV import accepted over HTTP, in bytes (default 50 MB). */
  importLimitBytes?: number;
  /** TALLY_EMBED_ORIGINS: sites allowed to frame /embed besides this one (default: none). */
  embedOrigins?: string[];
  /** Imports of this many rows or more take the bulk path (TALLY_BULK_ROWS). */
  bulkRows?: number;
  /** Test hook: a large import waits before its commit until `flag` is set (Atomics). */
  holdImports?: { flag: SharedArrayBuffer; onHolding: () => void };
}

export const DEFAULT_WEB_ROOT = path.join(__dirname, '..', '..', 'dist', 'web');

export function createApp(db: DB, options: AppOptions) {
  const logger = options.logger ?? pino({ level: 'silent' });
  const store = createStore(db);
  const auth = createAuth({
    token: options.token,
    store,
    failLimit: options.authFailLimit ?? 20,
    failWindowMs: options.authFailWindowMs ?? 15 * 60 * 1000,
  });

  // A write waits at most a second for another process's transaction (an import by the command line),
  // then is answered 503 busy: better-sqlite3 waits synchronously, and the server must go on answering.
  db.pragma('busy_timeout = 1000');
  const app = express();
  app.locals.storage = storageWatch(store);
  app.disable('x-powered-by');
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
      // The sign-in link carries the token in a URL fragment, which browsers never send; the query
      // string is logged without values of any parameter named like a secret, all the same.
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
        id: req.id, method: req.method, url: req.url.replace(/([?&](?:token|access_token)=)[^&]*/gi, '$1[redacted]'),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }));

  app.use(helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Served over plain HTTP on a LAN as often as behind TLS: no HSTS, no upgrade-insecure-requests.
    strictTransportSecurity: false,
  }));

  app.use('/api', conditionalReads(store));
  app.use('/api', apiRouter(store, auth, { importLimitBytes: options.importLimitBytes ?? 50 * 1024 * 1024, bulkRows: options.bulkRows, holdImports: options.holdImports, storage: app.locals.storage }));
  app.use('/api', (_req, _res, next) => next(new ApiError('not_found', 'No such API route.')));

  app.use(pageRoutes(store, { webRoot: options.webRoot ?? DEFAULT_WEB_ROOT, embedOrigins: options.embedOrigins ?? [] }));
  app.use(express.static(options.webRoot ?? DEFAULT_WEB_ROOT, { index: 'index.html', dotfiles: 'deny' }));
  app.use((_req, _res, next) => next(new ApiError('not_found', 'No such page.')));
  app.use(finalErrorHandler);
  return app;
}
