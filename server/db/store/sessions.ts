// Signed-in sessions of the dashboard: only the SHA-256 of a session id is stored.
import type { StoreContext } from './statements';

export function sessionStore({ db }: StoreContext) {
  const stmt = {
    insert: db.prepare('INSERT INTO sessions (id_hash, name, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    get: db.prepare('SELECT name, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?'),
    remove: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    removeExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
  };
  return {
    createSession(idHash: string, name: string, ttlMs: number): void {
      const at = new Date();
      stmt.removeExpired.run(at.toISOString());
      stmt.insert.run(idHash, name, at.toISOString(), new Date(at.getTime() + ttlMs).toISOString());
    },

    sessionName(idHash: string): string | undefined {
      const row = stmt.get.get(idHash, new Date().toISOString()) as { name: string } | undefined;
      return row?.name;
    },

    deleteSession(idHash: string): void {
      stmt.remove.run(idHash);
    },
  };
}
