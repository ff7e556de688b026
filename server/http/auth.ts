// Who is asking: a personal API token or the bootstrap token (Authorization: Bearer), or a signed-in
// session cookie; and whether they may use a route (server/http/access.ts says the least each route
// needs). Wrong credentials are rate limited per client address; sign-in also per account
// (server/http/sign-in.ts). Cookie writes must be same-origin.
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { roleAtLeast, type Role } from '../domain/accounts';
import { BOOTSTRAP_WHO, type Author, type SessionState, type Store } from '../db/store';
import { secretHash } from '../accounts/secrets';
import { ApiError, sendError } from './errors';

export const SESSION_COOKIE = 'tally_session';

const digest = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: both sides are hashed first so their lengths never leak. */
export function tokenMatches(given: string, token: string): boolean {
  return crypto.timingSafeEqual(digest(given), digest(token));
}

/** A session id as it is stored: its SHA-256, as every secret (server/accounts/secrets.ts). */
export const sessionHash = secretHash;

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

/** The client's address for the limits and the audit log: the socket's, or what the proxy named in
 *  TALLY_TRUST_PROXY says (express's `trust proxy` decides which `req.ip` is). */
export const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? '';

/** Who is asking. `via`: the session cookie, a personal token, or the bootstrap token (TALLY_TOKEN). */
export type Actor =
  | { kind: 'account'; id: number; name: string; role: Role; via: 'session' | 'token'; sessionHash?: string }
  | { kind: 'bootstrap'; id: null; name: string; role: 'admin'; via: 'bootstrap' };

/** The author of the revisions an actor makes. */
export const authorOf = (a: Actor): Author => (a.kind === 'account' ? { actor: 'account', id: a.id, name: a.name } : { actor: 'bootstrap' });

/** The actor as the audit log names it. */
export const auditActor = (a: Actor) => ({ id: a.id, name: a.name });

export const actorOf = (res: Response) => res.locals.actor as Actor | undefined;

/** The least a route needs: anyone, a reader (anyone unless the instance is private), or a role. */
export type Access = 'public' | 'reader' | Role;

