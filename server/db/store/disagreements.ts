// The disagreements answer from the kept compared pairs (decision 0007): the groups per two sources and
// period_start, and a page of flagged pairs. At the default days and ratio the groups' kept counts and
// the pairs' kept flag answer through indexes; other values filter the kept pairs.
import type { Metric, Report } from '../../domain/report';
import {
  DEFAULT_DISAGREEMENT_DAYS, DEFAULT_DISAGREEMENT_RATIO,
  type DisagreementGroup, type DisagreementOptions, type DisagreementsResult, type PairSummary,
} from '../../domain/figure-types';
import { exceedsRatio, largestFirst } from '../sql/rules';
import type { StoreContext } from './statements';

export interface DisagreementPages { limit: number; offset: number; groups_limit: number; groups_offset: number }

/** difference ÷ larger, to 6 decimals, from the integers (a double division could round the wrong way). */
const ratioOf = (difference: number, larger: number) => (larger === 0 ? 0 : Math.round((difference * 1_000_000) / larger) / 1_000_000);

/** `catchUp` brings the kept pairs up to date first when another process wrote since the server did. */
export function disagreementReads({ prepared }: StoreContext, reportsByIds: (ids: readonly number[]) => Report[], catchUp: () => void) {
  return {
    disagreements(party: string, metric: Metric, opts: DisagreementOptions, pages: DisagreementPages): DisagreementsResult {
      catchUp();
      const days = opts.days ?? DEFAULT_DISAGREEMENT_DAYS;
      const ratioPpm = Math.round((opts.ratio ?? DEFAULT_DISAGREEMENT_RATIO) * 1_000_000);
      const kept = days === DEFAULT_DISAGREEMENT_DAYS && ratioPpm === Math.round(DEFAULT_DISAGREEMENT_RATIO * 1_000_000);
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
      const flagged = `p.days <= ? AND ${exceedsRatio('?', 'p.')}`;
      const GROUP_ORDER = 'g.source_a, g.source_b, g.period_start';

      type GroupRow = [string, string, string, number, number, string | null];
      const largestJson = (cond: string) => `(SELECT json_array(p.a_id, p.b_id, p.days, p.difference, p.larger) FROM figure_pairs AS p
        WHERE ${cond} ORDER BY ${largestFirst('p.')} LIMIT 1)`;
      let groupRows: GroupRow[];
      let groupsTotal: number;
      let pairRows: [number, number, number, number, number][];
      let total: number;
      if (kept) {
        const groupsWhere = `${inView} AND g.compared > 0`;
        groupRows = prepared(`SELECT g.source_a, g.source_b, g.period_start, g.compared, g.flagged,
            ${largestJson('p.group_id = g.id AND p.a_id = g.largest_a_id')}
          FROM figure_pair_groups AS g WHERE ${groupsWhere} ORDER BY ${GROUP_ORDER} LIMIT ? OFFSET ?`)
          .raw(true).all(...params, pages.groups_limit, pages.groups_offset) as GroupRow[];
        [groupsTotal, total] = prepared(`SELECT count(*), coalesce(sum(g.flagged), 0) FROM figure_pair_groups AS g WHERE ${groupsWhere}`)
          .raw(true).get(...params) as [number, number];
        pairRows = prepared(`SELECT p.a_id, p.b_id, p.days, p.difference, p.larger
          FROM figure_pair_groups AS g JOIN figure_pairs AS p ON p.group_id = g.id AND p.flagged = 1
          WHERE ${inView} AND g.flagged > 0 ORDER BY ${GROUP_ORDER}, p.first_date, p.a_id, p.b_id LIMIT ? OFFSET ?`)
          .raw(true).all(...params, pages.limit, pages.offset) as typeof pairRows;
      } else {
        const counts = `SELECT g.id, g.source_a, g.source_b, g.period_start, count(*) AS compared, count(*) FILTER (WHERE ${exceedsRatio('?', 'p.')}) AS flagged
          FROM figure_pair_groups AS g JOIN figure_pairs AS p ON p.group_id = g.id AND p.days <= ?
          WHERE ${inView} GROUP BY g.id`;
        groupRows = prepared(`SELECT g.source_a, g.source_b, g.period_start, g.compared, g.flagged,
            ${largestJson(`p.group_id = g.id AND ${flagged}`)}
          FROM (${counts}) AS g ORDER BY ${GROUP_ORDER} LIMIT ? OFFSET ?`)
          .raw(true).all(days, ratioPpm, ratioPpm, days, ...params, pages.groups_limit, pages.groups_offset) as GroupRow[];
        [groupsTotal, total] = prepared(`SELECT count(*), coalesce(sum(flagged), 0) FROM (${counts})`)
          .raw(true).get(ratioPpm, days, ...params) as [number, number];
        pairRows = prepared(`SELECT p.a_id, p.b_id, p.days, p.difference, p.larger
          FROM figure_pair_groups AS g JOIN figure_pairs AS p ON p.group_id = g.id AND ${flagged}
          WHERE ${inView} ORDER BY ${GROUP_ORDER}, p.first_date, p.a_id, p.b_id LIMIT ? OFFSET ?`)
          .raw(true).all(days, ratioPpm, ...params, pages.limit, pages.offset) as typeof pairRows;
      }

      const groups = groupRows.map(([a, b, periodStart, compared, flaggedCount, largest]): DisagreementGroup => {
        const l = largest === null ? null : JSON.parse(largest) as [number, number, number, number, number];
        const summary: PairSummary | null = l && { a_id: l[0], b_id: l[1], days: l[2], difference: l[3], ratio: ratioOf(l[3], l[4]) };
        return { sources: [a, b], period_start: periodStart, compared, flagged: flaggedCount, largest: flaggedCount > 0 ? summary : null };
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
