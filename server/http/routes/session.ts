// Signing in and out of the dashboard: a name and a password give an HttpOnly, SameSite=Strict session
// cookie (server/http/sign-in.ts has the limits); GET says who the request is, and why a session
// cookie no longer works when it does not.
import { type Request, type Response } from 'express';
import { SignInInput, type SessionInfo } from '../../domain/accounts';
import type { AccountRow } from '../../db/store';
import type { GuardedRouter } from '../access';
import { SESSION_COOKIE, actorOf, clientAddress, sessionCookie, sessionEndedMessage, sessionHash } from '../auth';
import { personal } from '../caching';
import { parseBody, requireJson, jsonBody } from '../request';
import type { RouteContext } from './context';

const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'strict' as const, secure: req.secure, path: '/' });

/** Sets the session cookie of a new session and answers who is signed in (201). */
export function answerSignedIn(req: Request, res: Response, s: { id: string; expires: Date; account: AccountRow }): void {
  res.cookie(SESSION_COOKIE, s.id, { ...cookieOptions(req), expires: s.expires });
  personal(res);
  const info: SessionInfo = { signed_in: true, via: 'session', account_id: s.account.id, name: s.account.name, role: s.account.role };
  res.status(201).json(info);
}

export function sessionRoutes(r: GuardedRouter, { store, auth, signIn }: RouteContext): void {
  const json = jsonBody;

  r.get('/session', (_req, res) => {
    const actor = actorOf(res);
    personal(res);
    const ended = res.locals.sessionEnded as string | undefined;
    const info: SessionInfo = actor
      ? { signed_in: true, via: actor.via, account_id: actor.id, name: actor.name, role: actor.role }
      : ended ? { signed_in: false, ended, message: sessionEndedMessage(ended)! } : { signed_in: false };
    res.json(info);
  });

  r.post('/session', requireJson, json, async (req, res, next) => {
    const { name, password } = parseBody(SignInInput, req.body, 'sign-in');
    const result = await signIn(req, name, password);
    if (result.refused) {
      auth.fail(req, res, next, result.refused);
      return;
    }
    answerSignedIn(req, res, result);
  });

  r.delete('/session', (req, res) => {
    const id = sessionCookie(req);
    const actor = actorOf(res);
    if (id) {
      store.deleteSession(sessionHash(id));
      if (actor?.via === 'session') store.audit({ event: 'sign_out', actor: { id: actor.id, name: actor.name }, subject: { id: actor.id, name: actor.name }, address: clientAddress(req) });
    }
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.status(204).end();
  });
}
