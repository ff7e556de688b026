// Keeps the compared pairs of tallies (figure_pairs, decision 0007) in step with the reports: the
// triggers name each changed tally's series and day in figure_pairs_dirty, whoever wrote it; here the
// pairs whose other tally lies between that day's neighbours in its series are computed again (a new
// or edited tally changes only its neighbours' pairs), or, for a series group with many changes, all
// of them. Runs inside the writer's transaction, and before a read when another process wrote.
import { DEFAULT_DISAGREEMENT_DAYS } from '../../domain/figure-types';
import { compareCodePoints, dayNumber } from '../../domain/dates';
import { comparedPairs, prepareSeries, type ComparedPair, type PairTally } from '../../figures/pairs';
import { figure, largestFirst, liveTally, reportedOn, seriesOrder } from '../sql/rules';
import { suspendSchema, type StoreContext } from './statements';

/** Pairs are kept when at most this many days apart (the default): a query for fewer filters them; one
 *  for more computes its pairs at read time (server/db/store/disagreements.ts). */
export const KEPT_DAYS = DEFAULT_DISAGREEMENT_DAYS;

/** Past this many changed tallies in one party, metric and period_start, rebuild all its pairs. */
const REBUILD_AFTER = 64;

const PAIR_TABLES = ['figure_pairs', 'figure_pair_groups'];

const NO_LOW = '0000-00-00';
const NO_HIGH = '9999-99-99';

interface Scope { party: string; metric: string; period_start: string }
interface PairRow { groupId: number; aDay: number; bDay: number; aId: number; bId: number; aFigure: number; bFigure: number }

