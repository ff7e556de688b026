// The catalogue of what is stored: health, facets, and renaming or merging a source or party.
import { RenameInput } from '../../domain/report';
import type { GuardedRouter } from '../access';
import { actorOf, authorOf } from '../auth';
import { personal } from '../caching';
import { STORAGE_FULL_MESSAGE } from '../errors';
import { actorNeeded, parseBody, requireJson, jsonBody } from '../request';
import type { RouteContext } from './context';

export function catalogueRoutes(r: GuardedRouter, { store, options }: RouteContext): void {
  const json = jsonBody;

  // A private instance tells anonymous visitors only whether it is up.
  r.get('/health', (_req, res) => {
    const counts = options.readMode === 'public' || actorOf(res) !== undefined;
    if (options.storage.isFull()) {
      // Up for reading, but refusing writes: a monitor should hear of it.
      res.status(503);
      personal(res);
      res.json({ ok: false, storage: 'full', message: STORAGE_FULL_MESSAGE, ...(counts ? { reports: store.countLive() } : {}) });
      return;
    }
    res.json(counts ? { ok: true, reports: store.countLive() } : { ok: true });
  });

  r.get('/facets', (_req, res) => {
    res.json(store.facets());
  });

  // Rename or merge a source or party across all its live reports; `dry_run` previews the count.
  r.post('/rename', requireJson, json, (req, res) => {
    const { field, from, to, dry_run } = parseBody(RenameInput, req.body, 'rename');
    const reports = dry_run ? store.countWith(field, from) : store.renameValue(field, from, to, authorOf(actorNeeded(res)));
    res.json({ field, from, to, reports, dry_run });
  });
}
