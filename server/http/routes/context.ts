// What every group of routes is given: the store, who is asking and may do what, sign-in, the group
// commit and the answer cache.
import type { Store } from '../../db/store';
import type { WriteBatcher } from '../../db/write-batch';
import type { Auth } from '../auth';
import type { AnswerCache } from '../caching';
import type { SignIn } from '../sign-in';
import type { StorageWatch } from '../storage-watch';
import type { ImportRunner } from '../import-runner';

export interface RouterOptions {
  importLimitBytes: number;
  /** Largest .xlsx file an import accepts over HTTP (the reader holds a whole sheet). */
  importXlsxLimitBytes: number;
  bulkRows?: number;
  storage: StorageWatch;
  /** Test hook: a large import waits before its commit until released (createApp's holdImports). */
  holdImports?: { flag: SharedArrayBuffer; onHolding: () => void };
  /** TALLY_READ: `accounts` makes every read need a session or a token. */
  readMode: 'public' | 'accounts';
}

export interface RouteContext {
  store: Store;
  auth: Auth;
  signIn: SignIn;
  writes: WriteBatcher;
  answers: AnswerCache;
  imports: ImportRunner;
  options: RouterOptions;
}
