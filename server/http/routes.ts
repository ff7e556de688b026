// The JSON API: validate, call the store or the figures, shape the answer.
import express, { type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import type { z } from 'zod';
import { RenameInput, ReportInput, SignInInput, fieldErrors } from '../domain/report';
import { CompareQuery, DisagreementQuery, ExportQuery, ImportQuery, ReportListQuery, SeriesQuery } from '../domain/queries';
import { exportFileName, writeCsvExport } from '../csv/export';
import { applyImport, readImport } from '../csv/import';
import { CsvFormatError } from '../csv/parse';
import { limitedBody, BodyTooLargeError } from './byte-limit';
import { createAnswerCache } from './caching';
import { createWriteBatcher } from '../db/write-batch';
import { computeCompareFrom, computeSeriesFrom, disagreementsFrom } from '../domain/figures';
import { openSnapshot, type Store, type WriteResult } from '../db/store';
import { SESSION_COOKIE, SESSION_TTL_MS, sessionCookie, sessionHash, type Auth, type Writer } from './auth';
import { ApiError, validationFailed } from './errors';

export const JSON_BODY_LIMIT = '64kb';

/** Validates a query string against its schema: every bad parameter at once, 400. */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const r = schema.safeParse(req.query);
  if (!r.success) throw validationFailed(fieldErrors(r.error.issues), 'query string');
  return r.data;
}

function parseId(req: Request): number {
  const raw = String(req.params.id ?? '');
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) {
    throw validationFailed({ id: ['must be a positive whole number'] }, 'path');
  }
  return Number(raw);
}

/** `If-Match: 3`, `"3"` or `W/"3"` names the revision a write is based on; absent or `*`: any. */
function parseIfMatch(req: Request): number | undefined {
  const h = req.get('if-match');
  if (h === undefined || h.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(h);
  if (!m) throw validationFailed({ 'If-Match': ['must be the revision number the change is based on'] }, 'request');
  return Number(m[1]);
}

const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    next(new ApiError('unsupported_media_type', 'Send the report as JSON (Content-Type: application/json).'));
    return;
  }
  next();
};

const writerOf = (res: Response) => res.locals.writer as Writer;

function answerWrite(res: Response, result: WriteResult, id: number, status = 200): void {
  if (result.status === 'not_found') throw new ApiError('not_found', `No report ${id} to change.`);
  if (result.status === 'conflict') {
    throw new ApiError('conflict', `Report ${id} was changed meanwhile: it is at revision ${result.current.revision}.`, undefined, { current: result.current });
  }
  res.status(status).setHeader('ETag', `"${result.report.revision}"`);
  if (status === 204) res.end();
  else res.json(result.report);
}

export interface RouterOptions { importLimitBytes: number }

