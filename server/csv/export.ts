// CSV export: every matching live report, streamed in keyset pages so memory stays flat and the event
// loop serves other requests between pages.
import type { Writable } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { CSV_COLUMNS, csvLine } from '../domain/csv';
import type { Metric } from '../domain/report';
import { openSnapshot, type ReportFilter, type Store } from '../db/store';

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

/** Writes the CSV to `out`, waiting for it to drain; resolves with the number of reports written.
 *  SQLite writes each page's lines (`csvLineSql`, byte-equal to `csvLineOfValues`), so a page reaches
 *  JavaScript as one Buffer: about twice the rows a second of building the lines here. */
export async function writeCsvExport(store: Store, filter: ReportFilter, out: Writable, opts: ExportOptions = {}): Promise<number> {
  const pageSize = opts.pageSize ?? 5000;
  // Wait for the buffer to drain, or for the client to go (a response that closes never drains); an
  // error rejects. Every listener goes when one fires: a race of events.once left a 'close' and an
  // 'error' listener behind per wait (MaxListenersExceededWarning on a long export).
  const write = (chunk: string | Buffer) => out.write(chunk) ? undefined : new Promise<void>((resolve, reject) => {
    const settle = (e?: unknown) => {
      out.off('drain', settle).off('close', settle).off('error', settle);
      if (e instanceof Error) reject(e);
      else resolve();
    };
    out.on('drain', settle).on('close', settle).on('error', settle);
  });
  await write((opts.bom ? '\uFEFF' : '') + csvLine(CSV_COLUMNS) + (opts.hxl ? csvLine(hxlRow(filter.metric)) : ''));
  type Key = { date: string; id: number };
  let after: Key | null = null;
  let n = 0;
  for (;;) {
    if (out.destroyed) return n;
    const page: { csv: Buffer; rows: number; last: Key | null } = store.exportPage(filter, after, pageSize, 'csv');
    if (page.rows === 0) break;
    n += page.rows;
    after = page.last;
    await write(utf8(page.csv));
    // Let other requests run between pages even when the client reads fast.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (page.rows < pageSize) break;
  }
  return n;
}

/** The export of one consistent state (the route and `npm run export` alike): the pages are read from a
 *  snapshot of the database taken when it starts, so writes landing meanwhile neither appear half nor
 *  shift the keyset between two pages. */
export async function exportSnapshot(store: Store, filter: ReportFilter, out: Writable, opts: ExportOptions = {}): Promise<number> {
  const snapshot = openSnapshot(store);
  try {
    return await writeCsvExport(snapshot.store, filter, out, opts);
  } finally {
    snapshot.close();
  }
}

/** The page's bytes as they are when they are UTF-8, as they always are when JavaScript wrote the
 *  text. Text stored in invalid UTF-8 by another writer (the sqlite3 shell) gets U+FFFD for each bad
 *  sequence, as it did when each cell went through a JavaScript string. */
function utf8(bytes: Buffer): Buffer {
  return isUtf8(bytes) ? bytes : Buffer.from(bytes.toString('utf8'));
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