export interface AuthOptions {
  store: Store;
  /** TALLY_TOKEN (or an existing data/tally.token): acts as an admin without an account. */
  bootstrapToken?: string;
  /** `accounts`: every read needs a session or a token (TALLY_READ). */
  readMode: 'public' | 'accounts';
  /** Failed attempts allowed per client address per window before 429. */
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

const ENDED: Record<Extract<SessionState, { state: 'ended' }>['reason'], string> = {
  disabled: 'An admin has disabled this account, so this browser is signed out: ask an admin of this site if you need it back.',
  password_changed: 'The password of this account was changed, which signed this browser out: sign in again with the new password.',
  signed_out_everywhere: 'An admin signed this account out everywhere: sign in again.',
  expired: 'Your session ended 30 days after you signed in: sign in again.',
  idle: 'Your session ended after a day without use: sign in again.',
};

/** Why a session cookie no longer works, in a sentence for the page. */
export const sessionEndedMessage = (reason: string | undefined): string | undefined => (reason ? ENDED[reason as keyof typeof ENDED] : undefined);

const NEEDS_ACCOUNT = 'This needs an account: sign in, or send a personal API token (Authorization: Bearer <token>).';
const PRIVATE = 'This instance is private: sign in, or send a personal API token (Authorization: Bearer <token>).';

export function createAuth(opts: AuthOptions) {
  const { store } = opts;
  const limited = () => new ApiError('rate_limited', 'Too many failed sign-in or token attempts from this address; wait and try again.');
  // Counts only failures: a request with good credentials never reaches this limiter.
  const failures = rateLimit({
    windowMs: opts.failWindowMs,
    limit: opts.failLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(clientAddress(req)),
    handler: (_req, res) => sendError(res, 'rate_limited', limited().message),
  });

  /** A client that has used up its failed attempts is refused (429) whatever it sends next, the right
   *  credentials included: otherwise the limit would still let it guess, and tell it when it guessed
   *  right. A client that has not failed is never limited. */
  async function blocked(req: Request): Promise<boolean> {
    const info = await failures.getKey(ipKeyGenerator(clientAddress(req)));
    return info !== undefined && info.totalHits >= opts.failLimit;
  }

  /** Counts a failure for the client's address, then passes `err` on (or answers 429 over the limit). */
  const fail = (req: Request, res: Response, next: (e?: unknown) => void, err: ApiError) => failures(req, res, () => next(err));

  /** The actor a bearer token stands for, or why it stands for none. */
  function tokenActor(req: Request, given: string): Actor | ApiError {
    if (opts.bootstrapToken && tokenMatches(given, opts.bootstrapToken)) {
      return { kind: 'bootstrap', id: null, name: BOOTSTRAP_WHO, role: 'admin', via: 'bootstrap' };
    }
    const match = given ? store.apiTokenByHash(secretHash(given)) : undefined;
    if (!match) return new ApiError('unauthorized', 'That token is not valid.');
    if (match.revoked_at) {
      store.audit({ event: 'revoked_token_used', subject: { id: match.account.id, name: match.account.name }, address: clientAddress(req), details: { token_id: match.id, token_name: match.name, revoked_at: match.revoked_at } });
      return new ApiError('unauthorized', `That token ("${match.name}") was revoked on ${match.revoked_at.slice(0, 10)}.`);
    }
    if (match.account.disabled) return new ApiError('unauthorized', 'That token\'s account has been disabled.');
    return { kind: 'account', id: match.account.id, name: match.account.name, role: match.account.role, via: 'token' };
  }

  /** Middleware for every request: who is asking (res.locals.actor). A bearer token that is wrong,
   *  revoked or of a disabled account is 401 on any route, counted towards the address's limit; a
   *  session cookie that no longer works only leaves the request anonymous (res.locals.sessionEnded
   *  says why, for the 401 a route that needs an account gives). */
  const identify: RequestHandler = async (req, res, next) => {
    const given = bearerToken(req);
    if (given !== undefined) {
      if (await blocked(req)) {
        next(limited());
        return;
      }
      const who = tokenActor(req, given);
      if (who instanceof ApiError) {
        fail(req, res, next, who);
        return;
      }
      res.locals.actor = who;
      next();
      return;
    }
    const cookie = sessionCookie(req);
    if (cookie) {
      const hash = sessionHash(cookie);
      const s = store.session(hash);
      if (s?.state === 'live') res.locals.actor = { kind: 'account', ...s.account, via: 'session', sessionHash: hash } satisfies Actor;
      else if (s) res.locals.sessionEnded = s.reason;
    }
    next();
  };

  /** The guard of a route: lets the request through when the actor may use it; else 401 (no account,
   *  counted towards the limit for routes that write), or 403 (a role that may not, or a cookie write
   *  from another site or not as JSON). Nothing of a refused request is stored. */
  function require(access: Access): RequestHandler {
    return (req, res, next) => {
      if (access === 'public') {
        next();
        return;
      }
      const actor = actorOf(res);
      if (!actor) {
        const why = sessionEndedMessage(res.locals.sessionEnded as string | undefined);
        if (access === 'reader') {
          if (opts.readMode === 'public') next();
          else next(new ApiError('unauthorized', why ?? PRIVATE));
          return;
        }
        const err = new ApiError('unauthorized', why ?? NEEDS_ACCOUNT);
        // A read without an account guesses nothing (a signed-out page asking for the recipes): only a
        // write is counted, so such reads cannot lock an office's shared address out of signing in.
        if (READ_METHODS.has(req.method)) next(err);
        else fail(req, res, next, err);
        return;
      }
      if (access !== 'reader' && !roleAtLeast(actor.role, access)) {
        next(new ApiError('forbidden', `This needs an ${access} account; ${actor.name} is ${actor.role === 'admin' ? 'an admin' : 'an editor'}.`));
        return;
      }
      if (actor.via === 'session' && !READ_METHODS.has(req.method)) {
        if (!sameOrigin(req)) {
          next(new ApiError('forbidden', 'A signed-in write must come from this site\'s own pages.'));
          return;
        }
        // A body-less write still declares JSON: no HTML form can send that cross-site.
        // A form with a file (the import dialog's upload) is as same-origin as the rest: checked above.
        const allowed = req.path === '/import' ? ['application/json', 'text/csv', 'multipart/form-data']
          : req.path === '/import/preview' ? ['multipart/form-data'] : ['application/json'];
        if (!req.is(allowed)) {
          next(new ApiError('forbidden', 'A signed-in write must be sent as JSON.'));
          return;
        }
      }
      next();
    };
  }

  return { identify, require, blocked, fail, limited };
}

export type Auth = ReturnType<typeof createAuth>;
