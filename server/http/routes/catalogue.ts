// The catalogue of what is stored: health, facets, and renaming or merging a source or party.
import express from 'express';
import { RenameInput } from '../../domain/report';
import type { GuardedRouter } from '../access';
import { actorOf, authorOf } from '../auth';
import { JSON_BODY_LIMIT, actorNeeded, parseBody, requireJson } from '../request';
import type { RouteContext } from './context';

export function catalogueRoutes(r: GuardedRouter, { store, options }: RouteContext): void {
  const json = express.json({ limit: JSON_BODY_LIMIT, strict: true });

  // A private instance tells anonymous visitors only that it is up.
  r.get('/health', (_req, res) => {
    res.json(options.readMode === 'accounts' && !actorOf(res) ? { ok: true } : { ok: true, reports: store.countLive() });
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
