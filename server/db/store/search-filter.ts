// The report list's filter and how it is written as SQL (shared by the list, the search and the export).

import type { Kind, Metric } from '../../domain/report';

export interface ReportFilter {
  party?: string;
  metric?: Metric;
  kind?: Kind;
  source?: string[];
  from?: string;
  to?: string;
  q?: string;
  deleted?: 'only';
}

export type Column = 'deleted' | 'party' | 'metric' | 'kind' | 'source' | 'date';
export interface Where { sql: string; params: unknown[] }

/** How whereOf writes a filter; the default is the plain form (export and planOfList use it).
 *  `indexed`: the columns whose terms SQLite may serve by an index; the others are written `+column`,
 *  which pins the plan to an index of the caller's choice. `matches`: instead of q's FTS subquery,
 *  membership in temp.search_matches, either tested while an index is walked ('probe') or looked up
 *  report by report ('drive'). */
export interface WhereOptions { indexed?: readonly Column[]; matches?: 'probe' | 'drive' }

/** FTS5 query from user text: each word a quoted prefix term, all required. Quotes inside words are
 *  dropped, so no user text is ever read as FTS syntax. */
export function ftsQuery(text: string): string | null {
  const words = text.split(/\s+/).map((w) => w.replace(/"/g, '')).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

export function whereOf(f: ReportFilter, o: WhereOptions = {}): Where {
  const col = (c: Column) => (o.indexed === undefined || o.indexed.includes(c) ? c : `+${c}`);
  const parts = [`${col('deleted')} = ${f.deleted === 'only' ? 1 : 0}`];
  const params: unknown[] = [];
  if (f.party !== undefined) { parts.push(`${col('party')} = ?`); params.push(f.party); }
  if (f.metric !== undefined) { parts.push(`${col('metric')} = ?`); params.push(f.metric); }
  if (f.kind !== undefined) { parts.push(`${col('kind')} = ?`); params.push(f.kind); }
  if (f.source && f.source.length > 0) {
    // One parameter (a JSON array) whatever the number of sources: one statement text per filter shape.
    parts.push(`${col('source')} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(f.source));
  }
  if (f.from !== undefined) { parts.push(`${col('date')} >= ?`); params.push(f.from); }
  if (f.to !== undefined) { parts.push(`${col('date')} <= ?`); params.push(f.to); }
  if (o.matches !== undefined) {
    parts.push(`${o.matches === 'probe' ? '+id' : 'id'} IN (SELECT id FROM temp.search_matches)`);
  } else if (f.q !== undefined) {
    const match = ftsQuery(f.q);
    if (match !== null) {
      parts.push('id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)');
      params.push(match);
    }
  }
  return { sql: parts.join(' AND '), params };
}
