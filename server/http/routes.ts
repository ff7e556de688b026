// The JSON API under /api: each group of routes validates, calls the store or the figures, and shapes
// the answer (server/http/routes/).
import express from 'express';
import type { Store } from '../db/store';
import { createWriteBatcher } from '../db/write-batch';
import type { Auth } from './auth';
import { createAnswerCache } from './caching';
import type { RouteContext, RouterOptions } from './routes/context';
import { reportRoutes } from './routes/reports';
import { figureRoutes } from './routes/figures';
import { csvRoutes } from './routes/csv';
import { sessionRoutes } from './routes/session';
import { catalogueRoutes } from './routes/catalogue';
import { changeRoutes } from './routes/changes';
import { openApiRoutes } from './routes/openapi';

export { JSON_BODY_LIMIT, parseQuery } from './request';
export type { RouterOptions } from './routes/context';

export function apiRouter(store: Store, auth: Auth, options: RouterOptions) {
  const r = express.Router();
  const context: RouteContext = { store, auth, options, writes: createWriteBatcher(store.db), answers: createAnswerCache(store) };
  catalogueRoutes(r, context);
  reportRoutes(r, context);
  figureRoutes(r, context);
  csvRoutes(r, context);
  sessionRoutes(r, context);
  changeRoutes(r, context);
  openApiRoutes(r, context);
  return r;
}
