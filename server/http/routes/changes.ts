// The change feed: every revision after a cursor, in commit order, for mirrors (DESIGN.md "Open
// interfaces"). Signed-in readers also get who made each change, and the deleted reports' changes whole.
import { ChangesQuery } from '../../domain/queries';
import { CursorAheadError } from '../../db/store';
import type { GuardedRouter } from '../access';
import { actorOf } from '../auth';
import { ApiError } from '../errors';
import { parseQuery } from '../request';
import type { RouteContext } from './context';

export function changeRoutes(r: GuardedRouter, { store }: RouteContext): void {
  r.get('/changes', (req, res) => {
    const { after, limit } = parseQuery(ChangesQuery, req);
    try {
      res.json(store.changesAfter(after, limit, { signedIn: actorOf(res) !== undefined }));
    } catch (e) {
      if (!(e instanceof CursorAheadError)) throw e;
      throw new ApiError('not_found', `No change ${e.cursor} here: the newest is ${e.latest}. This server's data is older than the copy that cursor came from (restored from a backup, or another server): start the copy anew from after=0.`);
    }
  });
}
