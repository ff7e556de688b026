// Test support for the derived figures: reports written into a real SQLite file through the triggers
// (ids as given), and every figure read the way the routes read them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DB } from '../../server/db/connection';
import { createStore, type Store } from '../../server/db/store';
import { REPORT_INPUT_FIELDS, type Metric, type Report } from '../../server/domain/report';
import { computeSeries } from '../../server/figures/series';
import { computeCompare } from '../../server/figures/compare';
import type { CountedEvent, DisagreementsResult } from '../../server/domain/figure-types';

export interface FigureDb { db: DB; store: Store; close(): void }

export function figureDb(prefix = 'tally-figures-'): FigureDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = openDatabase(path.join(dir, 'figures.db'));
  return { db, store: createStore(db), close: () => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** A whole report from the fields given (the rest absent, as a stored report has them). */
export function fullReport(r: Partial<Report> & { id: number }): Report {
  const out: Record<string, unknown> = { date_precision: 'day', qualifier: 'exact', created_at: 'x', updated_at: 'x', revision: 1 };
  for (const f of REPORT_INPUT_FIELDS) out[f] = null;
  return { ...out, date_precision: 'day', qualifier: 'exact', ...r } as Report;
}

/** Writes the reports with their own ids in one transaction (the triggers keep the summaries), then
 *  brings the compared pairs up to date, as a write through the store does. */
export function writeReports(store: Store, reports: readonly (Partial<Report> & { id: number })[]): void {
  const insert = store.db.prepare(`INSERT INTO reports (id, ${REPORT_INPUT_FIELDS.join(', ')}, created_at, updated_at, revision)
    VALUES (@id, ${REPORT_INPUT_FIELDS.map((f) => '@' + f).join(', ')}, 'x', 'x', 1)`);
  store.transaction(() => {
    for (const r of reports) {
      const full = fullReport(r);
      insert.run(Object.fromEntries(['id', ...REPORT_INPUT_FIELDS].map((f) => [f, full[f as keyof Report]])));
    }
    store.catchUpPairs();
  });
}

export interface Query {
  source?: string[]; count_source?: string[]; from?: string; to?: string; max_points?: number;
  year?: number; days?: number; ratio?: number; period_start?: string;
}

/** Every figure for one party and metric, as the routes compute them; every page of the paged ones. */
export function figuresOf(store: Store, party: string, metric: Metric, q: Query = {}) {
  const src = store.figureSource(party, metric);
  const series = computeSeries(src, { source: q.source, count_source: q.count_source, from: q.from, to: q.to, max_points: q.max_points });
  const compare = computeCompare(src, { source: q.source, count_source: q.count_source, year: q.year });
  const disagreements: DisagreementsResult = store.disagreements(party, metric,
    { source: q.source, period_start: q.period_start, days: q.days, ratio: q.ratio }, { limit: 1000, offset: 0, groups_limit: 1000, groups_offset: 0 });
  const events: CountedEvent[] = store.eventsPage(party, metric, { count_source: q.count_source, from: q.from, to: q.to }, { limit: 1000, offset: 0 }).items;
  return { series, compare, disagreements, events };
}
