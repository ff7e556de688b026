// Who may write: the token (Authorization: Bearer) or a signed-in session cookie. The token is compared
// in constant time; failed attempts are rate limited per client; cookie writes must be same-origin.
import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Store } from '../db/store';
import { ApiError, sendError } from './errors';

export const SESSION_COOKIE = 'tally_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const digest = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: both sides are hashed first so their lengths never leak. */
export function tokenMatches(given: string, token: string): boolean {
  return crypto.timingSafeEqual(digest(given), digest(token));
}

export const sessionHash = (id: string) => digest(id).toString('hex');

export function bearerToken(req: Request): string | undefined {
  const h = req.get('authorization');
  if (h === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

export function sessionCookie(req: Request): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface Writer { who: string; via: 'token' | 'cookie' }

export interface AuthOptions {
  token: string;
  store: Store;
  /** Failed attempts allowed per client per window before 429. */
  failLimit: number;
  failWindowMs: number;
}

/** A cookie write must come from this origin: Sec-Fetch-Site where the browser sends it, else Origin. */
function sameOrigin(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = req.get('origin');
  if (origin === undefined) return false;
  return origin === `${req.protocol}://${req.get('host') ?? ''}`;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createAuth(opts: AuthOptions) {
  // Counts only failures: a request with the right token never reaches this limiter.
  const failures = rateLimit({
    windowMs: opts.failWindowMs,
    limit: opts.failLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => sendError(res, 'rate_limited', 'Too many failed sign-in or token attempts; wait and try again.'),
  });

  /** A client that has used up its failed attempts is refused (429) whatever token it sends next, the
   *  right one included: otherwise the limit would still let it guess, and tell it when it guessed
   *  right. A client that has not failed is never limited. */
  async function blocked(req: Request): Promise<boolean> {
    const info = await failures.getKey(ipKeyGenerator(req.ip ?? ''));
    return info !== undefined && info.totalHits >= opts.failLimit;
  }
  const refuse = () => new ApiError('rate_limited', 'Too many failed sign-in or token attempts; wait and try again.');

  /** Who is writing, if the request carries the token or a live session; undefined otherwise. */
  function writer(req: Request): Writer | undefined {
    const given = bearerToken(req);
    if (given !== undefined) return given && tokenMatches(given, opts.token) ? { who: 'api', via: 'token' } : undefined;
    const cookie = sessionCookie(req);
    if (cookie) {
      const name = opts.store.sessionName(sessionHash(cookie));
      if (name !== undefined) return { who: name, via: 'cookie' };
    }
    return undefined;
  }

  /** Middleware for routes that need a writer: 401 (counted towards the limit) when there is none;
   *  403 for a cookie write that is cross-site or not JSON (or CSV to the import route). */
  const requireWriter: RequestHandler = async (req, res, next) => {
    if (bearerToken(req) !== undefined && await blocked(req)) {
      next(refuse());
      return;
    }
    const w = writer(req);
    if (!w) {
      failures(req, res, () => next(new ApiError('unauthorized', 'This needs the write token (Authorization: Bearer <token>) or a signed-in session.')));
      return;
    }
    if (w.via === 'cookie' && !READ_METHODS.has(req.method)) {
      if (!sameOrigin(req)) {
        next(new ApiError('forbidden', 'A signed-in write must come from this site\'s own pages.'));
        return;
      }
      const allowed = req.path === '/import' ? ['application/json', 'text/csv'] : ['application/json'];
      if (!req.is(allowed)) {
        next(new ApiError('forbidden', 'A signed-in write must be sent as JSON.'));
        return;
      }
    }
    res.locals.writer = w;
    next();
  };

  /** For reads that show more to writers (deleted reports, who made a change): a token or a signed-in
   *  session sets res.locals.writer. A wrong token still counts as a failed attempt (401); reads need no
   *  same-origin check. */
  const optionalWriter: RequestHandler = async (req, res, next) => {
    if (req.get('authorization') !== undefined) {
      await requireWriter(req, res, next);
      return;
    }
    const w = writer(req);
    if (w) res.locals.writer = w;
    next();
  };

  /** Signs in with the token and a name: a new session, or 401 (counted towards the limit). */
  const signIn = async (req: Request, token: string, name: string, next: (err?: unknown) => void, ok: (id: string) => void) => {
    if (await blocked(req)) {
      next(refuse());
      return;
    }
    if (!tokenMatches(token, opts.token)) {
      failures(req, req.res!, () => next(new ApiError('unauthorized', 'That is not the write token.')));
      return;
    }
    const id = crypto.randomBytes(32).toString('base64url');
    opts.store.createSession(sessionHash(id), name, SESSION_TTL_MS);
    ok(id);
  };

  return { writer, requireWriter, optionalWriter, signIn, failures };
}

export type Auth = ReturnType<typeof createAuth>;
