// The catalogue of what is stored: health, facets, and renaming or merging a source or party.
import express, { type Router } from 'express';
import { RenameInput } from '../../domain/report';
import { STORAGE_FULL_MESSAGE } from '../errors';
import { JSON_BODY_LIMIT, parseBody, requireJson, writerOf } from '../request';
import type { RouteContext } from './context';

export function catalogueRoutes(r: Router, { store, auth, options }: RouteContext): void {
  const json = express.json({ limit: JSON_BODY_LIMIT, strict: true });

  r.get('/health', (_req, res) => {
    if (options.storage.isFull()) {
      // Up for reading, but refusing writes: a monitor should hear of it.
      res.status(503).setHeader('Cache-Control', 'no-store');
      res.json({ ok: false, storage: 'full', message: STORAGE_FULL_MESSAGE, reports: store.countLive() });
      return;
    }
    res.json({ ok: true, reports: store.countLive() });
  });

  r.get('/facets', (_req, res) => {
    res.json(store.facets());
  });

  // Rename or merge a source or party across all its live reports; `dry_run` previews the count.
  r.post('/rename', auth.requireWriter, requireJson, json, (req, res) => {
    const { field, from, to, dry_run } = parseBody(RenameInput, req.body, 'rename');
    const reports = dry_run ? store.countWith(field, from) : store.renameValue(field, from, to, writerOf(res).who);
    res.json({ field, from, to, reports, dry_run });
  });
}
