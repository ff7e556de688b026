// Reports: the list, one report, its history, and the writes (create, replace, delete, restore).
import express, { type Response, type Router } from 'express';
import { ReportInput } from '../../domain/report';
import { ReportListQuery } from '../../domain/queries';
import type { WriteResult } from '../../db/store';
import { ApiError } from '../errors';
import { JSON_BODY_LIMIT, parseBody, parseId, parseIfMatch, parseQuery, requireJson, writerOf } from '../request';
import type { RouteContext } from './context';

function answerWrite(res: Response, result: WriteResult, id: number, status = 200): void {
  if (result.status === 'not_found') throw new ApiError('not_found', `No report ${id} to change.`);
  if (result.status === 'conflict') {
    throw new ApiError('conflict', `Report ${id} was changed meanwhile: it is at revision ${result.current.revision}.`, undefined, { current: result.current });
  }
  res.status(status).setHeader('ETag', `"${result.report.revision}"`);
  if (status === 204) res.end();
  else res.json(result.report);
}

export function reportRoutes(r: Router, { store, auth, writes }: RouteContext): void {
  const json = express.json({ limit: JSON_BODY_LIMIT, strict: true });
  const write = [auth.requireWriter, requireJson, json];
  // Bodiless writes still read whatever body came, to its end, before acting: a write is done only for
  // a request that arrived whole (a malformed chunked body must not delete and then fail to answer).
  const wholeRequest = express.raw({ type: () => true, limit: JSON_BODY_LIMIT });
  const validReport = (body: unknown) => parseBody(ReportInput, body, 'report');

  r.get('/reports', auth.optionalWriter, (req, res) => {
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

  r.get('/reports/:id', auth.optionalWriter, (req, res) => {
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

  r.get('/reports/:id/history', auth.optionalWriter, (req, res) => {
    const id = parseId(req);
    const found = store.getReport(id, { includeDeleted: true });
    if (!found || (found.deleted && !res.locals.writer)) throw new ApiError('not_found', `No report ${id}.`);
    res.json({ items: store.history(id) });
  });
}
