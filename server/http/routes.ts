// The JSON API under /api: each group of routes validates, calls the store or the figures, and shapes
// the answer (server/http/routes/). Every route is mounted through the guarded router, which puts in
// front of it the least access server/http/access.ts names for it.
import express, { type RequestHandler } from 'express';
import type { Store } from '../db/store';
import { createWriteBatcher } from '../db/write-batch';
import { guardedRouter } from './access';
import type { Auth } from './auth';
import { createAnswerCache } from './caching';
import { importRunner } from './import-runner';
import { ApiError, BUSY_MESSAGE } from './errors';
import type { SignIn } from './sign-in';
import type { RouteContext, RouterOptions } from './routes/context';
import { reportRoutes } from './routes/reports';
import { figureRoutes } from './routes/figures';
import { csvRoutes } from './routes/csv';
import { sessionRoutes } from './routes/session';
import { catalogueRoutes } from './routes/catalogue';
import { changeRoutes } from './routes/changes';
import { openApiRoutes } from './routes/openapi';
import { invitationRoutes } from './routes/invitations';
import { ownAccountRoutes } from './routes/own-account';
import { accountRoutes } from './routes/accounts';
import { auditRoutes } from './routes/audit';
import { importRoutes } from './routes/import';
import { recipeRoutes } from './routes/recipes';

export { JSON_BODY_LIMIT, parseQuery } from './request';
export type { RouterOptions } from './routes/context';

export function apiRouter(store: Store, auth: Auth, signIn: SignIn, options: RouterOptions) {
  const router = express.Router();
  const imports = importRunner(store, { bulkRows: options.bulkRows, hold: options.holdImports });
  // While a large import holds the database, a write is answered at once: 503 with the time the import
  // is likely to need, nothing of it stored (never a 201 before its commit, never a hung request).
  const busyGate: RequestHandler = (_req, res, next) => {
    const seconds = imports.holdingFor();
    if (seconds === null) {
      next();
      return;
    }
    res.setHeader('Retry-After', String(seconds));
    next(new ApiError('busy', `${BUSY_MESSAGE} It should be done in about ${seconds} s.`));
  };
  const r = guardedRouter(router, auth, '/api', busyGate);
  const context: RouteContext = {
    store, auth, signIn, options, writes: createWriteBatcher(store.db), answers: createAnswerCache(store), imports,
  };
  catalogueRoutes(r, context);
  reportRoutes(r, context);
  figureRoutes(r, context);
  csvRoutes(r, context);
  importRoutes(r, context);
  recipeRoutes(r, context);
  sessionRoutes(r, context);
  changeRoutes(r, context);
  openApiRoutes(r, context);
  invitationRoutes(r, context);
  ownAccountRoutes(r, context);
  accountRoutes(r, context);
  auditRoutes(r, context);
  return router;
}
