// The disagreements answer (decision 0007): the groups per two sources and period_start, and a page of
// flagged pairs. At the default days and ratio, the groups' kept counts and the kept pairs' flag answer
// through indexes; fewer days or another ratio filter the kept pairs; more days than are kept (up to
// MAX_DISAGREEMENT_DAYS) compute the party's pairs at read time into temporary tables of the same shape,
// which the same queries then read.
import type { Metric, Report } from '../../domain/report';
import {
  DEFAULT_DISAGREEMENT_DAYS, DEFAULT_DISAGREEMENT_RATIO,
  type DisagreementGroup, type DisagreementOptions, type DisagreementsResult, type PairSummary,
} from '../../domain/figure-types';
import { exceedsRatio, largestFirst } from '../sql/rules';
import { pairsTable } from '../sql/summary-tables';
import { KEPT_DAYS, type pairUpkeep } from './pair-upkeep';
import type { StoreContext } from './statements';

export interface DisagreementPages { limit: number; offset: number; groups_limit: number; groups_offset: number }

/** difference ÷ larger, to 6 decimals, from the integers (a double division could round the wrong way). */
const ratioOf = (difference: number, larger: number) => (larger === 0 ? 0 : Math.round((difference * 1_000_000) / larger) / 1_000_000);

type Upkeep = ReturnType<typeof pairUpkeep>;
type GroupRow = [string, string, string, number, number, string | null];
type PairRow = [number, number, number, number, number];

