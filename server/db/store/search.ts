// The report list and full-text search: the page and the total of a filtered list, each by the plan
// that suits how many reports match (decision records and test/search-plans.test.ts).
import type { Report } from '../../domain/report';
import { sortedHas } from '../../domain/sorted';
import { SELECT_PLAIN } from './rows';
import type { StoreContext } from './statements';
import { ftsQuery, whereOf, type Column, type ReportFilter, type Where } from './search-filter';

export interface ReportPage {
  items: Report[];
  total: number;
}

/** How the list with `q` picks its page plan (see searchReports below); tests change these to
 *  run every plan on small data. Visits are index entries a walk in date order is expected to read. */
export const DEFAULT_SEARCH_TUNING = {
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
export type SearchTuning = typeof DEFAULT_SEARCH_TUNING;

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

type ListPage = { limit: number; offset: number; sort: 'date' | '-date' };

export function reportSearch({ db, prepared }: StoreContext, countFromFacets: (f: ReportFilter) => number | undefined, searchTuning: SearchTuning = DEFAULT_SEARCH_TUNING) {
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM reports').pluck();

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
  const liveUpperBound = () => Math.max(1, maxId.get() as number);

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
    /** EXPLAIN QUERY PLAN of the list's query for a filter (tests check that an index serves it). */
    planOfList(f: ReportFilter, sort: 'date' | '-date' = 'date'): string[] {
      const where = whereOf(f);
      const order = sort === '-date' ? 'date DESC, id DESC' : 'date ASC, id ASC';
      return (db.prepare(`EXPLAIN QUERY PLAN ${SELECT_PLAIN} WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(...where.params, 100, 0) as { detail: string }[]).map((r) => r.detail);
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
  };
}
