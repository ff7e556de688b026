// Every SQL statement of conflict-tally lives here. Routes and scripts call these named functions.
import Database, { type Statement } from 'better-sqlite3';
import type { DB } from './connection';
import {
  KINDS, METRICS, QUALIFIERS, DATE_PRECISIONS, REPORT_INPUT_FIELDS,
  type Kind, type Metric, type Report, type ReportInput,
} from '../domain/report';
import { csvLineSql } from '../domain/csv';
import {
  TALLY_FIELDS, type Bucket, type DayRow, type FigureSource, type TallyFields, type TallyRef, type Window,
} from '../domain/figures';

export type Action = 'create' | 'update' | 'delete' | 'restore';

export interface Revision {
  revision: number;
  action: Action;
  who: string;
  at: string;
  report: Report;
}

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

export interface ReportPage {
  items: Report[];
  total: number;
}

export type WriteResult =
  | { status: 'ok'; report: Report; changed: boolean }
  | { status: 'not_found' }
  | { status: 'conflict'; current: Report };

export interface Facets {
  /** Each party with its live report count, and the count per metric. */
  parties: { name: string; reports: number; metrics: Partial<Record<Metric, number>> }[];
  sources: { name: string; reports: number }[];
  locations: { name: string; reports: number }[];
  metrics: readonly string[];
  kinds: readonly string[];
  qualifiers: readonly string[];
  date_precisions: readonly string[];
}

interface ReportRow extends Report { deleted: 0 | 1 }

const COLUMNS = ['id', ...REPORT_INPUT_FIELDS, 'created_at', 'updated_at', 'revision'] as const;
const SELECT_REPORT = `SELECT ${COLUMNS.join(', ')}, deleted FROM reports`;
/** For queries that filter on `deleted` themselves: rows come back as plain Report objects, with no
 *  copy to drop a column (a rest-spread copy made the figures' read about 3× slower). */
const SELECT_PLAIN = `SELECT ${COLUMNS.join(', ')} FROM reports`;

/** A report from a raw row holding COLUMNS in order from index `at`. */
function reportOfRow(row: readonly unknown[], at: number): Report {
  return {
    id: row[at] as number, date: row[at + 1] as string, date_precision: row[at + 2] as Report['date_precision'],
    period_start: row[at + 3] as string | null, source: row[at + 4] as string, via: row[at + 5] as string | null,
    party: row[at + 6] as string, metric: row[at + 7] as Metric, kind: row[at + 8] as Kind, value: row[at + 9] as number | null,
    qualifier: row[at + 10] as Report['qualifier'], low: row[at + 11] as number | null, high: row[at + 12] as number | null,
    location: row[at + 13] as string | null, event: row[at + 14] as string | null, reported_on: row[at + 15] as string | null,
    url: row[at + 16] as string | null, quote: row[at + 17] as string | null, notes: row[at + 18] as string | null,
    created_at: row[at + 19] as string, updated_at: row[at + 20] as string, revision: row[at + 21] as number,
  };
}

/** A tally's shown fields from a raw row holding TALLY_FIELDS in order from index `at`. */
function tallyFieldsOfRow(row: readonly unknown[], at: number): TallyFields {
  return {
    id: row[at] as number, source: row[at + 1] as string, party: row[at + 2] as string, metric: row[at + 3] as Metric,
    kind: row[at + 4] as Kind, date: row[at + 5] as string, date_precision: row[at + 6] as Report['date_precision'],
    period_start: row[at + 7] as string | null, value: row[at + 8] as number | null, qualifier: row[at + 9] as Report['qualifier'],
    low: row[at + 10] as number | null, high: row[at + 11] as number | null, reported_on: row[at + 12] as string | null,
  };
}

// reportOfRow and tallyFieldsOfRow name the columns by position: they must follow their lists exactly.
for (const [list, of] of [[COLUMNS, reportOfRow], [TALLY_FIELDS, tallyFieldsOfRow]] as const) {
  const names = of(list, 0) as unknown as Record<string, unknown>;
  if (Object.entries(names).some(([k, v]) => k !== v) || Object.keys(names).length !== list.length) {
    throw new Error('a row reader does not follow its column list');
  }
}

/** True when a stored report already holds exactly these input fields. */
export function sameInput(report: Report, input: ReportInput): boolean {
  const cols = columnsOf(input);
  return REPORT_INPUT_FIELDS.every((f) => report[f] === cols[f]);
}

function toReport(row: ReportRow): Report {
  const { deleted: _deleted, ...report } = row;
  return report;
}

/** The row values of an input, null where absent. */
function columnsOf(input: ReportInput): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const f of REPORT_INPUT_FIELDS) out[f] = input[f] ?? null;
  return out;
}

/** FTS5 query from user text: each word a quoted prefix term, all required. Quotes inside words are
 *  dropped, so no user text is ever read as FTS syntax. */
