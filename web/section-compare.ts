// The same-period comparison: this year so far against last year, per source, derived series and the
// count, never mixed.
import type { CompareResult } from '../server/domain/figures';
import { byId, h, message, replace } from './dom';
import { openIds } from './open-reports';
import { compareTable } from './tables';
import { figuresById } from './view-state';

export function renderCompare(compare: CompareResult): void {
  const el = byId('compare');
  if (compare.year === null) {
    replace(el, message('empty', 'Nothing to compare: no tallies or incidents in this view.'));
    return;
  }
  replace(el, compareTable(compare, figuresById, openIds),
    h('p', { class: 'explain' }, 'Each row is one source, never mixed with another; “derived” rows come from a cumulative series (the difference between its tallies), computed by the server. The count row adds up incident reports over the same spans.'));
}
