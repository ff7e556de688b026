// The audit log, for admins: newest first, paged, filtered by event, account and days.
import { AuditQuery } from '../../domain/queries';
import type { GuardedRouter } from '../access';
import { parseQuery } from '../request';
import type { RouteContext } from './context';

export function auditRoutes(r: GuardedRouter, { store }: RouteContext): void {
  r.get('/audit', (req, res) => {
    const q = parseQuery(AuditQuery, req);
    const page = store.auditPage(q);
    res.json({ ...page, limit: q.limit, offset: q.offset });
  });
}
