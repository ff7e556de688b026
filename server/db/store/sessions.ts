// Signed-in sessions of the dashboard, each an account's: only the SHA-256 of a session id is stored.
// A session ends after SESSION_IDLE_MS without use or SESSION_MAX_MS after sign-in, whichever is first;
// one ended early (password change, "sign out everywhere", disabling) is kept until it would have
// expired, so that the page can be told why.
import type { Role } from '../../domain/accounts';
import { writeIfFree, type StoreContext } from './statements';

export const SESSION_MAX_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 24 * 60 * 60 * 1000;
/** Use is written down at most this often: a read needs no write. */
const TOUCH_EVERY_MS = 60 * 1000;

export type SessionEnd = 'password_changed' | 'signed_out_everywhere' | 'disabled';

export type SessionState =
  | { state: 'live'; account: { id: number; name: string; role: Role } }
  | { state: 'ended'; reason: SessionEnd | 'expired' | 'idle' };

interface SessionRow {
  account_id: number; name: string; role: Role; disabled: 0 | 1;
  last_seen_at: string; expires_at: string; ended_reason: SessionEnd | null;
}

export function sessionStore({ db, clock }: StoreContext) {
  const stmt = {
    insert: db.prepare('INSERT INTO sessions (id_hash, account_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
    get: db.prepare(`SELECT s.account_id, a.name, a.role, a.disabled, s.last_seen_at, s.expires_at, s.ended_reason
      FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id_hash = ?`),
    touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
    remove: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    removeExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    endAll: db.prepare(`UPDATE sessions SET ended_at = @at, ended_reason = @reason
      WHERE account_id = @account AND ended_at IS NULL AND id_hash IS NOT @keep AND expires_at > @at AND last_seen_at > @idle_since`),
  };
  return {
    createSession(idHash: string, accountId: number): { expires: Date } {
      const at = clock();
      stmt.removeExpired.run(at.toISOString());
      const expires = new Date(at.getTime() + SESSION_MAX_MS);
      stmt.insert.run(idHash, accountId, at.toISOString(), at.toISOString(), expires.toISOString());
      return { expires };
    },

    /** The session's account if it is live (and then its use is noted); else why it is not. Undefined
     *  when no such session was ever given out (or it expired long enough ago to be gone). */
    session(idHash: string): SessionState | undefined {
      const row = stmt.get.get(idHash) as SessionRow | undefined;
      if (!row) return undefined;
      const at = clock();
      if (row.ended_reason) return { state: 'ended', reason: row.ended_reason };
      if (row.disabled) return { state: 'ended', reason: 'disabled' };
      if (Date.parse(row.expires_at) <= at.getTime()) return { state: 'ended', reason: 'expired' };
      const seen = Date.parse(row.last_seen_at);
      if (seen + SESSION_IDLE_MS <= at.getTime()) return { state: 'ended', reason: 'idle' };
      if (at.getTime() - seen >= TOUCH_EVERY_MS) writeIfFree(db, () => stmt.touch.run(at.toISOString(), idHash));
      return { state: 'live', account: { id: row.account_id, name: row.name, role: row.role } };
    },

    deleteSession(idHash: string): void {
      stmt.remove.run(idHash);
    },

    /** Ends every live session of the account but `keep` (the one that asked, on a password change);
     *  answers how many ended. */
    endSessions(accountId: number, reason: SessionEnd, keep?: string): number {
      const now = clock();
      return stmt.endAll.run({
        at: now.toISOString(), reason, account: accountId, keep: keep ?? null,
        idle_since: new Date(now.getTime() - SESSION_IDLE_MS).toISOString(),
      }).changes;
    },
  };
}
