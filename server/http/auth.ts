// The write token: compared in constant time; failed attempts rate limited per client.
import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ApiError, sendError } from './errors';

const digest = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: both sides are hashed first so their lengths never leak. */
export function tokenMatches(given: string, token: string): boolean {
  return crypto.timingSafeEqual(digest(given), digest(token));
}

export function bearerToken(req: Request): string | undefined {
  const h = req.get('authorization');
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

export interface Writer { who: string }

export interface AuthOptions {
  token: string;
  /** Failed attempts allowed per client per window before 429. */
  failLimit: number;
  failWindowMs: number;
}

export function createAuth(opts: AuthOptions) {
  // Counts only failures: a request with the right token never reaches this limiter.
  const failures = rateLimit({
    windowMs: opts.failWindowMs,
    limit: opts.failLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => sendError(res, 'rate_limited', 'Too many failed sign-in or token attempts; wait and try again.'),
  });

  /** Who is writing, if the request is authorised; undefined otherwise. */
  function writer(req: Request): Writer | undefined {
    const given = bearerToken(req);
    if (given && tokenMatches(given, opts.token)) return { who: 'api' };
    return undefined;
  }

  /** Middleware for routes that need the token: 401 (counted towards the limit) when missing or wrong. */
  const requireWriter: RequestHandler = (req, res, next) => {
    const w = writer(req);
    if (w) {
      res.locals.writer = w;
      next();
      return;
    }
    failures(req, res, () => next(new ApiError('unauthorized', 'This needs the write token: send Authorization: Bearer <token>.')));
  };

  return { writer, requireWriter, failures };
}

export type Auth = ReturnType<typeof createAuth>;
