// The examples of the OpenAPI document, taken from the seed: the real app over a temporary database
// holding the seed answers each example's request. Times are set to one moment so that the file only
// changes when an answer does (test/openapi.test.ts regenerates it and compares).
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { createApp } from '../server/http/app';
import { loadSeed } from '../server/seed';

const MOMENT = '2021-12-02T18:00:00.000Z';
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Every ISO moment in a value set to one fixed moment. */
function fixMoments(v: unknown): unknown {
  if (typeof v === 'string') return ISO_MOMENT.test(v) ? MOMENT : v;
  if (Array.isArray(v)) return v.map(fixMoments);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fixMoments(x)]));
  return v;
}

const PM = `party=${encodeURIComponent('Ukrainian forces')}&metric=killed`;
const TOKEN = 'examples-token-0123456789';

export async function generateExamples(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-examples-'));
  const db = openDatabase(path.join(dir, 'tally.db'));
  const server = createApp(db, { token: TOKEN }).listen(0, '127.0.0.1');
  try {
    await new Promise<void>((resolve) => server.once('listening', resolve));
    await loadSeed(createStore(db));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const get = async (p: string, headers: Record<string, string> = {}) => {
      const res = await fetch(base + p, { headers });
      if (!res.ok) throw new Error(`GET ${p} answered ${res.status}`);
      return res.json() as Promise<unknown>;
    };
    const page = await get(`/api/reports?${PM}&kind=tally&sort=-date&limit=2`) as { items: { id: number; source: string; value: number }[] };
    const afp = page.items.find((r) => r.source === 'AFP' && r.value === 61);
    if (!afp) throw new Error('the seed has no AFP 61');
    const { id: _id, created_at: _c, updated_at: _u, revision: _r, ...fields } = afp as unknown as Record<string, unknown>;
    const reportInput = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
    const renameInput = { field: 'source', from: 'France 24', to: 'France 24 (FR)', dry_run: true };
    const post = async (p: string, body: unknown) => {
      const res = await fetch(base + p, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return res.json() as Promise<unknown>;
    };
    const csv = `source,party,metric,kind,date,value\r\nUkrainian army,Ukrainian forces,killed,incident,2021-12-03,1\r\n`;
    const imported = await (await fetch(`${base}/api/import?dry_run=1`, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/csv' }, body: csv })).json() as unknown;
    const examples: Record<string, unknown> = {
      report: await get(`/api/reports/${afp.id}`),
      reportInput,
      reportPage: page,
      history: await get(`/api/reports/${afp.id}/history`),
      series: await get(`/api/series?${PM}`),
      events: await get(`/api/events?${PM}`),
      compare: await get(`/api/compare?${PM}`),
      disagreements: await get(`/api/disagreements?${PM}`),
      facets: await get('/api/facets'),
      health: await get('/api/health'),
      session: await get('/api/session'),
      renameInput,
      renameResult: await post('/api/rename', renameInput),
      importResult: imported,
      changes: await get('/api/changes?limit=2'),
    };
    return fixMoments(examples) as Record<string, unknown>;
  } finally {
    server.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
