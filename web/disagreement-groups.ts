// Sources that disagree, grouped by two sources and a period start as the API groups them ("General
// Staff vs UK Ministry of Defence, since 24 Feb 2022: 52 compared, 48 differ by more than 10%, largest
// 29% on 31 Mar 2022"). The groups with the most flagged pairs come first (of the first page of groups,
// which the page asks as large as the API allows); a few are shown and the
// rest sit behind one disclosure, so the section stays within a screen. A group opens to its flagged
// pairs (fetched with source=s1&source=s2&period_start=P, paged), each saying how many days apart its
// two tallies are.
import { api, describeError } from './api';
import { DEFAULT_DISAGREEMENT_DAYS, DEFAULT_DISAGREEMENT_RATIO, type DisagreementGroup, type DisagreementPair, type DisagreementsResult } from '../server/domain/figure-types';
import { h, message, reportButton, replace } from './dom';
import { formatDay, formatFigure, formatNumber, plural } from './format';
import { openIds } from './open-reports';
import type { ViewState } from './url-state';
import { known } from './view-state';
import { twoDays } from './wording';

/** Groups shown before "N more pairs of sources". */
export const GROUPS_SHOWN = 3;
export const PAIRS_PAGE = 20;
// The API's defaults, which the page does not change.
const RATIO = DEFAULT_DISAGREEMENT_RATIO;

/** A ratio in per cent, rounded for reading; a flagged pair's never reads as the threshold or less
 *  ("differ by more than 10%, largest 10%" said of 10.04%): then with the decimals it needs. */
export function percent(ratio: number, flagged = false): string {
  const p = ratio * 100;
  const plain = p >= 10 ? Math.round(p) : Math.round(p * 10) / 10;
  const threshold = RATIO * 100;
  if (!flagged || plain > threshold) return `${plain}%`;
  for (let d = 1; d <= 3; d++) {
    const cut = Math.floor(p * 10 ** d) / 10 ** d;
    if (cut > threshold) return `${cut.toFixed(d)}%`;
  }
  return `just over ${threshold}%`;
}

function daysApart(days: number): string {
  return days === 0 ? 'the same day' : `${plural(days, 'day')} apart`;
}

/** "on 31 Mar 2022", or "on 30 and 31 Mar 2022" for tallies of two days; "" when neither is at hand. */
function pairDays(aId: number, bId: number): string {
  const a = known.get(aId);
  const b = known.get(bId);
  if (!a || !b) return '';
  const [d1, d2] = [a.date, b.date].sort() as [string, string];
  return ` on ${twoDays(d1, d2)}`;
}

export function groupWords(g: DisagreementGroup): string {
  const head = `${g.sources[0]} vs ${g.sources[1]}, since ${formatDay(g.period_start)}: ${formatNumber(g.compared)} compared, `;
  if (g.flagged === 0 || !g.largest) return `${head}none differ by more than ${percent(RATIO)}`;
  const l = g.largest;
  return `${head}${formatNumber(g.flagged)} differ by more than ${percent(RATIO)}, largest ${percent(l.ratio, true)}${pairDays(l.a_id, l.b_id)}`;
}

export function pairItem(d: DisagreementPair): HTMLElement {
  return h('li', { class: 'flag flag-disagreement', 'data-pair': `${d.a.id},${d.b.id}` },
    h('span', { class: 'flag-icon', 'aria-hidden': 'true' }, '≠'),
    h('span', {},
      reportButton(`${d.a.source}: ${formatFigure(d.a)}`, [d.a.id], openIds), ` (${formatDay(d.a.date, d.a.date_precision)}) and `,
      reportButton(`${d.b.source}: ${formatFigure(d.b)}`, [d.b.id], openIds), ` (${formatDay(d.b.date, d.b.date_precision)}) `,
      `differ by ${formatNumber(d.difference)} (${percent(d.ratio, true)}), ${daysApart(d.days)}, over the period since ${formatDay(d.a.period_start)}.`));
}

function remember(items: DisagreementPair[]): void {
  for (const d of items) {
    known.set(d.a.id, d.a);
    known.set(d.b.id, d.b);
  }
}

