// The answers of accounts, sessions, invitations, personal tokens and the audit log (DESIGN.md
// "Accounts"). accounts.ts re-exports their types beside the input schemas.
import { z } from 'zod';
import { AUDIT_EVENTS, ROLES } from '../accounts';
import { answer, id, moment, whole } from './registry';

export const Account = answer('Account', z.strictObject({
  id: id(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  /** False until the person has set a password through their invitation. */
  has_password: z.boolean(),
  created_at: moment(),
  last_sign_in: moment().nullable(),
}));
export type Account = z.infer<typeof Account>;

export const AccountList = answer('AccountList', z.strictObject({ items: z.array(Account) }));

/** A one-time link: its path carries the secret in the fragment (shown this once). */
export const Invitation = answer('Invitation', z.strictObject({ secret: z.string(), path: z.string(), expires_at: moment() }),
  'A one-time link, shown this once: `secret`, also in the fragment of `path`.');
export type Invitation = z.infer<typeof Invitation>;

export const NewAccount = answer('NewAccount', z.strictObject({ account: Account, invitation: Invitation }));
export const NewInvitation = answer('NewInvitation', z.strictObject({ invitation: Invitation }));
export const SessionsEnded = answer('SessionsEnded', z.strictObject({ sessions_ended: whole() }));
export const PasswordChanged = answer('PasswordChanged', z.strictObject({ changed: z.literal(true), sessions_ended: whole() }));

export const InvitationInfo = answer('InvitationInfo', z.strictObject({
  name: z.string().nullable(),
  role: z.enum(ROLES),
  first_admin: z.boolean(),
  expires_at: moment(),
}), 'What a link is for: the account (null: the first admin names it) and its role.');
export type InvitationInfo = z.infer<typeof InvitationInfo>;

export const ApiToken = answer('ApiToken', z.strictObject({
  id: id(),
  name: z.string(),
  created_at: moment(),
  last_used_at: moment().nullable(),
  revoked_at: moment().nullable(),
}), 'A personal API token, without its secret.');
export type ApiToken = z.infer<typeof ApiToken>;

export const TokenList = answer('TokenList', z.strictObject({ items: z.array(ApiToken) }));
export const NewToken = answer('NewToken', ApiToken.extend({ token: z.string() }), 'A new token: `token` is its secret, shown this once.');
export type NewToken = z.infer<typeof NewToken>;

/** Who the request is (GET /api/session); `ended` says why a session cookie no longer works. */
export const SessionInfo = answer('SessionInfo', z.union([
  z.strictObject({ signed_in: z.literal(false), ended: z.string().optional(), message: z.string().optional() }),
  z.strictObject({ signed_in: z.literal(true), via: z.enum(['session', 'token', 'bootstrap']), account_id: id().nullable(), name: z.string(), role: z.enum(ROLES) }),
]), 'Who the request is; for a session that ended, why (`ended`, and `message` in words).');
export type SessionInfo = z.infer<typeof SessionInfo>;

const someone = z.strictObject({ id: id().nullable(), name: z.string().nullable() });
export const AuditEntry = answer('AuditEntry', z.strictObject({
  id: id(),
  at: moment(),
  event: z.enum(AUDIT_EVENTS),
  actor: someone,
  subject: someone,
  address: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
}), 'One line of the audit log: who did what to whom, when and from where.');
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = answer('AuditPage', z.strictObject({ items: z.array(AuditEntry), total: whole(), limit: id(), offset: whole() }));
export type AuditPage = z.infer<typeof AuditPage>;
