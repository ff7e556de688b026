// Personal API tokens: named, stored only as the SHA-256 of the secret, with their last use; revoked
// ones stay (with who revoked them and when), so that a later use of one can be told apart from a guess.
import type { ApiToken, Role } from '../../domain/accounts';
import { writeIfFree, type StoreContext } from './statements';

/** Use is written down at most this often. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface TokenMatch {
  id: number;
  name: string;
  account: { id: number; name: string; role: Role; disabled: boolean };
  revoked_at: string | null;
}

interface TokenRow extends ApiToken { account_id: number }

const COLUMNS = 'id, name, created_at, last_used_at, revoked_at';

export function apiTokenStore({ db, clock, now }: StoreContext) {
  const stmt = {
    insert: db.prepare(`INSERT INTO api_tokens (account_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?) RETURNING ${COLUMNS}`),
    byHash: db.prepare(`SELECT t.id, t.name, t.revoked_at, t.last_used_at, a.id AS account_id, a.name AS account_name, a.role, a.disabled
      FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.secret_hash = ?`),
    byId: db.prepare(`SELECT ${COLUMNS}, account_id FROM api_tokens WHERE id = ?`),
    ofAccount: db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE account_id = ? ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`),
    touch: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    revoke: db.prepare('UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL'),
  };
  return {
    createApiToken(accountId: number, name: string, secretHash: string): ApiToken {
      return stmt.insert.get(accountId, name, secretHash, now()) as ApiToken;
    },

    /** The token with this hash and its account (revoked or not); its use is noted when it is live. */
    apiTokenByHash(secretHash: string): TokenMatch | undefined {
      const r = stmt.byHash.get(secretHash) as {
        id: number; name: string; revoked_at: string | null; last_used_at: string | null;
        account_id: number; account_name: string; role: Role; disabled: 0 | 1;
      } | undefined;
      if (!r) return undefined;
      const at = clock();
      if (!r.revoked_at && !r.disabled && (r.last_used_at === null || at.getTime() - Date.parse(r.last_used_at) >= TOUCH_EVERY_MS)) {
        writeIfFree(db, () => stmt.touch.run(at.toISOString(), r.id));
      }
      return { id: r.id, name: r.name, revoked_at: r.revoked_at, account: { id: r.account_id, name: r.account_name, role: r.role, disabled: r.disabled === 1 } };
    },

    apiToken: (id: number) => stmt.byId.get(id) as TokenRow | undefined,

    /** An account's tokens, live ones first, newest first. */
    apiTokensOf: (accountId: number) => stmt.ofAccount.all(accountId) as ApiToken[],

    /** Revokes a live token; false when it was revoked already. */
    revokeApiToken(id: number, by: string): boolean {
      return stmt.revoke.run(now(), by, id).changes === 1;
    },
  };
}
