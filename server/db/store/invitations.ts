// Invitations: one-time links (valid 7 days) where a person sets their password. Only the SHA-256 of
// the link's secret is stored. A new link for an account voids the earlier unused ones, and so does a
// new first-admin link (account_id NULL) for the earlier first-admin links.
import type { Role } from '../../domain/accounts';
import type { StoreContext } from './statements';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface InvitationRow {
  id: number;
  account_id: number | null;
  role: Role;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  voided_at: string | null;
}

export function invitationStore({ db, clock }: StoreContext) {
  const stmt = {
    voidFor: db.prepare('UPDATE invitations SET voided_at = ? WHERE account_id IS ? AND used_at IS NULL AND voided_at IS NULL'),
    insert: db.prepare(`INSERT INTO invitations (secret_hash, account_id, role, created_by, created_at, expires_at)
      VALUES (?, ?, ?, ?, ?, ?) RETURNING id, account_id, role, created_at, expires_at, used_at, voided_at`),
    byHash: db.prepare('SELECT id, account_id, role, created_at, expires_at, used_at, voided_at FROM invitations WHERE secret_hash = ?'),
    use: db.prepare('UPDATE invitations SET used_at = ? WHERE id = ? AND used_at IS NULL AND voided_at IS NULL'),
  };
  return {
    /** A new link for the account (null: the first admin's), voiding the account's earlier unused ones. */
    createInvitation(secretHash: string, accountId: number | null, role: Role, createdBy: string): InvitationRow {
      return db.transaction(() => {
        const at = clock();
        stmt.voidFor.run(at.toISOString(), accountId);
        return stmt.insert.get(secretHash, accountId, role, createdBy, at.toISOString(),
          new Date(at.getTime() + INVITATION_TTL_MS).toISOString()) as InvitationRow;
      })();
    },

    /** The invitation with this hash while it can still be accepted: unused, not voided, not expired. */
    openInvitation(secretHash: string): InvitationRow | undefined {
      const row = stmt.byHash.get(secretHash) as InvitationRow | undefined;
      if (!row || row.used_at || row.voided_at || Date.parse(row.expires_at) <= clock().getTime()) return undefined;
      return row;
    },

    /** Marks it used; false when it was used (or voided) meanwhile. Inside the caller's transaction. */
    useInvitation(id: number): boolean {
      return stmt.use.run(clock().toISOString(), id).changes === 1;
    },
  };
}