export function disagreementReads({ db, prepared }: StoreContext, reportsByIds: (ids: readonly number[]) => Report[], pairs: Upkeep) {
  /** The party's compared pairs up to `days` apart, in temp.wide_groups and temp.wide_pairs. */
  function computeWide(party: string, metric: Metric, opts: DisagreementOptions, days: number): void {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS wide_groups (id INTEGER PRIMARY KEY, party TEXT, metric TEXT, period_start TEXT, source_a TEXT, source_b TEXT);
      ${pairsTable('temp.wide_pairs', true)}
      DELETE FROM temp.wide_groups; DELETE FROM temp.wide_pairs;`);
    const addGroup = prepared('INSERT INTO temp.wide_groups (party, metric, period_start, source_a, source_b) VALUES (?, ?, ?, ?, ?)');
    const addPair = prepared('INSERT INTO temp.wide_pairs (group_id, a_day, b_day, a_id, b_id, a_figure, b_figure) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const starts = prepared(`SELECT DISTINCT period_start FROM figure_tally_buckets WHERE party = ? AND metric = ? AND bucket = 'year'`)
      .pluck().all(party, metric) as string[];
    for (const periodStart of starts.filter((ps) => opts.period_start === undefined || ps === opts.period_start)) {
      pairs.eachPairGroup({ party, metric, period_start: periodStart }, days, opts.source, (sourceA, sourceB, found) => {
        const g = Number(addGroup.run(party, metric, periodStart, sourceA, sourceB).lastInsertRowid);
        for (const p of found) addPair.run(g, p.aDay, p.bDay, p.a.id, p.b.id, p.a.fig, p.b.fig);
      });
    }
  }

  return {
    disagreements(party: string, metric: Metric, opts: DisagreementOptions, pages: DisagreementPages): DisagreementsResult {
      // Another process's writes wait for their pairs until a read like this one.
      pairs.catchUpPairs();
      const days = opts.days ?? DEFAULT_DISAGREEMENT_DAYS;
      const ratioPpm = Math.round((opts.ratio ?? DEFAULT_DISAGREEMENT_RATIO) * 1_000_000);
      const wide = days > KEPT_DAYS;
      if (wide) computeWide(party, metric, opts, days);
      const [groupsTable, pairsTableName] = wide ? ['temp.wide_groups', 'temp.wide_pairs'] : ['figure_pair_groups', 'figure_pairs'];
      const kept = !wide && days === DEFAULT_DISAGREEMENT_DAYS && ratioPpm === Math.round(DEFAULT_DISAGREEMENT_RATIO * 1_000_000);
      // The groups in view: both sources shown, and the period_start asked for.
      const where = ['g.party = ?', 'g.metric = ?'];
      const params: unknown[] = [party, metric];
      if (opts.source && opts.source.length > 0) {
        where.push('g.source_a IN (SELECT value FROM json_each(?))', 'g.source_b IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(opts.source), JSON.stringify(opts.source));
      }
      if (opts.period_start !== undefined) {
        where.push('g.period_start = ?');
        params.push(opts.period_start);
      }
      const inView = where.join(' AND ');
      const GROUP_ORDER = 'g.source_a, g.source_b, g.period_start';
      const PAIR_ORDER = `${GROUP_ORDER}, p.first_day, p.a_id, p.b_id`;
      const summary = 'json_array(p.a_id, p.b_id, p.days, p.difference, p.larger)';

      let groupRows: GroupRow[];
      let groupsTotal: number;
      let total: number;
      let pairRows: PairRow[];
      if (kept) {
        const groupsWhere = `${inView} AND g.compared > 0`;
        groupRows = prepared(`SELECT g.source_a, g.source_b, g.period_start, g.compared, g.flagged,
            (SELECT ${summary} FROM figure_pairs AS p WHERE p.group_id = g.id AND p.a_day = g.largest_a_day)
          FROM figure_pair_groups AS g WHERE ${groupsWhere} ORDER BY ${GROUP_ORDER} LIMIT ? OFFSET ?`)
          .raw(true).all(...params, pages.groups_limit, pages.groups_offset) as GroupRow[];
        [groupsTotal, total] = prepared(`SELECT count(*), coalesce(sum(g.flagged), 0) FROM figure_pair_groups AS g WHERE ${groupsWhere}`)
          .raw(true).get(...params) as [number, number];
        pairRows = prepared(`SELECT p.a_id, p.b_id, p.days, p.difference, p.larger
          FROM figure_pair_groups AS g JOIN figure_pairs AS p ON p.group_id = g.id AND p.flagged
          WHERE ${inView} AND g.flagged > 0 ORDER BY ${PAIR_ORDER} LIMIT ? OFFSET ?`)
          .raw(true).all(...params, pages.limit, pages.offset) as PairRow[];
      } else {
        const flagged = `p.days <= ? AND ${exceedsRatio('?', 'p.')}`;
        const counts = `SELECT g.id, g.source_a, g.source_b, g.period_start, count(*) AS compared, count(*) FILTER (WHERE ${exceedsRatio('?', 'p.')}) AS flagged
          FROM ${groupsTable} AS g JOIN ${pairsTableName} AS p ON p.group_id = g.id AND p.days <= ?
          WHERE ${inView} GROUP BY g.id`;
        groupRows = prepared(`SELECT g.source_a, g.source_b, g.period_start, g.compared, g.flagged,
            (SELECT ${summary} FROM ${pairsTableName} AS p WHERE p.group_id = g.id AND ${flagged} ORDER BY ${largestFirst('p.')} LIMIT 1)
          FROM (${counts}) AS g ORDER BY ${GROUP_ORDER} LIMIT ? OFFSET ?`)
          .raw(true).all(days, ratioPpm, ratioPpm, days, ...params, pages.groups_limit, pages.groups_offset) as GroupRow[];
        [groupsTotal, total] = prepared(`SELECT count(*), coalesce(sum(flagged), 0) FROM (${counts})`)
          .raw(true).get(ratioPpm, days, ...params) as [number, number];
        pairRows = prepared(`SELECT p.a_id, p.b_id, p.days, p.difference, p.larger
          FROM ${groupsTable} AS g JOIN ${pairsTableName} AS p ON p.group_id = g.id AND ${flagged}
          WHERE ${inView} ORDER BY ${PAIR_ORDER} LIMIT ? OFFSET ?`)
          .raw(true).all(days, ratioPpm, ...params, pages.limit, pages.offset) as PairRow[];
        // Read: the party's pairs computed for this answer are not kept on the connection.
        if (wide) db.exec('DELETE FROM temp.wide_groups; DELETE FROM temp.wide_pairs;');
      }

      const groups = groupRows.map(([a, b, periodStart, compared, flaggedCount, largest]): DisagreementGroup => {
        const l = largest === null ? null : JSON.parse(largest) as [number, number, number, number, number];
        const pair: PairSummary | null = l && { a_id: l[0], b_id: l[1], days: l[2], difference: l[3], ratio: ratioOf(l[3], l[4]) };
        return { sources: [a, b], period_start: periodStart, compared, flagged: flaggedCount, largest: flaggedCount > 0 ? pair : null };
      });
      const byId = new Map(reportsByIds(pairRows.flatMap(([a, b]) => [a, b])).map((r) => [r.id, r]));
      const items = pairRows.map(([a, b, d, difference, larger]) =>
        ({ a: byId.get(a)!, b: byId.get(b)!, days: d, difference, ratio: ratioOf(difference, larger) }));
      return {
        items, total, limit: pages.limit, offset: pages.offset,
        groups, groups_total: groupsTotal, groups_limit: pages.groups_limit, groups_offset: pages.groups_offset,
      };
    },
  };
}