/** A group as a disclosure: its summary, and its pairs fetched (a page at a time) when it opens. */
function groupItem(s: ViewState, g: DisagreementGroup): HTMLElement {
  const summaryText = h('span', {}, groupWords(g));
  const list = h('ul', { class: 'flag-list' });
  const more = h('div', { class: 'flag-more' });
  const details = h('details', { class: `flag-group${g.flagged ? ' flagged' : ''}`, 'data-sources': g.sources.join('\u001f'), 'data-period-start': g.period_start },
    h('summary', {}, h('span', { class: 'flag-icon', 'aria-hidden': 'true' }, g.flagged ? '≠' : '='), summaryText),
    h('div', { class: 'flag-pairs' }, list, more));
  let loaded = 0;
  const load = (offset: number) => {
    replace(more, message('loading', 'Loading the pairs…'));
    api.disagreements({ party: s.party!, metric: s.metric!, source: [...g.sources], period_start: g.period_start, limit: PAIRS_PAGE, offset })
      .then((page) => {
        remember(page.items);
        list.append(...page.items.map(pairItem));
        loaded = offset + page.items.length;
        // The largest pair's dates are at hand now, if they were not before.
        summaryText.textContent = groupWords(g);
        replace(more, loaded < page.total
          ? h('button', { type: 'button', class: 'button button-quiet button-small', onclick: () => load(loaded) },
            `Show ${formatNumber(Math.min(PAIRS_PAGE, page.total - loaded))} more (${formatNumber(loaded)} of ${formatNumber(page.total)} shown)`)
          : page.total === 0 ? message('empty', `No pair differs by more than ${percent(RATIO)}.`) : null);
      }, (e: unknown) => replace(more, message('error', describeError(e))));
  };
  details.addEventListener('toggle', () => {
    if (details.open && loaded === 0 && g.flagged > 0) load(0);
  });
  if (g.flagged === 0) list.append(h('li', { class: 'muted' }, `Every compared pair is within ${percent(RATIO)}.`));
  return details;
}

/** The next page of groups (past the first hundred pairs of sources), in the API's order. */
function moreGroups(s: ViewState, into: HTMLElement, offset: number, total: number): HTMLElement {
  const box = h('div', { class: 'flag-more' });
  const button = h('button', { type: 'button', class: 'button button-quiet button-small' },
    `Show more pairs of sources (${formatNumber(offset)} of ${formatNumber(total)} listed)`);
  button.addEventListener('click', () => {
    replace(box, message('loading', 'Loading more pairs of sources…'));
    api.disagreements({ party: s.party!, metric: s.metric!, source: s.source, limit: 1, groups_offset: offset })
      .then((page) => {
        box.remove();
        into.append(...page.groups.map((g) => groupItem(s, g)));
        const next = offset + page.groups.length;
        if (page.groups.length > 0 && next < page.groups_total) into.append(moreGroups(s, into, next, page.groups_total));
      }, (e: unknown) => replace(box, message('error', describeError(e))));
  });
  box.append(button);
  return box;
}

/** The order a reader wants: the most flagged pairs first, then the largest difference; else the API's. */
function byConcern(groups: DisagreementGroup[]): DisagreementGroup[] {
  return groups.map((g, i) => ({ g, i }))
    .sort((x, y) => y.g.flagged - x.g.flagged || (y.g.largest?.ratio ?? 0) - (x.g.largest?.ratio ?? 0) || x.i - y.i)
    .map(({ g }) => g);
}

export function disagreementGroups(s: ViewState, page: DisagreementsResult): HTMLElement {
  remember(page.items);
  const groups = byConcern(page.groups);
  const total = page.groups_total;
  if (groups.length === 0) {
    return message('empty', `No two sources have tallies to compare (tallies of the same period, each the other’s nearest, at most ${DEFAULT_DISAGREEMENT_DAYS} days apart).`);
  }
  const flagged = groups.filter((g) => g.flagged > 0).length;
  const box = h('div', { class: 'flag-groups' });
  if (flagged === 0) {
    // Only what was read is said: past the first page of groups, flagged pairs may still be there
    // (`total` counts every flagged pair of the view).
    box.append(message('empty', total > groups.length
      ? `None of the first ${formatNumber(groups.length)} of ${formatNumber(total)} pairs of sources disagree${page.total > 0 ? `; ${plural(page.total, 'flagged pair')} further on, under “more”` : ''}.`
      : `No two sources disagree: every pair compared is within ${percent(RATIO)}.`));
  }
  const shown = flagged > 0 ? groups.slice(0, Math.min(GROUPS_SHOWN, flagged)) : [];
  box.append(...shown.map((g) => groupItem(s, g)));
  const rest = groups.slice(shown.length);
  if (rest.length) {
    const restFlagged = rest.filter((g) => g.flagged > 0).length;
    const inner = h('div', { class: 'flag-groups-rest' }, ...rest.map((g) => groupItem(s, g)));
    if (total > groups.length) inner.append(moreGroups(s, inner, page.groups_offset + groups.length, total));
    box.append(h('details', { class: 'flag-groups-more', id: 'flag-groups-more' },
      h('summary', {}, `${shown.length ? 'and ' : ''}${plural(rest.length, shown.length ? 'more pair of sources' : 'pair of sources', shown.length ? 'more pairs of sources' : 'pairs of sources')}`,
        restFlagged ? ` (${formatNumber(restFlagged)} with disagreements)` : ` (all within ${percent(RATIO)})`),
      inner));
  }
  return box;
}
