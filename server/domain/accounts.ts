// Accounts, roles, sign-in, invitations, personal tokens and the audit log (DESIGN.md "Accounts"):
// the shapes the API validates and the page validates with before sending.
// Imports nothing from Node, the database or express: the browser bundle uses it too.
import { z } from 'zod';
import { plainText } from './report';

// The answers' shapes are zod schemas in api/accounts.ts; their types come from there (type-only).
export type { Account, ApiToken, AuditEntry, SessionInfo } from './api/accounts';

export const ROLES = ['editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` may do what `needed` may: an admin may do everything an editor may. */
export const roleAtLeast = (role: Role, needed: Role): boolean => role === 'admin' || needed === 'editor';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

const text = (what: 'required' | 'must be text') => ({ error: (iss: { input?: unknown }) => (iss.input === undefined ? 'required' : what) });

/** An account's name: what revisions, the audit log and the page show. Like a report's text, it refuses
 *  control characters and the marks that can make one name display as another. */
export const AccountName = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  plainText(z.string(text('must be text')).min(1, 'required').max(100, 'at most 100 characters')),
);

/** A new password: at least 12 characters (counted as the person sees them), at most 200. The server
 *  also refuses one that is common or easy to guess (server/accounts/password.ts). */
export const NewPassword = z.string(text('must be text'))
  .refine((s) => [...s].length >= PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`)
  .refine((s) => [...s].length <= PASSWORD_MAX, `at most ${PASSWORD_MAX} characters`);

/** A password given to be checked: any text (an old, shorter one still signs in). */
const GivenPassword = z.string(text('must be text')).min(1, 'required').max(PASSWORD_MAX * 4, 'is not a password');

/** A random secret from a link or a token (base64url). */
const Secret = z.string(text('must be text')).trim().min(1, 'required').max(200, 'is not a valid link');

export const SignInInput = z.strictObject({ name: AccountName, password: GivenPassword });
export type SignInInput = z.output<typeof SignInInput>;

export const NewAccountInput = z.strictObject({
  name: AccountName,
  role: z.enum(ROLES, { error: (iss) => (iss.input === undefined ? 'required' : 'must be editor or admin') }),
});
export type NewAccountInput = z.output<typeof NewAccountInput>;

/** An admin's change to an account: its role, or disabling (true) or enabling it again (false). */
export const AccountChange = z.strictObject({
  role: z.enum(ROLES, { error: 'must be editor or admin' }).optional(),
  disabled: z.boolean({ error: 'must be true or false' }).optional(),
}).refine((c) => c.role !== undefined || c.disabled !== undefined, { path: ['body'], message: 'give role, disabled or both' });
export type AccountChange = z.output<typeof AccountChange>;

export const PasswordChange = z.strictObject({ current_password: GivenPassword, password: NewPassword });
export type PasswordChange = z.output<typeof PasswordChange>;

export const InvitationLookup = z.strictObject({ secret: Secret });

/** Accepting an invitation: the first admin's link also asks for the account's name. */
export const InvitationAccept = z.strictObject({ secret: Secret, name: AccountName.optional(), password: NewPassword });
export type InvitationAccept = z.output<typeof InvitationAccept>;

export const NewTokenInput = z.strictObject({ name: AccountName });

export const AUDIT_EVENTS = [
  'sign_in', 'sign_in_failed', 'sign_out', 'sessions_ended', 'invitation_created', 'invitation_accepted',
  'account_created', 'role_changed', 'account_disabled', 'account_enabled', 'password_changed',
  'token_created', 'token_revoked', 'revoked_token_used',
] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** What kind of writer made a revision: an account, the bootstrap token, the server's own process (the
 *  seed), or the shared token that every writer used before accounts existed. */
export const REVISION_ACTORS = ['account', 'bootstrap', 'system', 'shared_token'] as const;
export type RevisionActor = (typeof REVISION_ACTORS)[number];
