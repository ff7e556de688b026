// What can be done to accounts, each step written to the audit log: invitations (and the first
// admin's), accepting one, roles, disabling, signing out everywhere, password changes, personal tokens.
// The routes (server/http/routes/accounts.ts, own-account.ts, invitations.ts) and the shell
// (scripts/account.ts) both act through these, so the rules and the audit are the same from either.
import type { InvitationAccept, Role } from '../domain/accounts';
import type { AccountRow, Store } from '../db/store';
import { ApiError, validationFailed } from '../http/errors';
import { hashPassword, passwordWeakness, verifyPassword } from './password';
import { TOKEN_PREFIX, newSecret, secretHash } from './secrets';

/** Who acts (an account, or a name alone: 'bootstrap token', 'shell', 'server') and from where. */
export interface Acting {
  store: Store;
  by: { id: number | null; name: string };
  address: string | null;
}

const subject = (a: AccountRow) => ({ id: a.id, name: a.name });

/** Where a link's secret goes: in the fragment, which browsers never send, so no server or proxy
 *  log ever holds it. */
export const invitationPath = (secret: string) => `/#invite=${secret}`;

export interface IssuedInvitation { secret: string; path: string; expires_at: string }

function issue(ctx: Acting, account: AccountRow | null, role: Role): IssuedInvitation {
  const { secret, hash } = newSecret();
  const inv = ctx.store.createInvitation(hash, account?.id ?? null, role, ctx.by.name);
  ctx.store.audit({
    event: 'invitation_created', actor: ctx.by, subject: account ? subject(account) : null, address: ctx.address,
    details: { role, expires_at: inv.expires_at, ...(account ? {} : { first_admin: true }) },
  });
  return { secret, path: invitationPath(secret), expires_at: inv.expires_at };
}

/** A new link for an account (to set its first password, or a new one), voiding its earlier ones. */
export function inviteAccount(ctx: Acting, account: AccountRow): IssuedInvitation {
  if (account.disabled) throw new ApiError('forbidden', `${account.name} is disabled: enable the account first.`);
  return ctx.store.transaction(() => issue(ctx, account, account.role));
}

/** The first admin's link, printed at the first start of a database without accounts; each start
 *  that prints one voids the one before. */
export function firstAdminInvitation(store: Store): IssuedInvitation {
  return store.transaction(() => issue({ store, by: { id: null, name: 'server' }, address: null }, null, 'admin'));
}

/** A new account (no password yet) and its invitation. */
export function addAccount(ctx: Acting, name: string, role: Role): { account: AccountRow; invitation: IssuedInvitation } {
  return ctx.store.transaction(() => {
    const account = ctx.store.createAccount(name, role);
    if (!account) throw validationFailed({ name: ['is taken by another account'] }, 'account');
    ctx.store.audit({ event: 'account_created', actor: ctx.by, subject: subject(account), address: ctx.address, details: { role } });
    return { account, invitation: issue(ctx, account, role) };
  });
}

const LINK_NOT_VALID = 'This invitation link is not valid: it was used already, replaced by a newer one, or is more than 7 days old. Ask an admin for a new one.';

/** What an invitation link is for (the page shows it before asking for a password); undefined when
 *  the link cannot be used. */
export function lookupInvitation(store: Store, secret: string): { name: string | null; role: Role; first_admin: boolean; expires_at: string } | undefined {
  const inv = store.openInvitation(secretHash(secret));
  if (!inv) return undefined;
  const account = inv.account_id === null ? undefined : store.accountById(inv.account_id);
  return { name: account?.name ?? null, role: account?.role ?? inv.role, first_admin: inv.account_id === null, expires_at: inv.expires_at };
}

function refuseWeak(password: string, name: string): void {
  const weak = passwordWeakness(password, [name]);
  if (weak) throw validationFailed({ password: [weak] }, 'password');
}

/** Sets the password of the invited account (the first admin's link creates the account, with the name
 *  given), uses up the link, and ends every session the account had. Throws 401 for a link that cannot
 *  be used (the caller counts it as a failed attempt). */
/** Accepts an invitation; `signIn`, called inside the same transaction with the account, makes its
 *  session: the link is used up only if the person is signed in too. */
export async function acceptInvitation<T>(store: Store, input: InvitationAccept, address: string | null, signIn: (account: AccountRow) => T): Promise<{ account: AccountRow; session: T }> {
  const hash = secretHash(input.secret);
  const inv = store.openInvitation(hash);
  if (!inv) throw new ApiError('unauthorized', LINK_NOT_VALID);
  const existing = inv.account_id === null ? undefined : store.accountById(inv.account_id);
  const name = existing?.name ?? input.name;
  if (!name) throw validationFailed({ name: ['required'] }, 'account');
  if (existing?.disabled) throw new ApiError('forbidden', `${existing.name} is disabled: ask an admin to enable it first.`);
  refuseWeak(input.password, name);
  const passwordHash = await hashPassword(input.password);
  return store.transaction(() => {
    // Checked again inside the transaction: the link may have been used while the hash was computed.
    if (!store.openInvitation(hash) || !store.useInvitation(inv.id)) throw new ApiError('unauthorized', LINK_NOT_VALID);
    let account = existing;
    if (!account) {
      if (store.hasAnyAccount()) throw new ApiError('forbidden', 'An account exists already, so this first-admin link no longer works: ask that admin for an invitation.');
      account = store.createAccount(name, inv.role, passwordHash);
      if (!account) throw validationFailed({ name: ['is taken by another account'] }, 'account');
      store.audit({ event: 'account_created', actor: subject(account), subject: subject(account), address, details: { role: inv.role, first_admin: true } });
    } else {
      store.setPassword(account.id, passwordHash);
      store.endSessions(account.id, 'password_changed');
    }
    store.audit({ event: 'invitation_accepted', actor: subject(account), subject: subject(account), address, details: {} });
    const accepted = store.accountById(account.id)!;
    return { account: accepted, session: signIn(accepted) };
  });
}

