// Whether anything is counted in a view, decided once for the dashboard and the embed: the comparison
// says how many counted events the series has in all, whatever window is drawn.
import type { CompareResult } from '../server/domain/figure-types';

/** Nothing counted: no incident of the party and metric (of the counted sources) at all. The tallies
 *  then stand alone, and no count is drawn at nought. */
export function nothingCounted(compare: CompareResult): boolean {
  return compare.count.events === 0;
}