export function apiRouter(store: Store, auth: Auth, options: RouterOptions) {
  const r = express.Router();
  const answers = createAnswerCache(store);
  const writes = createWriteBatcher(store.db);
  /** Derived figures: computed once per data version and query (keyed by the validated query). One
   *  read transaction around the version and every statement of the computation: a commit by another
   *  process (the import script) cannot land between two of its reads. */
  const sendFigures = (res: Response, route: string, query: unknown, compute: () => unknown) => {
    res.type('application/json').send(store.transaction(() => answers.json(`${route}?${JSON.stringify(query)}`, compute)));
  };
  const json = express.json({ limit: JSON_BODY_LIMIT, strict: true });
  const write = [auth.requireWriter, requireJson, json];
  // Bodiless writes still read whatever body came, to its end, before acting: a write is done only for
  // a request that arrived whole (a malformed chunked body must not delete and then fail to answer).
  const wholeRequest = express.raw({ type: () => true, limit: JSON_BODY_LIMIT });
  /** Reads that show more to writers (deleted reports): a token or a signed-in session. A wrong token
   *  still counts as a failed attempt; reads need no same-origin check. */
  const optionalWriter = async (req: Request, res: Response, next: NextFunction) => {
    if (req.get('authorization') !== undefined) {
      await auth.requireWriter(req, res, next);
      return;
    }
    const w = auth.writer(req);
    if (w) res.locals.writer = w;
    next();
  };

  const validBody = <S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw validationFailed(fieldErrors(parsed.error.issues), what);
    return parsed.data;
  };
  const validReport = (body: unknown) => validBody(ReportInput, body, 'report');

  r.get('/health', (_req, res) => {
    res.json({ ok: true, reports: store.countLive() });
  });

  r.get('/reports', optionalWriter, (req, res) => {
    const q = parseQuery(ReportListQuery, req);
    if (q.deleted === 'only' && !res.locals.writer) {
      throw new ApiError('unauthorized', 'Listing deleted reports needs the write token.');
    }
    const { limit, offset, sort, ...filter } = q;
    const page = store.listReports(filter, { limit, offset, sort });
    res.json({ items: page.items, total: page.total, limit, offset });
  });

  r.post('/reports', ...write, async (req, res) => {
    const input = validReport(req.body);
    const who = writerOf(res).who;
    const report = await writes.run(() => store.insertReport(input, who));
    res.status(201).location(`/api/reports/${report.id}`).setHeader('ETag', `"${report.revision}"`);
    res.json(report);
  });

  r.get('/reports/:id', optionalWriter, (req, res) => {
    const id = parseId(req);
    const found = store.getReport(id, { includeDeleted: Boolean(res.locals.writer) });
    if (!found) throw new ApiError('not_found', `No report ${id}.`);
    const { deleted, ...report } = found;
    res.setHeader('ETag', `"${report.revision}"`);
    res.json(deleted ? { ...report, deleted } : report);
  });

  r.put('/reports/:id', ...write, async (req, res) => {
    const id = parseId(req);
    const ifMatch = parseIfMatch(req);
    const input = validReport(req.body);
    const who = writerOf(res).who;
    answerWrite(res, await writes.run(() => store.updateReport(id, input, who, ifMatch)), id);
  });

  r.delete('/reports/:id', auth.requireWriter, wholeRequest, async (req, res) => {
    const id = parseId(req);
    const ifMatch = parseIfMatch(req);
    const who = writerOf(res).who;
    answerWrite(res, await writes.run(() => store.deleteReport(id, who, ifMatch)), id, 204);
  });

  r.post('/reports/:id/restore', auth.requireWriter, wholeRequest, async (req, res) => {
    const id = parseId(req);
    const ifMatch = parseIfMatch(req);
    const who = writerOf(res).who;
    const result = await writes.run(() => store.restoreReport(id, who, ifMatch));
    if (result.status === 'not_found') throw new ApiError('not_found', `No deleted report ${id} to restore.`);
    answerWrite(res, result, id);
  });

  r.get('/reports/:id/history', optionalWriter, (req, res) => {
    const id = parseId(req);
    const found = store.getReport(id, { includeDeleted: true });
    if (!found || (found.deleted && !res.locals.writer)) throw new ApiError('not_found', `No report ${id}.`);
    res.json({ items: store.history(id) });
  });

  r.get('/series', (req, res) => {
    const q = parseQuery(SeriesQuery, req);
    const { party, metric, ...opts } = q;
    sendFigures(res, 'series', q, () => computeSeriesFrom(store.figureSource(party, metric), opts));
  });

  r.get('/compare', (req, res) => {
    const q = parseQuery(CompareQuery, req);
    const { party, metric, ...opts } = q;
    sendFigures(res, 'compare', q, () => computeCompareFrom(store.figureSource(party, metric), opts));
  });

  r.get('/disagreements', (req, res) => {
    const q = parseQuery(DisagreementQuery, req);
    const { party, metric, limit, offset, ...opts } = q;
    sendFigures(res, 'disagreements', q, () => ({ ...disagreementsFrom(store.figureSource(party, metric), opts, { limit, offset }), limit, offset }));
  });

  r.get('/reports.csv', async (req, res) => {
    const { bom, hxl, download, sort: _sort, ...filter } = parseQuery(ExportQuery, req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    if (download) res.attachment(exportFileName(filter));
    const snapshot = openSnapshot(store);
    try {
      await writeCsvExport(snapshot.store, filter, res, { bom, hxl });
    } finally {
      snapshot.close();
    }
    res.end();
  });

  r.post('/import', auth.requireWriter, async (req, res) => {
    if (!req.is('text/csv')) throw new ApiError('unsupported_media_type', 'Send the file as CSV (Content-Type: text/csv).');
    const q = parseQuery(ImportQuery, req);
    const declared = Number(req.get('content-length') ?? 0);
    const tooLarge = () => new ApiError('payload_too_large', `The file is larger than this server accepts over HTTP (${Math.round(options.importLimitBytes / 1e6)} MB); use npm run import for larger files.`);
    if (declared > options.importLimitBytes) throw tooLarge();
    let read;
    try {
      read = await readImport(store, limitedBody(req, options.importLimitBytes), { ids: q.ids });
    } catch (e) {
      if (e instanceof CsvFormatError) throw new ApiError('invalid_csv', e.message, undefined, { line: e.line });
      if (e instanceof BodyTooLargeError) throw tooLarge();
      throw e;
    }
    const result = applyImport(store, read, { who: writerOf(res).who, dryRun: q.dry_run, ids: q.ids });
    if (result.rejected.length > 0) {
      const n = result.rejected.length;
      throw new ApiError('import_rejected', `${n} row${n === 1 ? ' was' : 's were'} rejected, so nothing was stored; fix ${n === 1 ? 'it' : 'them'} and import again.`, undefined, { ...result });
    }
    res.json({ ...result, dry_run: q.dry_run });
  });

  // Sign-in for the dashboard: the token and a name give an HttpOnly, SameSite=Strict session cookie.
  r.get('/session', (req, res) => {
    const w = auth.writer(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(w ? { signed_in: true, name: w.who, via: w.via } : { signed_in: false });
  });

  r.post('/session', requireJson, json, async (req, res, next) => {
    const { token, name } = validBody(SignInInput, req.body, 'sign-in');
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

  // Rename or merge a source or party across all its live reports; `dry_run` previews the count.
  r.post('/rename', ...write, (req, res) => {
    const { field, from, to, dry_run } = validBody(RenameInput, req.body, 'rename');
    const reports = dry_run ? store.countWith(field, from) : store.renameValue(field, from, to, writerOf(res).who);
    res.json({ field, from, to, reports, dry_run });
  });

  r.get('/facets', (_req, res) => {
    res.json(store.facets());
  });

  return r;
}
