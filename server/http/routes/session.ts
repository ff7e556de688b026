// Sign-in for the dashboard: the token and a name give an HttpOnly, SameSite=Strict session cookie.
import express, { type Router } from 'express';
import { SignInInput } from '../../domain/report';
import { SESSION_COOKIE, SESSION_TTL_MS, sessionCookie, sessionHash } from '../auth';
import { JSON_BODY_LIMIT, parseBody, requireJson } from '../request';
import type { RouteContext } from './context';

export function sessionRoutes(r: Router, { store, auth }: RouteContext): void {
  const json = express.json({ limit: JSON_BODY_LIMIT, strict: true });

  r.get('/session', (req, res) => {
    const w = auth.writer(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(w ? { signed_in: true, name: w.who, via: w.via } : { signed_in: false });
  });

  r.post('/session', requireJson, json, async (req, res, next) => {
    const { token, name } = parseBody(SignInInput, req.body, 'sign-in');
    await auth.signIn(req, token, name, next, (id) => {
      res.cookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: SESSION_TTL_MS });
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json({ signed_in: true, name, via: 'cookie' });
    });
  });

  r.delete('/session', (req, res) => {
    const id = sessionCookie(req);
    if (id) store.deleteSession(sessionHash(id));
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    res.status(204).end();
  });
}
