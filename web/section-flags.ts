// The flags: sources that disagree (disagreement-groups.ts), and tallies that went down, listed one by
// one when they are few and grouped per source and period when they are many. Before anything is
// opened, the section stays within one screen.
import type { Claim, Decrease, SeriesResult } from '../server/domain/figure-types';
import type { DisagreementsResult } from '../server/domain/figure-types';
import { disagreementGroups } from './disagreement-groups';
import { byId, h, message, reportButton, replace } from './dom';
import { formatDay, formatFigure, formatNumber, plural } from './format';
import { openIds } from './open-reports';
import type { ViewState } from './url-state';

/** Decreases listed one by one up to this many; past it, grouped per source and period. */
export const DECREASES_LISTED = 4;
/** Decrease groups shown before "N more". */
const DECREASE_GROUPS_SHOWN = 2;

function decreaseItem(d: Decrease, claims: Claim[]): HTMLElement {
  // The tally before it in its series, as the API names it (it may be outside the claims in view).
  const prev = claims.find((c) => c.id === d.previous_id);
  return h('li', { class: 'flag flag-decrease', 'data-report-id': d.id },
    h('span', { class: 'flag-icon', 'aria-hidden': 'true' }, '↓'),
    h('span', {},
      `${d.source}'s tally since ${formatDay(d.period_start)} went down: `,
      prev ? reportButton(`${formatFigure(prev)} on ${formatDay(prev.date, prev.date_precision)}`, [prev.id], openIds)
        : reportButton(`${formatNumber(d.previous)} on ${formatDay(d.previous_date)}`, [d.previous_id], openIds),
      ', then ',
      reportButton(`${formatFigure(d)} on ${formatDay(d.date, d.date_precision)}`, [d.id], openIds), '.'));
}

function decreaseGroups(items: Decrease[], claims: Claim[]): HTMLElement {
  const bySeries = new Map<string, Decrease[]>();
  for (const d of items) {
    const key = `${d.source}\u001f${d.period_start ?? ''}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), d]);
  }
  const groups = [...bySeries.values()].sort((a, b) => b.length - a.length || (a[0]!.source < b[0]!.source ? -1 : 1));
  const item = (list: Decrease[]) => {
    const first = list[0]!;
    const last = list[list.length - 1]!;
    return h('details', { class: 'flag-group decrease-group', 'data-source': first.source },
      h('summary', {}, h('span', { class: 'flag-icon', 'aria-hidden': 'true' }, '↓'),
        `${first.source}, since ${formatDay(first.period_start)}: ${plural(list.length, 'tally', 'tallies')} went down, `,
        list.length === 1 ? `on ${formatDay(first.date)}` : `${formatDay(first.date)} – ${formatDay(last.date)}`),
      h('div', { class: 'flag-pairs' }, h('ul', { class: 'flag-list' }, ...list.map((d) => decreaseItem(d, claims)))));
  };
  const box = h('div', { class: 'flag-groups' }, ...groups.slice(0, DECREASE_GROUPS_SHOWN).map(item));
  const rest = groups.slice(DECREASE_GROUPS_SHOWN);
  if (rest.length) {
    box.append(h('details', { class: 'flag-groups-more' }, h('summary', {}, `and ${plural(rest.length, 'more source')}`),
      h('div', { class: 'flag-groups-rest' }, ...rest.map(item))));
  }
  return box;
}

export function renderFlags(s: ViewState, overview: SeriesResult, disagreements: DisagreementsResult): void {
  replace(byId('disagreements'), disagreementGroups(s, disagreements));
  const dec = overview.decreases;
  replace(byId('decreases'), dec.length === 0
    ? message('empty', 'No source’s tally went down.')
    : dec.length <= DECREASES_LISTED
      ? h('ul', { class: 'flag-list' }, ...dec.map((d) => decreaseItem(d, overview.claims)))
      : decreaseGroups(dec, overview.claims));
}
