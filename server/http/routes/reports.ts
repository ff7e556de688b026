// Reports: the list, one report, its history, and the writes (create, replace, delete, restore).
import { type Response } from 'express';
import { ReportInput } from '../../domain/report';
import { roleAtLeast } from '../../domain/accounts';
import { HistoryCsvQuery, ReportListQuery } from '../../domain/queries';
import { historyCsv } from '../../csv/history';
import type { WriteResult } from '../../db/store';
import type { GuardedRouter } from '../access';
import { actorOf, authorOf } from '../auth';
import { ApiError } from '../errors';
import { actorNeeded, parseBody, parseId, parseIfMatch, parseQuery, requireJson, jsonBody, wholeRequest } from '../request';
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

export function reportRoutes(r: GuardedRouter, { store, writes }: RouteContext): void {
  const json = jsonBody;
  const write = [requireJson, json];
  /** Deleted reports and their history are for those who may write (DESIGN.md "The report"). */
  const mayWrite = (res: Response) => {
    const actor = actorOf(res);
    return actor !== undefined && roleAtLeast(actor.role, 'editor');
  };
  const validReport = (body: unknown) => parseBody(ReportInput, body, 'report');
  const who = (res: Response) => authorOf(actorNeeded(res));

  r.get('/reports', (req, res) => {
    const q = parseQuery(ReportListQuery, req);
    if (q.deleted === 'only' && !mayWrite(res)) {
      throw new ApiError('unauthorized', 'Listing deleted reports needs an account that may write.');
    }
    const { limit, offset, sort, ...filter } = q;
    const page = store.listReports(filter, { limit, offset, sort });
    res.json({ items: page.items, total: page.total, limit, offset });
  });

  r.post('/reports', ...write, async (req, res) => {
    const input = validReport(req.body);
    const by = who(res);
    const report = await writes.run(() => store.insertReport(input, by));
    res.status(201).location(`/api/reports/${report.id}`).setHeader('ETag', `"${report.revision}"`);
    res.json(report);
  });

  r.get('/reports/:id', (req, res) => {
    const id = parseId(req);
    const found = store.getReport(id, { includeDeleted: mayWrite(res) });
    if (!found) throw new ApiError('not_found', `No report ${id}.`);
    const { deleted, ...report } = found;
    res.setHeader('ETag', `"${report.revision}"`);
    res.json(deleted ? { ...report, deleted } : report);
  });

  r.put('/reports/:id', ...write, async (req, res) => {
    const id = parseId(req);
    const ifMatch = parseIfMatch(req);
    const input = validReport(req.body);
    const by = who(res);
    answerWrite(res, await writes.run(() => store.updateReport(id, input, by, ifMatch)), id);
  });

  r.delete('/reports/:id', wholeRequest, async (req, res) => {
    const id = parseId(req);
    const ifMatch = parseIfMatch(req);
    const by = who(res);
    answerWrite(res, await writes.run(() => store.deleteReport(id, by, ifMatch)), id, 204);
  });

  r.post('/reports/:id/restore', wholeRequest, async (req, res) => {
    const id = parseId(req);
    const ifMatch = parseIfMatch(req);
    const by = who(res);
    const result = await writes.run(() => store.restoreReport(id, by, ifMatch));
    if (result.status === 'not_found') throw new ApiError('not_found', `No deleted report ${id} to restore.`);
    answerWrite(res, result, id);
  });

  r.get('/reports/:id/history', (req, res) => {
    const id = parseId(req);
    const found = store.getReport(id, { includeDeleted: true });
    if (!found || (found.deleted && !mayWrite(res))) throw new ApiError('not_found', `No report ${id}.`);
    res.json({ items: store.history(id) });
  });

  r.get('/reports/:id/history.csv', (req, res) => {
    const id = parseId(req);
    const { bom, download } = parseQuery(HistoryCsvQuery, req);
    const found = store.getReport(id, { includeDeleted: true });
    if (!found || (found.deleted && !mayWrite(res))) throw new ApiError('not_found', `No report ${id}.`);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    if (download) res.attachment(`conflict-tally_report-${id}_history.csv`);
    res.send((bom ? '\uFEFF' : '') + historyCsv(store.history(id)));
  });
}
