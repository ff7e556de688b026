// Accounts: a name, a role, a password hash (NULL until set through an invitation) and whether it is
// disabled. Disabled accounts stay, so that the revisions and the audit log that name them still do.
import type { Account, Role } from '../../domain/accounts';
import type { StoreContext } from './statements';

export interface AccountRow {
  id: number;
  name: string;
  role: Role;
  password_hash: string | null;
  disabled: 0 | 1;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, name, role, password_hash, disabled, created_at, updated_at';

export function accountStore({ db, now }: StoreContext) {
  const stmt = {
    insert: db.prepare(`INSERT INTO accounts (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
      RETURNING ${COLUMNS}`),
    byId: db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`),
    byName: db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE name = ?`),
    list: db.prepare(`SELECT ${COLUMNS}, (SELECT max(at) FROM audit WHERE subject_id = accounts.id AND event = 'sign_in') AS last_sign_in
      FROM accounts ORDER BY disabled, name COLLATE NOCASE`),
    setRole: db.prepare('UPDATE accounts SET role = ?, updated_at = ? WHERE id = ?'),
    setDisabled: db.prepare('UPDATE accounts SET disabled = ?, updated_at = ? WHERE id = ?'),
    setPassword: db.prepare('UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?'),
    enabledAdmins: db.prepare("SELECT count(*) FROM accounts WHERE role = 'admin' AND disabled = 0").pluck(),
    any: db.prepare('SELECT EXISTS (SELECT 1 FROM accounts)').pluck(),
  };

  const toAccount = (r: AccountRow & { last_sign_in?: string | null }): Account => ({
    id: r.id, name: r.name, role: r.role, disabled: r.disabled === 1, has_password: r.password_hash !== null,
    created_at: r.created_at, last_sign_in: r.last_sign_in ?? null,
  });

  return {
    toAccount,

    /** A new account; undefined when the name is taken (in any case). */
    createAccount(name: string, role: Role, passwordHash: string | null = null): AccountRow | undefined {
      if (stmt.byName.get(name)) return undefined;
      const at = now();
      return stmt.insert.get(name, role, passwordHash, at, at) as AccountRow;
    },

    accountById: (id: number) => stmt.byId.get(id) as AccountRow | undefined,
    /** By name, whatever the case. */
    accountByName: (name: string) => stmt.byName.get(name) as AccountRow | undefined,

    listAccounts(): Account[] {
      return (stmt.list.all() as (AccountRow & { last_sign_in: string | null })[]).map(toAccount);
    },

    setRole(id: number, role: Role): void {
      stmt.setRole.run(role, now(), id);
    },

    setDisabled(id: number, disabled: boolean): void {
      stmt.setDisabled.run(disabled ? 1 : 0, now(), id);
    },

    setPassword(id: number, hash: string): void {
      stmt.setPassword.run(hash, now(), id);
    },

    enabledAdminCount: () => stmt.enabledAdmins.get() as number,
    hasAnyAccount: () => stmt.any.get() === 1,
  };
}
