// CSV export: every matching live report, streamed in keyset pages so memory stays flat and the event
// loop serves other requests between pages.
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { CSV_COLUMNS, csvLine, csvLineOfValues } from '../domain/csv';
import type { Metric } from '../domain/report';
import type { ReportFilter, Store } from '../db/store';

export interface ExportOptions {
  bom?: boolean;
  hxl?: boolean;
  pageSize?: number;
}

// HXL's own hashtags where one fits (#date, #meta, #loc, #event, #affected+killed), `#x_` elsewhere.
const HXL_AFFECTED: Record<Metric, string> = {
  killed: '#affected+killed', wounded: '#affected+injured', casualties: '#affected+casualties',
  missing: '#affected+missing', captured: '#affected+captured', troops: '#x_troops',
};

/** The HXL hashtag row: the figure columns name the metric when the export is of one metric. */
export function hxlRow(metric?: Metric): string[] {
  const figure = metric ? HXL_AFFECTED[metric] : '#affected+num';
  const tags: Record<(typeof CSV_COLUMNS)[number], string> = {
    id: '#meta+id', date: '#date', date_precision: '#x_date_precision', period_start: '#date+start',
    source: '#meta+source', via: '#meta+via', party: '#x_party', metric: '#x_metric', kind: '#x_kind',
    value: figure, qualifier: '#x_qualifier', low: `${figure}+min`, high: `${figure}+max`,
    location: '#loc+name', event: '#event+id', reported_on: '#date+reported', url: '#meta+url',
    quote: '#description+quote', notes: '#description+notes',
  };
  return CSV_COLUMNS.map((c) => tags[c]);
}

/** Writes the CSV to `out`, waiting for it to drain; resolves with the number of reports written. */
export async function writeCsvExport(store: Store, filter: ReportFilter, out: Writable, opts: ExportOptions = {}): Promise<number> {
  const pageSize = opts.pageSize ?? 5000;
  // Wait for the buffer to drain, or for the client to go: a response that closes never drains.
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  };
  await write((opts.bom ? '\uFEFF' : '') + csvLine(CSV_COLUMNS) + (opts.hxl ? csvLine(hxlRow(filter.metric)) : ''));
  let after: { date: string; id: number } | null = null;
  let n = 0;
  for (;;) {
    if (out.destroyed) return n;
    const page = store.exportPage(filter, after, pageSize);
    if (page.length === 0) break;
    let chunk = '';
    for (const values of page) chunk += csvLineOfValues(values);
    n += page.length;
    const last = page[page.length - 1]!;
    after = { date: last[1] as string, id: last[0] as number };
    await write(chunk);
    // Let other requests run between pages even when the client reads fast.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (page.length < pageSize) break;
  }
  return n;
}

/** A file name that says what was exported and when: conflict-tally_Ukrainian-forces_killed_2026-11-27T2130Z.csv */
export function exportFileName(filter: ReportFilter, at = new Date()): string {
  const parts = [filter.party, filter.metric, filter.kind, ...(filter.source ?? []), filter.from && `from-${filter.from}`, filter.to && `to-${filter.to}`, filter.q && `q-${filter.q}`]
    .filter((p): p is string => Boolean(p))
    .map((p) => p.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40))
    .filter((p) => p.length > 0);
  const stamp = at.toISOString().slice(0, 16).replace(/:/g, '') + 'Z';
  return ['conflict-tally', ...(parts.length ? parts : ['all']), stamp].join('_') + '.csv';
}
