// Who may use each route: the one table of route → the least it needs (decision 0010). `public`:
// anyone, even on a private instance; `reader`: anyone, unless TALLY_READ=accounts; `editor`: any
// account (or the bootstrap token); `admin`: an admin account (or the bootstrap token). Routes are
// mounted only through `guardedRouter`, which puts the table's guard in front of each and refuses to
// mount a route the table does not name; test/accounts/roles.test.ts walks every route the app serves
// and fails on one missing here.
import type { RequestHandler, Router } from 'express';
import type { Access, Auth } from './auth';

export const ROUTE_ACCESS = {
  // Anyone: health (no counts on a private instance), the session, invitation links.
  'GET /api/health': 'public',
  'GET /api/session': 'public',
  'POST /api/session': 'public',
  'DELETE /api/session': 'public',
  'POST /api/invitations/lookup': 'public',
  'POST /api/invitations/accept': 'public',

  // Reads: public, or for accounts on a private instance.
  'GET /api/facets': 'reader',
  'GET /api/reports': 'reader',
  'GET /api/reports/:id': 'reader',
  'GET /api/reports/:id/history': 'reader',
  'GET /api/reports/:id/history.csv': 'reader',
  'GET /api/reports.csv': 'reader',
  'GET /api/series': 'reader',
  'GET /api/events': 'reader',
  'GET /api/compare': 'reader',
  'GET /api/disagreements': 'reader',
  // Open interfaces (issue 16): read like every other route; a signed-in reader of the change feed
  // also learns who made each change.
  'GET /api/changes': 'reader',
  'GET /api/openapi.json': 'reader',
  'GET /api/docs': 'reader',
  'GET /feed.atom': 'reader',
  'GET /embed': 'reader',

  // Editors: reports, import, their own tokens and password.
  'POST /api/reports': 'editor',
  'PUT /api/reports/:id': 'editor',
  'DELETE /api/reports/:id': 'editor',
  'POST /api/reports/:id/restore': 'editor',
  'POST /api/import': 'editor',
  'GET /api/import/progress': 'editor',
  'POST /api/import/preview': 'editor',
  'GET /api/tokens': 'editor',
  'POST /api/tokens': 'editor',
  'DELETE /api/tokens/:id': 'editor',
  'PUT /api/account/password': 'editor',

  // Admins: also rename and merge, recipes, accounts and the audit log.
  'POST /api/rename': 'admin',
  'GET /api/accounts': 'admin',
  'POST /api/accounts': 'admin',
  'PATCH /api/accounts/:id': 'admin',
  'POST /api/accounts/:id/invitation': 'admin',
  'POST /api/accounts/:id/sign-out': 'admin',
  'GET /api/accounts/:id/tokens': 'admin',
  'GET /api/audit': 'admin',
  // Recipes: those who may write read them, changing one is an admin's.
  'GET /api/recipes': 'editor',
  'GET /api/recipes/:name': 'editor',
  'GET /api/recipes/:name/history': 'editor',
  'POST /api/recipes': 'admin',
  'PUT /api/recipes/:name': 'admin',
  'DELETE /api/recipes/:name': 'admin',
} as const satisfies Record<string, Access>;

export type RouteKey = keyof typeof ROUTE_ACCESS;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Mount = (path: string, ...handlers: RequestHandler[]) => void;

/** The only way a group mounts a route: `r.post('/reports', …)` looks `POST /api/reports` up in the
 *  table and puts its guard first; a route the table does not name is a start-up error. */
export type GuardedRouter = Record<Method, Mount>;

export function accessOf(method: string, path: string): Access | undefined {
  return (ROUTE_ACCESS as Record<string, Access>)[`${method.toUpperCase()} ${path}`];
}

/** `writeGate`, when given, runs after the guard of every route that is not a GET: who may not write
 *  hears so first (a 401 before a 503 busy). */
export function guardedRouter(router: Router, auth: Auth, mountPath = '/api', writeGate?: RequestHandler): GuardedRouter {
  const mount = (method: Method): Mount => (path, ...handlers) => {
    const access = accessOf(method, mountPath + path);
    if (!access) throw new Error(`${method.toUpperCase()} ${mountPath}${path} has no entry in ROUTE_ACCESS (server/http/access.ts): say who may use it`);
    router[method](path, auth.require(access), ...(writeGate && method !== 'get' ? [writeGate] : []), ...handlers);
  };
  return { get: mount('get'), post: mount('post'), put: mount('put'), patch: mount('patch'), delete: mount('delete') };
}
