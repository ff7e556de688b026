// Reading a request: query strings, ids, If-Match and bodies against their schemas (every fault at
// once, 400), and who is asking.
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { fieldErrors } from '../domain/report';
import { actorOf, type Actor } from './auth';
import { ApiError, validationFailed } from './errors';

export const JSON_BODY_LIMIT = '64kb';

/** Validates a query string against its schema: every bad parameter at once, 400. */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const r = schema.safeParse(req.query);
  if (!r.success) throw validationFailed(fieldErrors(r.error.issues), 'query string');
  return r.data;
}

/** Validates a body against its schema: every bad field at once, 400. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error.issues), what);
  return parsed.data;
}

export function parseId(req: Request): number {
  const raw = String(req.params.id ?? '');
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) {
    throw validationFailed({ id: ['must be a positive whole number'] }, 'path');
  }
  return Number(raw);
}

/** `If-Match: 3`, `"3"` or `W/"3"` names the revision a write is based on; absent or `*`: any. */
export function parseIfMatch(req: Request): number | undefined {
  const h = req.get('if-match');
  if (h === undefined || h.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(h);
  if (!m) throw validationFailed({ 'If-Match': ['must be the revision number the change is based on'] }, 'request');
  return Number(m[1]);
}

export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    next(new ApiError('unsupported_media_type', 'Send the report as JSON (Content-Type: application/json).'));
    return;
  }
  next();
};

/** The actor of a route whose guard needs one (editor or admin): always there once the guard passed. */
export function actorNeeded(res: Response): Actor {
  const actor = actorOf(res);
  if (!actor) throw new ApiError('unauthorized', 'This needs an account.');
  return actor;
}

/** A JSON body (objects and arrays only), up to JSON_BODY_LIMIT. */
export const jsonBody: RequestHandler = express.json({ limit: JSON_BODY_LIMIT, strict: true });

/** Bodiless writes still read whatever body came, to its end, before acting: a write is done only for
 *  a request that arrived whole (a malformed chunked body must not delete and then fail to answer). */
export const wholeRequest: RequestHandler = express.raw({ type: () => true, limit: JSON_BODY_LIMIT });
