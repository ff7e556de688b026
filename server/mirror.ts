// Keeps a database in step with another conflict-tally server: reads its change feed (GET
// /api/changes) page by page and applies each page through the store in one transaction with its
// cursor (server/db/store/mirror.ts), so ids, revisions and times stay the remote's, the summaries
// follow through the same triggers as any write, and a run stopped anywhere resumes where it stopped.
import { ChangesPage } from './domain/api/changes';
import type { Store } from './db/store';

export interface MirrorOptions {
  /** Changes per request (1–1000). */
  limit?: number;
  /** A token of the remote server, sent as `Authorization: Bearer` (never in the address): signed-in
   *  readers get who made each change, and the changes of deleted reports whole. */
  token?: string;
  onPage?: (p: { applied: number; total: number; cursor: string }) => void;
}

export class MirrorError extends Error {}

/** The remote's base address, normalised: `http://host:3000/` → `http://host:3000`. */
export function remoteBase(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MirrorError(`${url} is not an address (write it like http://127.0.0.1:3000)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new MirrorError(`${url} is not an http(s) address`);
  if (u.username || u.password || u.search) throw new MirrorError('the address carries no credentials or query: give a token with TALLY_MIRROR_TOKEN');
  return `${u.origin}${u.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}

/** Applies every change the remote has after this database's cursor; returns how many. */
export async function mirrorOnce(store: Store, url: string, o: MirrorOptions = {}): Promise<number> {
  const base = remoteBase(url);
  const limit = o.limit ?? 100;
  let total = 0;
  for (;;) {
    const cursor = String(store.mirrorState()?.cursor ?? 0);
    const res = await fetch(`${base}/api/changes?after=${cursor}&limit=${limit}`, {
      headers: { Accept: 'application/json', ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}) },
    });
    const body = await res.json().catch(() => null) as { message?: string } | null;
    if (!res.ok) throw new MirrorError(`${base} answered ${res.status}: ${body?.message ?? 'no message'}`);
    const page = ChangesPage.safeParse(body);
    if (!page.success) throw new MirrorError(`${base} answered something that is not a page of changes: ${page.error.issues[0]?.message ?? ''}`);
    // A page that says there is more must move the cursor on, or this would ask for it for ever.
    if (page.data.more && Number(page.data.next) <= Number(cursor)) throw new MirrorError(`${base} answered more changes after ${cursor} without moving past it (next: ${page.data.next})`);
    store.applyChanges(base, page.data.items, page.data.next);
    total += page.data.items.length;
    o.onPage?.({ applied: page.data.items.length, total, cursor: page.data.next });
    if (!page.data.more) return total;
  }
}