/** An account that may be changed by an admin: 404 for an unknown id. */
export function accountToChange(store: Store, id: number): AccountRow {
  const account = store.accountById(id);
  if (!account) throw new ApiError('not_found', `No account ${id}.`);
  return account;
}

/** The last enabled admin stays one: otherwise nobody but the bootstrap token could manage accounts. */
function keepAnAdmin(store: Store, account: AccountRow): void {
  if (account.role === 'admin' && !account.disabled && store.enabledAdminCount() <= 1) {
    throw new ApiError('forbidden', `${account.name} is the last enabled admin: make another account an admin first.`);
  }
}

export function changeRole(ctx: Acting, account: AccountRow, role: Role): void {
  if (account.role === role) return;
  ctx.store.transaction(() => {
    if (role !== 'admin') keepAnAdmin(ctx.store, account);
    ctx.store.setRole(account.id, role);
    ctx.store.audit({ event: 'role_changed', actor: ctx.by, subject: subject(account), address: ctx.address, details: { from: account.role, to: role } });
  });
}

/** Disabling ends the account's sessions, and its tokens stop working; its history stays. */
export function setDisabled(ctx: Acting, account: AccountRow, disabled: boolean): void {
  if (Boolean(account.disabled) === disabled) return;
  ctx.store.transaction(() => {
    if (disabled) keepAnAdmin(ctx.store, account);
    ctx.store.setDisabled(account.id, disabled);
    const ended = disabled ? ctx.store.endSessions(account.id, 'disabled') : 0;
    ctx.store.audit({ event: disabled ? 'account_disabled' : 'account_enabled', actor: ctx.by, subject: subject(account), address: ctx.address, details: disabled ? { sessions_ended: ended } : {} });
  });
}

export function signOutEverywhere(ctx: Acting, account: AccountRow): number {
  return ctx.store.transaction(() => {
    const ended = ctx.store.endSessions(account.id, 'signed_out_everywhere');
    ctx.store.audit({ event: 'sessions_ended', actor: ctx.by, subject: subject(account), address: ctx.address, details: { sessions_ended: ended } });
    return ended;
  });
}

/** A password change by the account itself: the current password first (a wrong one is 401, which the
 *  caller counts as a failed attempt); every other session of the account ends. */
export async function changePassword(ctx: Acting, account: AccountRow, current: string, next: string, keepSession?: string): Promise<number> {
  if (!account.password_hash || !(await verifyPassword(current, account.password_hash))) {
    throw new ApiError('unauthorized', 'The current password is not right.', { current_password: ['is not the current password'] });
  }
  refuseWeak(next, account.name);
  const hash = await hashPassword(next);
  return ctx.store.transaction(() => {
    ctx.store.setPassword(account.id, hash);
    const ended = ctx.store.endSessions(account.id, 'password_changed', keepSession);
    ctx.store.audit({ event: 'password_changed', actor: ctx.by, subject: subject(account), address: ctx.address, details: { sessions_ended: ended } });
    return ended;
  });
}

/** A personal token: the secret is answered once and stored only as its SHA-256. */
export function createToken(ctx: Acting, account: AccountRow, name: string) {
  const { secret, hash } = newSecret(TOKEN_PREFIX);
  return ctx.store.transaction(() => {
    const token = ctx.store.createApiToken(account.id, name, hash);
    ctx.store.audit({ event: 'token_created', actor: ctx.by, subject: subject(account), address: ctx.address, details: { token_id: token.id, token_name: name } });
    return { ...token, token: secret };
  });
}

/** Revokes a token of `owner` (an editor's own), or any token when `owner` is undefined (an admin). */
export function revokeToken(ctx: Acting, tokenId: number, owner?: number): void {
  const token = ctx.store.apiToken(tokenId);
  if (!token || (owner !== undefined && token.account_id !== owner)) throw new ApiError('not_found', `No token ${tokenId} of yours.`);
  ctx.store.transaction(() => {
    if (!ctx.store.revokeApiToken(tokenId, ctx.by.name)) return;
    const account = ctx.store.accountById(token.account_id)!;
    ctx.store.audit({ event: 'token_revoked', actor: ctx.by, subject: subject(account), address: ctx.address, details: { token_id: token.id, token_name: token.name } });
  });
}
