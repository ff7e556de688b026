// The audit log: sign-ins, failed sign-ins, invitations, role changes, disabling, tokens created,
// revoked and used after revocation; who, when, from which address. Rows older than AUDIT_KEEP_DAYS
// are pruned. The sign-in limits read it too: failures per account, addresses an account signed in from.
import type { AuditEntry, AuditEvent } from '../../domain/accounts';
import type { AuditQuery } from '../../domain/queries';
import type { StoreContext } from './statements';

export const AUDIT_KEEP_DAYS = 400;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AuditRecord {
  event: AuditEvent;
  actor?: { id: number | null; name: string } | null;
  subject?: { id: number | null; name: string } | null;
  address?: string | null;
  details?: Record<string, unknown>;
}

interface AuditRow {
  id: number; at: string; event: AuditEvent; actor_id: number | null; actor_name: string | null;
  subject_id: number | null; subject_name: string | null; address: string | null; details: string;
}

export function auditStore({ db, prepared, clock, now }: StoreContext) {
  const stmt = {
    insert: db.prepare(`INSERT INTO audit (at, event, actor_id, actor_name, subject_id, subject_name, address, details)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    prune: db.prepare('DELETE FROM audit WHERE at < ?'),
    // Wrong passwords for an account name (known or not) in the window, counted from its last sign-in.
    failures: db.prepare(`SELECT count(*) FROM audit WHERE subject_name = @name AND event = 'sign_in_failed'
      AND json_extract(details, '$.reason') IN ('wrong_password', 'unknown_account') AND at > @since
      AND at > coalesce((SELECT max(at) FROM audit WHERE subject_name = @name AND event = 'sign_in'), '')`).pluck(),
    knownAddress: db.prepare(`SELECT EXISTS (SELECT 1 FROM audit WHERE subject_id = ? AND event = 'sign_in' AND address = ? AND at > ?)`).pluck(),
  };

  const where = (q: Pick<AuditQuery, 'event' | 'account' | 'from' | 'to'>) => {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.event) { parts.push('event = @event'); params.event = q.event; }
    if (q.account) { parts.push('(actor_name = @account COLLATE NOCASE OR subject_name = @account COLLATE NOCASE)'); params.account = q.account; }
    if (q.from) { parts.push('at >= @from'); params.from = q.from; }
    // `to` is a day: everything up to its end.
    if (q.to) { parts.push('at < @to_end'); params.to_end = new Date(Date.parse(q.to) + DAY_MS).toISOString().slice(0, 10); }
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  };

  return {
    audit(r: AuditRecord): void {
      stmt.insert.run(now(), r.event, r.actor?.id ?? null, r.actor?.name ?? null, r.subject?.id ?? null,
        r.subject?.name ?? null, r.address ?? null, JSON.stringify(r.details ?? {}));
    },

    /** A page of the log, newest first, and how many entries match. */
    auditPage(q: AuditQuery): { items: AuditEntry[]; total: number } {
      const w = where(q);
      const total = prepared(`SELECT count(*) AS n FROM audit ${w.sql}`).get(w.params) as { n: number };
      const rows = prepared(`SELECT * FROM audit ${w.sql} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`)
        .all({ ...w.params, limit: q.limit, offset: q.offset }) as AuditRow[];
      return {
        total: total.n,
        items: rows.map((r) => ({
          id: r.id, at: r.at, event: r.event, actor: { id: r.actor_id, name: r.actor_name },
          subject: { id: r.subject_id, name: r.subject_name }, address: r.address, details: JSON.parse(r.details) as Record<string, unknown>,
        })),
      };
    },

    /** Deletes entries older than AUDIT_KEEP_DAYS; answers how many went. */
    pruneAudit(): number {
      return stmt.prune.run(new Date(clock().getTime() - AUDIT_KEEP_DAYS * DAY_MS).toISOString()).changes;
    },

    /** Wrong passwords given for the account name (whatever its case, and whether or not such an account
     *  exists, so that the answer tells no one which names do) within the last `windowMs` and since it
     *  last signed in. */
    recentSignInFailures(name: string, windowMs: number): number {
      return stmt.failures.get({ name, since: new Date(clock().getTime() - windowMs).toISOString() }) as number;
    },

    /** Whether the account signed in from this address within the last `withinMs`. */
    signedInFrom(accountId: number, address: string, withinMs: number): boolean {
      return stmt.knownAddress.get(accountId, address, new Date(clock().getTime() - withinMs).toISOString()) === 1;
    },
  };
}