export function pairUpkeep({ db }: StoreContext) {
  const TALLY = `SELECT id, date, ${reportedOn()} AS rep, ${figure()} AS fig FROM reports`;
  const series = `${liveTally()} AND party = ? AND metric = ? AND period_start = ? AND source = ?`;
  const stmt = {
    anyDirty: db.prepare('SELECT EXISTS (SELECT 1 FROM figure_pairs_dirty)').pluck(),
    dirty: db.prepare('SELECT rowid, party, metric, period_start, source, date FROM figure_pairs_dirty ORDER BY rowid'),
    clearDirty: db.prepare('DELETE FROM figure_pairs_dirty WHERE rowid <= ?'),
    prevDate: db.prepare(`SELECT max(date) FROM reports WHERE ${series} AND date < ?`).pluck(),
    nextDate: db.prepare(`SELECT min(date) FROM reports WHERE ${series} AND date > ?`).pluck(),
    seriesIn: db.prepare(`${TALLY} WHERE ${series} AND date BETWEEN ? AND ?`),
    lastBefore: db.prepare(`${TALLY} WHERE ${series} AND date < ? ORDER BY ${seriesOrder('', ' DESC')} LIMIT 1`),
    firstDateAfter: db.prepare(`${TALLY} WHERE ${series} AND date = (SELECT min(date) FROM reports WHERE ${series} AND date > ?)`),
    othersIn: db.prepare(`SELECT source, id, date, ${reportedOn()} AS rep, ${figure()} AS fig FROM reports INDEXED BY reports_tally_period
      WHERE ${liveTally()} AND party = ? AND metric = ? AND period_start = ? AND date BETWEEN ? AND ? AND source <> ?`),
    allOf: db.prepare(`SELECT source, id, date, ${reportedOn()} AS rep, ${figure()} AS fig FROM reports INDEXED BY reports_tally_period
      WHERE ${liveTally()} AND party = ? AND metric = ? AND period_start = ?`),
    countOf: db.prepare(`SELECT count(*) FROM reports INDEXED BY reports_tally_period
      WHERE ${liveTally()} AND party = ? AND metric = ? AND period_start = ?`).pluck(),
    pairsAround: db.prepare(`SELECT p.group_id AS groupId, p.a_day AS aDay, p.b_day AS bDay, p.a_id AS aId, p.b_id AS bId,
        p.a_figure AS aFigure, p.b_figure AS bFigure
      FROM figure_pair_groups AS g JOIN figure_pairs AS p ON p.group_id = g.id
      WHERE g.party = ? AND g.metric = ? AND g.period_start = ? AND g.source_a = ? AND p.b_day BETWEEN ? AND ?
      UNION ALL
      SELECT p.group_id, p.a_day, p.b_day, p.a_id, p.b_id, p.a_figure, p.b_figure
      FROM figure_pair_groups AS g JOIN figure_pairs AS p ON p.group_id = g.id
      WHERE g.party = ? AND g.metric = ? AND g.period_start = ? AND g.source_b = ? AND p.a_day BETWEEN ? AND ?`),
    group: db.prepare('SELECT id FROM figure_pair_groups WHERE party = ? AND metric = ? AND source_a = ? AND source_b = ? AND period_start = ?').pluck(),
    addGroup: db.prepare('INSERT INTO figure_pair_groups (party, metric, source_a, source_b, period_start) VALUES (?, ?, ?, ?, ?)'),
    deletePair: db.prepare('DELETE FROM figure_pairs WHERE group_id = ? AND a_day = ?'),
    deletePairB: db.prepare('DELETE FROM figure_pairs WHERE group_id = ? AND b_day = ?'),
    insertPair: db.prepare(`INSERT INTO figure_pairs (group_id, a_day, b_day, a_id, b_id, a_figure, b_figure) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    groupCount: db.prepare('SELECT count(*) FROM figure_pair_groups').pluck(),
    groupsOf: db.prepare('SELECT count(*) FROM figure_pair_groups WHERE party = ? AND metric = ? AND period_start = ?').pluck(),
    deleteGroups: db.prepare('DELETE FROM figure_pair_groups WHERE party = ? AND metric = ? AND period_start = ?'),
    // What the pairs' triggers keep, written once per group from its pairs (the same columns and order).
    recountGroups: db.prepare(`UPDATE figure_pair_groups AS g SET compared = c.compared, flagged = c.flagged,
        largest_a_day = (SELECT a_day FROM figure_pairs WHERE group_id = g.id AND flagged ORDER BY ${largestFirst()} LIMIT 1)
      FROM (SELECT group_id, count(*) AS compared, sum(flagged) AS flagged FROM figure_pairs WHERE group_id IN
        (SELECT id FROM figure_pair_groups WHERE party = ? AND metric = ? AND period_start = ?) GROUP BY group_id) AS c
      WHERE g.id = c.group_id`),
    deleteAll: db.prepare(`DELETE FROM figure_pairs WHERE group_id IN
      (SELECT id FROM figure_pair_groups WHERE party = ? AND metric = ? AND period_start = ?)`),
  };

  function groupOf(s: Scope, sourceA: string, sourceB: string): number {
    const params = [s.party, s.metric, sourceA, sourceB, s.period_start];
    const id = stmt.group.get(...params) as number | undefined;
    return id ?? Number(stmt.addGroup.run(...params).lastInsertRowid);
  }

  /** A compared pair of sources x and y as its row: `a` is the tally of the source first in code points. */
  function rowOf(s: Scope, x: string, y: string, p: ComparedPair): PairRow {
    const first = compareCodePoints(x, y) < 0;
    const [sa, sb] = first ? [x, y] : [y, x];
    const [a, aDay, b, bDay] = first ? [p.a, p.aDay, p.b, p.bDay] : [p.b, p.bDay, p.a, p.aDay];
    return { groupId: groupOf(s, sa, sb), aDay, bDay, aId: a.id, bId: b.id, aFigure: a.fig, bFigure: b.fig };
  }

  const insert = (r: PairRow) => stmt.insertPair.run(r.groupId, r.aDay, r.bDay, r.aId, r.bId, r.aFigure, r.bFigure);
  const same = (x: PairRow, y: PairRow) =>
    x.bDay === y.bDay && x.aId === y.aId && x.bId === y.bId && x.aFigure === y.aFigure && x.bFigure === y.bFigure;

  /** The pairs of `source`'s series whose other tally is dated between the neighbours of `date` in it. */
  function refreshAround(s: Scope, source: string, date: string): void {
    const key = [s.party, s.metric, s.period_start, source];
    const lo = (stmt.prevDate.get(...key, date) as string | null) ?? NO_LOW;
    const hi = (stmt.nextDate.get(...key, date) as string | null) ?? NO_HIGH;
    const mine = prepareSeries(stmt.seriesIn.all(...key, lo, hi) as PairTally[]);
    const others = new Map<string, PairTally[]>();
    for (const t of stmt.othersIn.all(s.party, s.metric, s.period_start, lo, hi, source) as (PairTally & { source: string })[]) {
      let list = others.get(t.source);
      if (!list) others.set(t.source, (list = []));
      list.push(t);
    }
    const wanted = new Map<string, PairRow>();
    for (const [other, inWindow] of others) {
      const otherKey = [s.party, s.metric, s.period_start, other];
      // The other series' tallies just outside the window can be nearest to this series' tallies in it.
      const around = [
        ...(lo === NO_LOW ? [] : stmt.lastBefore.all(...otherKey, lo) as PairTally[]),
        ...inWindow,
        ...(hi === NO_HIGH ? [] : stmt.firstDateAfter.all(...otherKey, ...otherKey, hi) as PairTally[]),
      ];
      for (const p of comparedPairs(mine, prepareSeries(around), KEPT_DAYS)) {
        if (p.b.date < lo || p.b.date > hi) continue;
        const row = rowOf(s, source, other, p);
        wanted.set(`${row.groupId}:${row.aDay}`, row);
      }
    }
    const [loDay, hiDay] = [lo === NO_LOW ? -Infinity : dayNumber(lo), hi === NO_HIGH ? Infinity : dayNumber(hi)];
    for (const old of stmt.pairsAround.all(...key, loDay, hiDay, ...key, loDay, hiDay) as PairRow[]) {
      const k = `${old.groupId}:${old.aDay}`;
      const now = wanted.get(k);
      if (now && same(now, old)) wanted.delete(k);
      else stmt.deletePair.run(old.groupId, old.aDay);
    }
    for (const row of wanted.values()) {
      // Several changes are brought up to date one after the other: a pair of either of this pair's days
      // may still be the one of before another change, which that change's turn would remove.
      stmt.deletePair.run(row.groupId, row.aDay);
      stmt.deletePairB.run(row.groupId, row.bDay);
      insert(row);
    }
  }

  /** Every compared pair of one party, metric and period_start at most `maxDays` apart, handed to
   *  `visit` two sources at a time (first in code points first): memory for one series group at most. */
  function eachPairGroup(s: Scope, maxDays: number, source: readonly string[] | undefined,
    visit: (sourceA: string, sourceB: string, pairs: ComparedPair[]) => void): void {
    const bySource = new Map<string, PairTally[]>();
    for (const t of stmt.allOf.all(s.party, s.metric, s.period_start) as (PairTally & { source: string })[]) {
      if (source && source.length > 0 && !source.includes(t.source)) continue;
      let list = bySource.get(t.source);
      if (!list) bySource.set(t.source, (list = []));
      list.push(t);
    }
    const list = [...bySource.entries()].sort((x, y) => compareCodePoints(x[0], y[0])).map(([name, tallies]) => ({ name, series: prepareSeries(tallies) }));
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const pairs = comparedPairs(list[i]!.series, list[j]!.series, maxDays);
        if (pairs.length > 0) visit(list[i]!.name, list[j]!.name, pairs);
      }
    }
  }

  /** Every kept pair of one party, metric and period_start computed again from its tallies, its groups
   *  written afresh, with the pairs' triggers set aside (one group update per pair cost five times the
   *  insert): each group's counts and largest pair are then written once from its pairs. */
  function rebuild(s: Scope): void {
    stmt.deleteAll.run(s.party, s.metric, s.period_start);
    stmt.deleteGroups.run(s.party, s.metric, s.period_start);
    eachPairGroup(s, KEPT_DAYS, undefined, (sourceA, sourceB, pairs) => {
      const groupId = Number(stmt.addGroup.run(s.party, s.metric, sourceA, sourceB, s.period_start).lastInsertRowid);
      for (const p of pairs) stmt.insertPair.run(groupId, p.aDay, p.bDay, p.a.id, p.b.id, p.a.fig, p.b.fig);
    });
    stmt.recountGroups.run(s.party, s.metric, s.period_start);
  }

  return {
    /** Brings the compared pairs up to date with every change the triggers noted. Call inside the
     *  transaction of the writes (it writes), or before reading pairs. */
    catchUpPairs(onProgress?: (done: number, of: number) => void): void {
      if (stmt.anyDirty.get() !== 1) return;
      db.transaction(() => {
        const rows = stmt.dirty.all() as (Scope & { rowid: number; source: string | null; date: string | null })[];
        const scopes = new Map<string, { scope: Scope; whole: boolean; changes: Map<string, [string, string]> }>();
        for (const r of rows) {
          const k = JSON.stringify([r.party, r.metric, r.period_start]);
          let e = scopes.get(k);
          if (!e) scopes.set(k, (e = { scope: { party: r.party, metric: r.metric, period_start: r.period_start }, whole: false, changes: new Map() }));
          if (r.source === null || r.date === null) e.whole = true;
          else e.changes.set(JSON.stringify([r.source, r.date]), [r.source, r.date]);
        }
        const whole = new Set([...scopes.values()].filter((e) => e.whole || e.changes.size > REBUILD_AFTER));
        // Progress in tallies compared (a whole group counts all its tallies, another its changed ones):
        // groups are most unequal, and a count of groups told "about 300 s left" after the busiest one.
        const weights = new Map([...scopes.values()].map((e) => [e, whole.has(e)
          ? stmt.countOf.get(e.scope.party, e.scope.metric, e.scope.period_start) as number : e.changes.size]));
        const of = [...weights.values()].reduce((n, w) => n + w, 0);
        let done = 0;
        onProgress?.(0, of);
        if (whole.size > 0) {
          const restoreTriggers = suspendSchema(db, 'trigger', ['figure_pairs']);
          // Rebuilding most of the pairs (a first import): their indexes are built once afterwards.
          const most = 2 * [...whole].reduce((n, e) => n + (stmt.groupsOf.get(e.scope.party, e.scope.metric, e.scope.period_start) as number), 0) >= (stmt.groupCount.get() as number);
          const restoreIndexes = most ? suspendSchema(db, 'index', PAIR_TABLES) : null;
          for (const e of whole) {
            rebuild(e.scope);
            onProgress?.((done += weights.get(e)!), of);
          }
          restoreIndexes?.();
          restoreTriggers();
        }
        for (const e of scopes.values()) {
          if (whole.has(e)) continue;
          for (const [source, date] of e.changes.values()) refreshAround(e.scope, source, date);
          onProgress?.((done += weights.get(e)!), of);
        }
        stmt.clearDirty.run(rows[rows.length - 1]!.rowid);
      })();
    },

    eachPairGroup,
  };
}
