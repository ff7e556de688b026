// The live reports changed last (created, corrected, restored or renamed), newest first: the Atom feed.
import type { Report } from '../../domain/report';
import { SELECT_PLAIN } from './rows';
import { whereOf, type ReportFilter } from './search-filter';
import type { StoreContext } from './statements';

export function recentReads({ prepared }: StoreContext) {
  return {
    /** Up to `limit` live reports matching the list's filter, by the time of their last change (ties:
     *  the higher id first). */
    recentlyChanged(filter: Omit<ReportFilter, 'deleted'>, limit: number): Report[] {
      const where = whereOf(filter);
      return prepared(`${SELECT_PLAIN} WHERE ${where.sql} ORDER BY updated_at DESC, id DESC LIMIT ?`).all(...where.params, limit) as Report[];
    },
  };
}