export function ftsQuery(text: string): string | null {
  const words = text.split(/\s+/).map((w) => w.replace(/"/g, '')).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** How the list with `q` picks its page plan (see searchReports in createStore); tests change these to
 *  run every plan on small data. Visits are index entries a walk in date order is expected to read. */
export const searchTuning = {
  /** `q` alone: walk the date index from JavaScript (cheapest for a first page) up to this many
   *  visits; beyond, walk it in SQL, or look up every match and sort, whichever costs less. */
  jsWalkMaxVisits: 20_000,
  /** The JavaScript walk's first chunk is at least this many entries (then it doubles). */
  walkChunkMin: 64,
  /** With other filters, up to this many FTS matches are looked up one by one for the total (a few
   *  ms); more are tested while the filters' own index is walked. */
  lookUpMatchesUpTo: 2_000,
  /** Reading one index entry and testing it against the matches, in row look-ups. */
  indexEntryCost: 0.1,
  /** With other filters: the page plan to use whatever it costs (tests): 0 walks the lead filter's
   *  index, 1 reports_date, 2 looks up every match. */
  pagePlan: undefined as 0 | 1 | 2 | undefined,
};

/** The numbers in ascending order (sorted in place when they are not already). */
function ascending(ns: number[]): number[] {
  for (let i = 1; i < ns.length; i++) if (ns[i - 1]! > ns[i]!) return ns.sort((a, b) => a - b);
  return ns;
}

/** How many numbers two ascending lists share. */
function countCommon(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else { n++; i++; j++; }
  }
  return n;
}

function sortedHas(sorted: readonly number[], n: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === n) return true;
    if (v < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export interface StagedRow { line: number; id: number | null; json: string }
export interface Staging {
  add(rows: readonly StagedRow[]): void;
  rows(pageSize?: number): Generator<StagedRow>;
  drop(): void;
}

let stagingCounter = 0;

export function createStore(db: DB) {
  const now = () => new Date().toISOString();

  const stmt = {
    get: db.prepare(`${SELECT_REPORT} WHERE id = ?`),
    insert: db.prepare(`INSERT INTO reports (${REPORT_INPUT_FIELDS.join(', ')}, created_at, updated_at, revision)
      VALUES (${REPORT_INPUT_FIELDS.map((f) => '@' + f).join(', ')}, @now, @now, 1)`),
    update: db.prepare(`UPDATE reports SET ${REPORT_INPUT_FIELDS.map((f) => `${f} = @${f}`).join(', ')},
      updated_at = @now, revision = revision + 1 WHERE id = @id`),
    setDeleted: db.prepare('UPDATE reports SET deleted = ?, updated_at = ?, revision = revision + 1 WHERE id = ?'),
    insertRevision: db.prepare(`INSERT INTO revisions (report_id, revision, action, who, at, snapshot)
      VALUES (?, ?, ?, ?, ?, ?)`),
    history: db.prepare('SELECT revision, action, who, at, snapshot FROM revisions WHERE report_id = ? ORDER BY revision'),
    countLive: db.prepare('SELECT count(*) AS n FROM reports WHERE deleted = 0').pluck(),
    anyReport: db.prepare('SELECT EXISTS (SELECT 1 FROM reports)').pluck(),
    forFigures: db.prepare(`${SELECT_PLAIN} WHERE deleted = 0 AND party = ? AND metric = ? ORDER BY date, id`),
    identical: db.prepare(`SELECT id FROM reports WHERE deleted = 0 AND party = @party AND metric = @metric
      AND kind = @kind AND date = @date AND source = @source AND ${REPORT_INPUT_FIELDS
        .filter((f) => !['party', 'metric', 'kind', 'date', 'source'].includes(f))
        .map((f) => `${f} IS @${f}`).join(' AND ')} AND id <= @max_id LIMIT 1`).pluck(),
    maxId: db.prepare('SELECT coalesce(max(id), 0) FROM reports').pluck(),
    dataVersion: db.prepare('SELECT version FROM data_version WHERE id = 1').pluck(),
    insertSession: db.prepare('INSERT INTO sessions (id_hash, name, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    getSession: db.prepare('SELECT name, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    deleteExpiredSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    countWith: {
      source: db.prepare('SELECT count(*) FROM reports WHERE deleted = 0 AND source = ?').pluck(),
      party: db.prepare('SELECT count(*) FROM reports WHERE deleted = 0 AND party = ?').pluck(),
    },
    liveIdsWith: {
      source: db.prepare('SELECT id FROM reports WHERE deleted = 0 AND source = ? ORDER BY id').pluck(),
      party: db.prepare('SELECT id FROM reports WHERE deleted = 0 AND party = ? ORDER BY id').pluck(),
    },
    rename: {
      source: db.prepare('UPDATE reports SET source = ?, updated_at = ?, revision = revision + 1 WHERE id = ?'),
      party: db.prepare('UPDATE reports SET party = ?, updated_at = ?, revision = revision + 1 WHERE id = ?'),
    },
    facet: db.prepare(`SELECT name, reports FROM facet_counts WHERE facet = ? AND reports > 0 ORDER BY reports DESC, name`),
    facetCount: db.prepare('SELECT reports FROM facet_counts WHERE facet = ? AND name = ?').pluck(),
    facetTotal: db.prepare(`SELECT coalesce(sum(reports), 0) FROM facet_counts WHERE facet = 'party'`).pluck(),
  };

  const getRow = (id: number) => stmt.get.get(id) as ReportRow | undefined;

  function recordRevision(report: Report, action: Action, who: string, at: string) {
    stmt.insertRevision.run(report.id, report.revision, action, who, at, JSON.stringify(report));
  }

  // Prepared statements for the dynamic list queries, keyed by their SQL text, so each shape of
  // filter is compiled once.
  const listCache = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let s = listCache.get(sql);
    if (!s) {
      s = db.prepare<unknown[]>(sql);
      listCache.set(sql, s);
    }
    return s;
  };

  type Column = 'deleted' | 'party' | 'metric' | 'kind' | 'source' | 'date';
  /** How whereOf writes a filter; the default is the plain form (export and planOfList use it).
   *  `indexed`: the columns whose terms SQLite may serve by an index; the others are written `+column`,
   *  which pins the plan to an index of the caller's choice. `matches`: instead of q's FTS subquery,
   *  membership in temp.search_matches, either tested while an index is walked ('probe') or looked up
   *  report by report ('drive'). */
  interface WhereOptions { indexed?: readonly Column[]; matches?: 'probe' | 'drive' }

  function whereOf(f: ReportFilter, o: WhereOptions = {}): { sql: string; params: unknown[] } {
    const col = (c: Column) => (o.indexed === undefined || o.indexed.includes(c) ? c : `+${c}`);
    const parts = [`${col('deleted')} = ${f.deleted === 'only' ? 1 : 0}`];
    const params: unknown[] = [];
    if (f.party !== undefined) { parts.push(`${col('party')} = ?`); params.push(f.party); }
    if (f.metric !== undefined) { parts.push(`${col('metric')} = ?`); params.push(f.metric); }
    if (f.kind !== undefined) { parts.push(`${col('kind')} = ?`); params.push(f.kind); }
    if (f.source && f.source.length > 0) {
      parts.push(`${col('source')} IN (${f.source.map(() => '?').join(', ')})`);
      params.push(...f.source);
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

  type ListPage = { limit: number; offset: number; sort: 'date' | '-date' };
  type Where = { sql: string; params: unknown[] };

  /** The list with `q`. The plain query (`id IN` the FTS matches beside the filters, then a count(*)
   *  of the same) lets SQLite look up the row of every match to test `deleted` and the filters: for a
   *  word in 58,000 of a million reports that is 58,000 random reads, twice (about 250 ms). Here the
   *  FTS index is read once, and the total and the page each take the plan that suits how many reports
   *  match; every plan answers exactly what the plain query answers (test/search-plans.test.ts compares
   *  them on random data). One read transaction, so the total and the page see the same data. */
  function searchReports(f: ReportFilter, match: string, page: ListPage): ReportPage {
    const hasSource = f.source !== undefined && f.source.length > 0;
    const hasDates = f.from !== undefined || f.to !== undefined;
    if (f.deleted !== 'only' && f.party === undefined && f.metric === undefined && f.kind === undefined && !hasSource && !hasDates) {
      return searchAll(prepared('SELECT json_group_array(rowid) FROM reports_fts WHERE reports_fts MATCH ?').pluck().get(match) as string, page);
    }
    // The matches go to a temporary table (this connection's own), which every query below probes
    // through its primary key: no query builds its own list of them.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS search_matches (id INTEGER PRIMARY KEY)');
    prepared('DELETE FROM temp.search_matches').run();
    try {
      const matches = prepared('INSERT INTO temp.search_matches SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?').run(match).changes;
      return searchFiltered(f, matches, page, hasSource, hasDates);
    } finally {
      prepared('DELETE FROM temp.search_matches').run();
    }
  }

  function searchFiltered(f: ReportFilter, matches: number, page: ListPage, hasSource: boolean, hasDates: boolean): ReportPage {
    const countOf = (w: Where) => prepared(`SELECT count(*) FROM reports WHERE ${w.sql}`).pluck().get(...w.params) as number;
    const few = matches <= searchTuning.lookUpMatchesUpTo;

    if (f.deleted === 'only') {
      // Deleted reports are few: walk them (reports_deleted), testing each against the matches.
      const w = few ? whereOf(f, { indexed: [], matches: 'drive' }) : whereOf(f, { matches: 'probe' });
      const total = countOf(w);
      return { items: total > page.offset ? pageRows(w, page) : [], total };
    }

    // The total: walk the index of the filter likely to pass fewest reports (party:
    // reports_party_metric_date; source: reports_source; a date range: reports_date), testing each
    // entry against the matches, which counts the reports that pass the filters on the way; or, for
    // few matches, or a metric or kind alone (their index would hold most reports), look up each match.
    const lead = few ? null : f.party !== undefined ? 'party' : hasSource ? 'source' : hasDates ? 'date' : null;
    const leadColumns: Column[] | undefined = lead === null ? undefined
      : lead === 'party' ? ['deleted', 'party', ...(f.metric !== undefined ? ['metric', 'date'] as const : [])]
      : lead === 'source' ? ['deleted', 'source', 'date']
      : ['deleted', 'date'];
    let total: number;
    let passing: number | undefined;
    if (leadColumns) {
      const w = whereOf({ ...f, q: undefined }, { indexed: leadColumns });
      [total, passing] = prepared(`SELECT count(*) FILTER (WHERE +id IN (SELECT id FROM temp.search_matches)), count(*)
        FROM reports WHERE ${w.sql}`).raw(true).get(...w.params) as [number, number];
    } else {
      total = countOf(whereOf(f, { indexed: [], matches: 'drive' }));
    }
    if (total <= page.offset) return { items: [], total };

    // The page, by the cheapest of three plans, costed in row look-ups (reading an index entry and
    // testing it against the matches costs about a tenth of one):
    // - walk the lead filter's index (SQLite's choice without one): in the order asked, until offset +
    //   limit matches are met; if it does not give that order, all of it, then sort what passes;
    // - walk reports_date in order, looking up the row of each match met to test the other filters;
    // - look up every match, then sort the keys of those that pass.
    return { items: fromNearerEnd(page, total, (p) => {
      const want = p.offset + p.limit;
      const live = liveUpperBound();
      const scan = searchTuning.indexEntryCost;
      const walk = whereOf(f, { indexed: leadColumns, matches: 'probe' });
      const walkRange = passing ?? live;
      const dateRange = lead === 'date' ? walkRange : live;
      const costs = [
        walksInOrder(walk, p) ? scan * want * walkRange / total + want : scan * walkRange + total,
        scan * want * dateRange / total + want * matches / total,
        matches,
      ];
      const plan = searchTuning.pagePlan ?? costs.indexOf(Math.min(...costs));
      return plan === 0 ? pageRows(walk, p)
        : plan === 1 ? pageRows(whereOf(f, { indexed: ['deleted', 'date'], matches: 'probe' }), p)
        : rowsOf(pageIds(whereOf(f, { indexed: [], matches: 'drive' }), p), p);
    }), total };
  }

  const orderOf = (p: ListPage) => (p.sort === '-date' ? 'date DESC, id DESC' : 'date ASC, id ASC');
  const pageSql = (w: Where, p: ListPage) => `${SELECT_PLAIN} WHERE ${w.sql} ORDER BY ${orderOf(p)} LIMIT ? OFFSET ?`;
  /** The page's reports, in one query. */
  const pageRows = (w: Where, p: ListPage) => prepared(pageSql(w, p)).all(...w.params, p.limit, p.offset) as Report[];
  /** The page's ids: only the keys are sorted, when every match is read and sorted. */
  const pageIds = (w: Where, p: ListPage) => prepared(`SELECT id FROM reports WHERE ${w.sql} ORDER BY ${orderOf(p)} LIMIT ? OFFSET ?`)
    .pluck().all(...w.params, p.limit, p.offset) as number[];
  /** These reports, in the page's order. */
  const rowsOf = (ids: readonly number[], p: ListPage) => (ids.length === 0 ? []
    : prepared(`${SELECT_PLAIN} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY ${orderOf(p)}`).all(JSON.stringify(ids)) as Report[]);

  /** The page read from its nearer end: past the middle of the `total` reports, the same reports are
   *  at the start of the opposite order, where a walk in that order reaches them far sooner. */
  function fromNearerEnd(page: ListPage, total: number, read: (p: ListPage) => Report[]): Report[] {
    if (page.offset * 2 + page.limit <= total) return read(page);
    const end = Math.min(page.offset + page.limit, total);
    return read({ sort: page.sort === '-date' ? 'date' : '-date', offset: total - end, limit: end - page.offset }).reverse();
  }

  /** `q` alone: the total from the FTS index itself (its matches less the deleted reports among
   *  them), and the page by walking reports_date in order and keeping the entries that match, so a
   *  first page of a common word is found a few thousand entries in. A deep page, or a rare word, is
   *  answered in SQL from the same list of matches. */
  function searchAll(matchesJson: string, page: ListPage): ReportPage {
    const matches = ascending(JSON.parse(matchesJson) as number[]);
    const deleted = ascending(JSON.parse(prepared(`SELECT json_group_array(id) FROM
      (SELECT id FROM reports WHERE deleted = 1 ORDER BY id LIMIT ?)`).pluck().get(matches.length + 1) as string) as number[]);
    // (FTS rowids are report ids: the triggers of 001 keep the index to the reports table.)
    const total = deleted.length <= matches.length
      ? matches.length - countCommon(matches, deleted)
      : prepared('SELECT count(*) FROM reports WHERE +deleted = 0 AND id IN (SELECT value FROM json_each(?))').pluck().get(matchesJson) as number;
    if (total <= page.offset) return { items: [], total };
    return { items: fromNearerEnd(page, total, (p) => {
      const visits = (p.offset + p.limit) * liveUpperBound() / total;
      if (visits <= searchTuning.jsWalkMaxVisits) return rowsOf(walkDates(matches, total, p, visits), p);
      const ids = { sql: 'deleted = 0 AND +id IN (SELECT value FROM json_each(?))', params: [matchesJson] };
      return searchTuning.indexEntryCost * visits <= matches.length ? pageRows(ids, p)
        : rowsOf(pageIds({ sql: '+deleted = 0 AND id IN (SELECT value FROM json_each(?))', params: [matchesJson] }, p), p);
    }), total };
  }

  /** The ids of the page: live reports in the page's order, a chunk of reports_date at a time (ids as
   *  one JSON array per chunk: far cheaper than a row each), keeping those in `matches`. */
  function walkDates(matches: readonly number[], total: number, page: ListPage, visits: number): number[] {
    const desc = page.sort === '-date';
    const dir = desc ? 'DESC' : 'ASC';
    const chunkSql = (after: string) => `SELECT json_group_array(id ORDER BY date ${dir}, id ${dir}), ${desc ? 'min' : 'max'}(date)
      FROM (SELECT id, date FROM reports WHERE deleted = 0${after} ORDER BY date ${dir}, id ${dir} LIMIT ?)`;
    const first = prepared(chunkSql('')).raw(true);
    const next = prepared(chunkSql(` AND (date, id) ${desc ? '<' : '>'} (?, ?)`)).raw(true);
    const ids: number[] = [];
    let skip = page.offset;
    let seen = 0;
    let size = Math.min(Math.max(Math.ceil(visits * 1.25), searchTuning.walkChunkMin), 100_000);
    let after: [string, number] | null = null;
    for (;;) {
      const [json, edge] = (after ? next.get(after[0], after[1], size) : first.get(size)) as [string, string | null];
      const chunk = JSON.parse(json) as number[];
      for (const id of chunk) {
        if (!sortedHas(matches, id)) continue;
        seen++;
        if (skip > 0) skip--;
        else if (ids.push(id) === page.limit) return ids;
        if (seen === total) return ids;
      }
      if (chunk.length < size) return ids;
      after = [edge!, chunk[chunk.length - 1]!];
      size = Math.min(size * 2, 100_000);
    }
  }

  /** Upper bound of the live reports, for the plans' estimates: one step down the table's b-tree. */
  const liveUpperBound = () => Math.max(1, stmt.maxId.get() as number);

  /** Whether SQLite answers a page query by walking an index in the order asked (no sort), per SQL. */
  const inOrderCache = new Map<string, boolean>();
  function walksInOrder(w: Where, p: ListPage): boolean {
    const sql = pageSql(w, p);
    let v = inOrderCache.get(sql);
    if (v === undefined) {
      v = !(db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...w.params, 1, 0) as { detail: string }[])
        .some((r) => r.detail.startsWith('USE TEMP B-TREE FOR ORDER BY'));
      inOrderCache.set(sql, v);
    }
    return v;
  }

  return {
    db,

    getReport(id: number, opts: { includeDeleted?: boolean } = {}): (Report & { deleted: boolean }) | undefined {
      const row = getRow(id);
      if (!row || (row.deleted && !opts.includeDeleted)) return undefined;
      return { ...toReport(row), deleted: row.deleted === 1 };
    },

    insertReport(input: ReportInput, who: string): Report {
      return db.transaction(() => insertRow(input, who, now()))();
    },

    /** An import's insert, inside the caller's transaction (no savepoint per row). */
    importInsert(input: ReportInput, who: string, at: string): Report {
      if (!db.inTransaction) throw new Error('importInsert runs inside store.transaction');
      return insertRow(input, who, at);
    },

    importUpdate(id: number, input: ReportInput, who: string, at: string): Report {
      if (!db.inTransaction) throw new Error('importUpdate runs inside store.transaction');
      return updateRow(id, input, who, at);
    },

    /** Replaces a live report's fields. No change, no revision. */
    updateReport(id: number, input: ReportInput, who: string, ifMatch?: number): WriteResult {
      return db.transaction((): WriteResult => {
        const row = getRow(id);
        if (!row || row.deleted) return { status: 'not_found' };
        if (ifMatch !== undefined && ifMatch !== row.revision) return { status: 'conflict', current: toReport(row) };
        if (sameInput(row, input)) {
          return { status: 'ok', report: toReport(row), changed: false };
        }
        return { status: 'ok', report: updateRow(id, input, who, now()), changed: true };
      })();
    },

    /** Hides a live report (deleted = 1) and records the revision; nothing is erased. */
    deleteReport(id: number, who: string, ifMatch?: number): WriteResult {
      return setDeleted(id, true, who, ifMatch);
    },

    restoreReport(id: number, who: string, ifMatch?: number): WriteResult {
      return setDeleted(id, false, who, ifMatch);
    },

    history(id: number): Revision[] {
      const rows = stmt.history.all(id) as { revision: number; action: Action; who: string; at: string; snapshot: string }[];
      return rows.map((r) => ({ revision: r.revision, action: r.action, who: r.who, at: r.at, report: JSON.parse(r.snapshot) as Report }));
    },

    /** EXPLAIN QUERY PLAN of the list's query for a filter (tests check that an index serves it). */
    planOfList(f: ReportFilter, sort: 'date' | '-date' = 'date'): string[] {
      const where = whereOf(f);
      const order = sort === '-date' ? 'date DESC, id DESC' : 'date ASC, id ASC';
      return (db.prepare(`EXPLAIN QUERY PLAN ${SELECT_PLAIN} WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(...where.params, 100, 0) as { detail: string }[]).map((r) => r.detail);
    },

    planOfFigures(): string[] {
      return (db.prepare(`EXPLAIN QUERY PLAN ${stmt.forFigures.source}`).all('p', 'killed') as { detail: string }[]).map((r) => r.detail);
    },

    listReports(f: ReportFilter, page: { limit: number; offset: number; sort: 'date' | '-date' }): ReportPage {
      const match = f.q === undefined ? null : ftsQuery(f.q);
      if (match !== null) return db.transaction(() => searchReports(f, match, page))();
      const where = whereOf(f);
      const order = page.sort === '-date' ? 'date DESC, id DESC' : 'date ASC, id ASC';
      const items = prepared(`${SELECT_PLAIN} WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(...where.params, page.limit, page.offset) as Report[];
      const total = countFromFacets(f) ?? prepared(`SELECT count(*) FROM reports WHERE ${where.sql}`).pluck().get(...where.params) as number;
      return { items, total };
    },

    /** One keyset page of the export after (date, id), in date then id order. Keyset, not OFFSET, so
     *  every page costs the same however deep the export is. By default as raw rows of values in CSV
     *  column order (id and the input fields). With `format` 'csv', as the page's CSV text, written by
     *  SQLite (`csvLineSql`) and handed over as one UTF-8 Buffer, with its row count and the (date, id)
     *  to continue after: half the time of building the lines from 19 JavaScript values a row. */
    exportPage<F extends 'rows' | 'csv' = 'rows'>(f: ReportFilter, after: { date: string; id: number } | null, limit: number, format?: F):
      F extends 'csv' ? { csv: Buffer; rows: number; last: { date: string; id: number } | null } : (string | number | null)[][] {
      const where = whereOf(f);
      const keyset = after ? ' AND (date, id) > (?, ?)' : '';
      const params = after ? [...where.params, after.date, after.id] : where.params;
      const page = `FROM reports WHERE ${where.sql}${keyset} ORDER BY date, id LIMIT ?`;
      if (format !== 'csv') return prepared(`SELECT id, ${REPORT_INPUT_FIELDS.join(', ')} ${page}`).raw(true).all(...params, limit) as never;
      // The lines joined in key order (group_concat's ORDER BY makes it so), as a BLOB so the bytes are
      // not decoded to a JavaScript string only to be encoded again; the last key as the largest of
      // "date id" with the id zero-padded (dates have a fixed width, ids are positive rowids).
      const [csv, rows, last] = prepared(`SELECT CAST(group_concat(line, '' ORDER BY date, id) AS BLOB), count(*),
        max(printf('%s %020d', date, id)) FROM (SELECT date, id, ${csvLineSql()} AS line ${page})`)
        .raw(true).get(...params, limit) as [Buffer | null, number, string | null];
      return {
        csv: csv ?? Buffer.alloc(0), rows,
        last: last === null ? null : { date: last.slice(0, 10), id: Number(last.slice(11)) },
      } as never;
    },

    /** The reads of the derived figures for one party and metric, over the summary tables that the
     *  triggers of migration 005 keep (docs/decisions/0005-figure-summaries.md). */
    figureSource(party: string, metric: Metric): FigureSource {
      const pm = [party, metric];
      const lo = (w: Window) => w.from ?? '0000-00-00';
      const hi = (w: Window) => w.to ?? '9999-99-99';
      // A source filter is one parameter (a JSON array), so each query has one prepared form with and
      // one without it.
      const bySource = (list: string[] | undefined, column = 'source') =>
        list && list.length > 0 ? { sql: ` AND ${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(list)] } : { sql: '', params: [] };
      // Rows come back as arrays and are turned into objects here: better-sqlite3's own row objects
      // cost about twice as much, and a series answer reads a few thousand rows.
      const ref = (row: unknown[], fields?: TallyFields): TallyRef =>
        ({ id: row[0] as number, source: row[1] as string, period_start: row[2] as string, date: row[3] as string, rep: row[4] as string, fig: row[5] as number, fields });
      const TALLY = `SELECT id, source, period_start, date, coalesce(reported_on, date), coalesce(value, low) FROM reports
        WHERE deleted = 0 AND kind = 'tally' AND party = ? AND metric = ?`;
      const bucketRange = (from: string | undefined, before: string | undefined) =>
        ({ sql: ' AND bucket_start >= ? AND bucket_start < ?', params: [from ?? '0000-00-00', before ?? '9999-99-99'] });
      const rawAll = (sql: string, ...params: unknown[]) => prepared(sql).raw(true).all(...params) as unknown[][];
      return {
        daily(countSource) {
          // The days come back as one JSON text of four columns, parsed natively: handing SQLite's
          // values to JavaScript one by one cost about twice as much (3,652 days at 1M).
          const days = (json: string): DayRow[] => {
            const c = JSON.parse(json) as { d: string[]; t: number[]; l: number[]; h: number[] };
            return c.d.map((date, i): DayRow => ({ date, total: c.t[i]!, low: c.l[i]!, high: c.h[i]! }));
          };
          const columns = `SELECT json_object('d', json_group_array(date), 't', json_group_array(total), 'l', json_group_array(low), 'h', json_group_array(high))`;
          if (!countSource || countSource.length === 0) {
            return days(prepared(`${columns} FROM (SELECT date, total, low, high FROM figure_days WHERE party = ? AND metric = ? ORDER BY date)`)
              .pluck().get(...pm) as string);
          }
          if (countSource.length === 1) {
            // One counted source: its events are formed from its own reports, which figure_source_days keeps.
            return days(prepared(`${columns} FROM (SELECT date, total, low, high FROM figure_source_days WHERE party = ? AND metric = ? AND source = ? ORDER BY date)`)
              .pluck().get(...pm, countSource[0]) as string);
          }
          // With several counted sources an event's reports from any of them form it, which no summary
          // kept per source or for all sources gives: the events are formed here, by DESIGN's rule as migration 005 writes it (a
          // report without a key is its own event; a keyed event counts its latest reported, then
          // smallest, then lowest-id report, with the band over all of them), and summed per day.
          const counted = `deleted = 0 AND kind = 'incident' AND party = ? AND metric = ? AND source IN (SELECT value FROM json_each(?))`;
          return days(prepared(`${columns} FROM (SELECT date, sum(fig) AS total, sum(lo) AS low, sum(hi) AS high FROM (
              SELECT date, coalesce(value, low) AS fig, coalesce(low, value) AS lo, coalesce(high, value, low) AS hi
                FROM reports WHERE ${counted} AND event IS NULL
              UNION ALL
              SELECT date, fig, lo, hi FROM (
                SELECT date, coalesce(value, low) AS fig, min(coalesce(low, value)) OVER w AS lo, max(coalesce(high, value, low)) OVER w AS hi,
                       row_number() OVER (w ORDER BY coalesce(reported_on, date) DESC, coalesce(value, low), id) AS rn
                  FROM reports WHERE ${counted} AND event IS NOT NULL
                WINDOW w AS (PARTITION BY event)) WHERE rn = 1)
            GROUP BY date ORDER BY date)`).pluck().get(...pm, JSON.stringify(countSource), ...pm, JSON.stringify(countSource)) as string);
        },
        countTallies(w, source, limit) {
          const f = bySource(source);
          return prepared(`SELECT count(*) FROM (SELECT 1 FROM reports WHERE deleted = 0 AND kind = 'tally' AND party = ? AND metric = ?
            AND date BETWEEN ? AND ?${f.sql} LIMIT ?)`).pluck().get(...pm, lo(w), hi(w), ...f.params, limit) as number;
        },
        tallies(w, source) {
          const f = bySource(source);
          return rawAll(`${TALLY} AND date BETWEEN ? AND ?${f.sql}`, ...pm, lo(w), hi(w), ...f.params).map((r) => ref(r));
        },
        countBuckets(bucket: Bucket, from, before, source, limit) {
          const f = bySource(source);
          const r = bucketRange(from, before);
          return prepared(`SELECT count(*) FROM (SELECT 1 FROM figure_tally_buckets WHERE party = ? AND metric = ? AND bucket = ?${r.sql}${f.sql} LIMIT ?)`)
            .pluck().get(...pm, bucket, ...r.params, ...f.params, limit) as number;
        },
        bucketEnds(bucket: Bucket, from, before, source) {
          // With the fields the claims show, one read instead of two; the ones the bucket row or the
          // query already holds are not read again; and as one JSON text (see daily).
          const f = bySource(source, 'b.source');
          const r = bucketRange(from, before);
          const rows = JSON.parse(prepared(`SELECT json_group_array(json_array(b.last_id, b.source, b.period_start, b.last_date, b.last_rep,
              coalesce(t.value, t.low), t.date_precision, t.value, t.qualifier, t.low, t.high, t.reported_on))
            FROM figure_tally_buckets AS b JOIN reports AS t ON t.id = b.last_id
            WHERE b.party = ? AND b.metric = ? AND b.bucket = ?${r.sql}${f.sql}`).pluck().get(...pm, bucket, ...r.params, ...f.params) as string) as unknown[][];
          return rows.map((row) => ref(row, {
            id: row[0] as number, source: row[1] as string, party, metric, kind: 'tally', date: row[3] as string,
            date_precision: row[6] as Report['date_precision'], period_start: row[2] as string, value: row[7] as number | null,
            qualifier: row[8] as Report['qualifier'], low: row[9] as number | null, high: row[10] as number | null, reported_on: row[11] as string | null,
          }));
        },
        tallyBefore(source, periodStart, date) {
          const row = prepared(`${TALLY} AND source = ? AND period_start = ? AND date < ?
            ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1`).raw(true).get(...pm, source, periodStart, date) as unknown[] | undefined;
          return row ? ref(row) : null;
        },
        lastTallyIn(source, periodStart, from, to) {
          const row = prepared(`${TALLY} AND source = ? AND period_start = ? AND date BETWEEN ? AND ?
            ORDER BY date DESC, coalesce(reported_on, date) DESC, id DESC LIMIT 1`).raw(true).get(...pm, source, periodStart, from, to) as unknown[] | undefined;
          return row ? ref(row) : null;
        },
        series(source) {
          const f = bySource(source);
          return prepared(`SELECT source, period_start, max(last_date) AS last_date FROM figure_tally_buckets
            WHERE party = ? AND metric = ? AND bucket = 'year'${f.sql} GROUP BY source, period_start ORDER BY source, period_start`)
            .all(...pm, ...f.params) as { source: string; period_start: string; last_date: string }[];
        },
        seriesTallies(list) {
          return list.flatMap((s) => rawAll(`${TALLY} AND source = ? AND period_start = ?`, ...pm, s.source, s.period_start).map((r) => ref(r)));
        },
        decreases(w, source) {
          const f = bySource(source, 'r.source');
          return rawAll(`SELECT d.previous, d.previous_id, d.previous_date, ${TALLY_FIELDS.map((c) => `r.${c}`).join(', ')}
            FROM figure_decreases AS d JOIN reports AS r ON r.id = d.id
            WHERE d.party = ? AND d.metric = ? AND d.date BETWEEN ? AND ?${f.sql}`, ...pm, lo(w), hi(w), ...f.params)
            .map((r) => ({ fields: tallyFieldsOfRow(r, 3), previous: r[0] as number, previous_id: r[1] as number, previous_date: r[2] as string }));
        },
        tallyFields(ids) {
          if (ids.length === 0) return [];
          return rawAll(`SELECT ${TALLY_FIELDS.join(', ')} FROM reports WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0`, JSON.stringify(ids))
            .map((r) => tallyFieldsOfRow(r, 0));
        },
        reports(ids) {
          if (ids.length === 0) return [];
          return rawAll(`${SELECT_PLAIN} WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0`, JSON.stringify(ids)).map((r) => reportOfRow(r, 0));
        },
        estimates(w, source) {
          const f = bySource(source);
          // INDEXED BY: without statistics SQLite prefers the (kind, date) index and walks every estimate.
          return rawAll(`${SELECT_PLAIN} INDEXED BY reports_estimates WHERE deleted = 0 AND kind = 'estimate' AND party = ? AND metric = ? AND date BETWEEN ? AND ?${f.sql}
            ORDER BY date, id`, ...pm, lo(w), hi(w), ...f.params).map((r) => reportOfRow(r, 0));
        },
      };
    },

    /** The live reports of one party and metric, every kind: the input of the plain figures, which the
     *  fast path (figureSource) is tested against. */
    reportsFor(party: string, metric: Metric): Report[] {
      return stmt.forFigures.all(party, metric) as Report[];
    },

    /** The id of a live report equal to the input in every field, if there is one. */
    findIdentical(input: ReportInput, maxId = Number.MAX_SAFE_INTEGER): number | undefined {
      return stmt.identical.get({ ...columnsOf(input), max_id: maxId }) as number | undefined;
    },

    /** The highest id ever given; reports written after this call have higher ones. */
    maxId: () => stmt.maxId.get() as number,

    /** A per-connection temporary table holding an import's valid rows while the file is read, so a
     *  large import does not sit in the JavaScript heap. Temp tables live in SQLite's temp file. */
    createStaging(): Staging {
      const name = `import_staging_${++stagingCounter}`;
      db.exec(`CREATE TEMP TABLE ${name} (line INTEGER NOT NULL, id INTEGER, json TEXT NOT NULL)`);
      const insert = db.prepare(`INSERT INTO temp.${name} (line, id, json) VALUES (?, ?, ?)`);
      const page = db.prepare(`SELECT rowid, line, id, json FROM temp.${name} WHERE rowid > ? ORDER BY rowid LIMIT ?`);
      return {
        add: db.transaction((rows: readonly StagedRow[]) => {
          for (const r of rows) insert.run(r.line, r.id, r.json);
        }),
        *rows(pageSize = 2000): Generator<StagedRow> {
          let after = 0;
          for (;;) {
            const chunk = page.all(after, pageSize) as (StagedRow & { rowid: number })[];
            if (chunk.length === 0) return;
            yield* chunk;
            after = chunk[chunk.length - 1]!.rowid;
          }
        },
        drop: () => db.exec(`DROP TABLE IF EXISTS temp.${name}`),
      };
    },

    sameInput,

    /** How many live reports name `from` as their source or party. */
    countWith(field: 'source' | 'party', from: string): number {
      return stmt.countWith[field].get(from) as number;
    },

    /** Renames (or, when `to` exists already, merges) a source or party across every live report that
     *  names it, in one transaction, each report changed getting its own revision. */
    renameValue(field: 'source' | 'party', from: string, to: string, who: string): number {
      return db.transaction(() => {
        const ids = stmt.liveIdsWith[field].all(from) as number[];
        const at = now();
        for (const id of ids) {
          stmt.rename[field].run(to, at, id);
          recordRevision(toReport(getRow(id)!), 'update', who, at);
        }
        return ids.length;
      })();
    },

    createSession(idHash: string, name: string, ttlMs: number): void {
      const at = new Date();
      stmt.deleteExpiredSessions.run(at.toISOString());
      stmt.insertSession.run(idHash, name, at.toISOString(), new Date(at.getTime() + ttlMs).toISOString());
    },

    sessionName(idHash: string): string | undefined {
      const row = stmt.getSession.get(idHash, new Date().toISOString()) as { name: string } | undefined;
      return row?.name;
    },

    deleteSession(idHash: string): void {
      stmt.deleteSession.run(idHash);
    },

    /** The change counter behind read ETags: moves on every change to any report, from any process. */
    dataVersion: () => stmt.dataVersion.get() as number,

    countLive: () => stmt.countLive.get() as number,
    /** Whether the database has ever held a report (live or deleted). */
    hasAnyReport: () => stmt.anyReport.get() === 1,

    facets(): Facets {
      return {
        parties: partiesWithMetrics(),
        sources: stmt.facet.all('source') as Facets['sources'],
        locations: stmt.facet.all('location') as Facets['locations'],
        metrics: METRICS,
        kinds: KINDS,
        qualifiers: QUALIFIERS,
        date_precisions: DATE_PRECISIONS,
      };
    },

    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
  };

  /** Inserts one report and its first revision; the caller holds the transaction. The stored report is
   *  built from what was written rather than read back: one statement less per row of an import. */
  function insertRow(input: ReportInput, who: string, at: string): Report {
    const cols = columnsOf(input);
    const { lastInsertRowid } = stmt.insert.run({ ...cols, now: at });
    const report = { id: Number(lastInsertRowid), ...cols, created_at: at, updated_at: at, revision: 1 } as unknown as Report;
    recordRevision(report, 'create', who, at);
    return report;
  }

  function updateRow(id: number, input: ReportInput, who: string, at: string): Report {
    stmt.update.run({ ...columnsOf(input), id, now: at });
    const report = toReport(getRow(id)!);
    recordRevision(report, 'update', who, at);
    return report;
  }

  /** The total of a list filtered by party, party and metric, one source, or nothing, from the counts
   *  the triggers keep (facet_counts): a count(*) of a busy party reads 133,641 index entries at 1M. */
  function countFromFacets(f: ReportFilter): number | undefined {
    if (f.deleted === 'only' || f.kind !== undefined || f.from !== undefined || f.to !== undefined || f.q !== undefined) return undefined;
    const sources = f.source ?? [];
    const one = (facet: string, name: string) => (stmt.facetCount.get(facet, name) as number | undefined) ?? 0;
    if (sources.length === 0 && f.party !== undefined && f.metric !== undefined) return one('party_metric', `${f.party}\u001f${f.metric}`);
    if (sources.length === 0 && f.party !== undefined && f.metric === undefined) return one('party', f.party);
    if (sources.length === 1 && f.party === undefined && f.metric === undefined) return one('source', sources[0]!);
    if (sources.length === 0 && f.party === undefined && f.metric === undefined) return stmt.facetTotal.get() as number;
    return undefined;
  }

  function partiesWithMetrics(): Facets['parties'] {
    const byParty = new Map<string, Partial<Record<Metric, number>>>();
    for (const { name, reports } of stmt.facet.all('party_metric') as { name: string; reports: number }[]) {
      const [party, metric] = name.split('\u001f') as [string, Metric];
      const m = byParty.get(party) ?? {};
      m[metric] = reports;
      byParty.set(party, m);
    }
    return (stmt.facet.all('party') as { name: string; reports: number }[])
      .map((p) => ({ ...p, metrics: byParty.get(p.name) ?? {} }));
  }

  function setDeleted(id: number, deleted: boolean, who: string, ifMatch?: number): WriteResult {
    return db.transaction((): WriteResult => {
      const row = getRow(id);
      if (!row || row.deleted === (deleted ? 1 : 0)) return { status: 'not_found' };
      if (ifMatch !== undefined && ifMatch !== row.revision) return { status: 'conflict', current: toReport(row) };
      const at = now();
      stmt.setDeleted.run(deleted ? 1 : 0, at, id);
      const report = toReport(getRow(id)!);
      recordRevision(report, deleted ? 'delete' : 'restore', who, at);
      return { status: 'ok', report, changed: true };
    })();
  }
}

export type Store = ReturnType<typeof createStore>;

/** A read-only view of the database as it is now, on a connection of its own holding one read
 *  transaction (WAL: writers are not blocked): a long export sees one consistent state however many
 *  writes land meanwhile. `close()` ends it. An in-memory database has no second connection: its
 *  store is used as it is. */
export function openSnapshot(store: Store): { store: Store; close: () => void } {
  const { db } = store;
  if (db.memory) return { store, close: () => undefined };
  const snap = new Database(db.name, { readonly: true, fileMustExist: true });
  snap.pragma('busy_timeout = 5000');
  snap.exec('BEGIN');
  snap.prepare('SELECT 1 FROM reports LIMIT 1').get();
  return {
    store: createStore(snap),
    close: () => {
      snap.exec('COMMIT');
      snap.close();
    },
  };
}
