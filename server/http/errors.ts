// One JSON error shape for every failure (DESIGN.md "Errors and limits"), built in one place.
import type { ErrorRequestHandler, Response } from 'express';
import type { FieldErrors } from '../domain/report';

import type { ErrorCode } from '../domain/api/errors';

export type { ErrorCode };

export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400, invalid_json: 400, invalid_csv: 400, unauthorized: 401, forbidden: 403,
  not_found: 404, conflict: 412, payload_too_large: 413, unsupported_media_type: 415,
  import_rejected: 422, rate_limited: 429, internal: 500, busy: 503, insufficient_storage: 507,
};

/** What a writer is told when the disk is full; the form and the import dialog show it as it is. */
export const STORAGE_FULL_MESSAGE = 'The server\'s disk is full, so nothing of this request was stored. '
  + 'Tell whoever runs the server; writing works again once space is freed.';

/** What a writer is told while a large import is being stored (by this server or another process). */
export const BUSY_MESSAGE = 'A large import is being stored, so nothing of this request was stored; send it again when it is done.';

/** SQLite's answer when another connection holds the database for writing longer than we wait. */
export const isBusy = (err: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown } | null)?.code ?? ''));

/** SQLite's answer when the database file cannot grow: the disk (or a quota) is full. */
export const isStorageFull = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'SQLITE_FULL';

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  fields?: FieldErrors;
  [extra: string]: unknown;
}

/** An error a route throws to answer with DESIGN.md's shape. `extra` adds fields (e.g. `current`). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function errorBody(code: ErrorCode, message: string, fields?: FieldErrors, extra: Record<string, unknown> = {}): ErrorBody {
  return { error: code, message, ...(fields && Object.keys(fields).length > 0 ? { fields } : {}), ...extra };
}

export function sendError(res: Response, code: ErrorCode, message: string, fields?: FieldErrors, extra?: Record<string, unknown>): void {
  // An error is about this request: never stored by a cache, never matched by a read's tag.
  res.removeHeader('ETag');
  res.setHeader('Cache-Control', 'private, no-store');
  res.status(ERROR_STATUS[code]).json(errorBody(code, message, fields, extra));
}

export const validationFailed = (fields: FieldErrors, what = 'request') =>
  new ApiError('validation_failed', `The ${what} has ${Object.keys(fields).length === 1 ? 'an invalid field' : 'invalid fields'}: ${Object.keys(fields).join(', ')}.`, fields);

interface BodyParserError { type?: string; status?: number; statusCode?: number; expose?: boolean; body?: string; message?: string }

/** The last handler: known errors get their shape, everything else a 500 without a stack trace,
 *  logged with the request id that the answer carries too. */
export const finalErrorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (res.headersSent) {
    req.log?.error({ err }, 'error after the answer started');
    res.destroy();
    return;
  }
  if (err instanceof ApiError) {
    sendError(res, err.code, err.message, err.fields, err.extra);
    return;
  }
  const e = (err ?? {}) as BodyParserError;
  switch (e.type) {
    case 'entity.parse.failed':
      sendError(res, 'invalid_json', `The body is not valid JSON: ${e.message ?? 'parse error'}.`);
      return;
    case 'entity.too.large':
      sendError(res, 'payload_too_large', 'The body is larger than this route accepts.');
      return;
    case 'encoding.unsupported':
    case 'charset.unsupported':
      sendError(res, 'unsupported_media_type', 'The body must be UTF-8.');
      return;
    case 'request.aborted':
      return;
  }
  if (isStorageFull(err)) {
    // One line, no stack: the cause is the machine's, not the code's.
    (res.app.locals.storage as { noteFull(): void } | undefined)?.noteFull();
    req.log?.error({ code: 'SQLITE_FULL' }, 'the disk is full: a write was refused, nothing of it stored');
    sendError(res, 'insufficient_storage', STORAGE_FULL_MESSAGE);
    return;
  }
  if (isBusy(err)) {
    // Another process (npm run import) holds the database: the same answer as for our own import.
    res.setHeader('Retry-After', '30');
    sendError(res, 'busy', BUSY_MESSAGE);
    return;
  }
  const status = e.status ?? e.statusCode;
  if (status && status >= 400 && status < 500) {
    const code: ErrorCode = status === 404 ? 'not_found' : status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'validation_failed';
    sendError(res, code, e.expose && e.message ? e.message : 'The request could not be read.');
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  sendError(res, 'internal', `Something went wrong on the server; the request id is ${String(req.id ?? 'unknown')}.`, undefined, { request_id: req.id });
};
