// The flags: sources that disagree, and tallies that went down.
import type { SeriesResult } from '../server/domain/figures';
import type { DisagreementPage } from './api';
import { byId, message, replace } from './dom';
import { openIds } from './open-reports';
import { decreaseList, disagreementList } from './tables';

export function renderFlags(overview: SeriesResult, disagreements: DisagreementPage): void {
  replace(byId('disagreements'), disagreements.items.length
    ? disagreementList(disagreements.items, disagreements.total, openIds)
    : message('empty', 'No two sources disagree (tallies of the same period, at most 7 days apart, more than 10% different).'));
  replace(byId('decreases'), overview.decreases.length
    ? decreaseList(overview.decreases, overview.claims, openIds)
    : message('empty', 'No source’s tally went down.'));
}
