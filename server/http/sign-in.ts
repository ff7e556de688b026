// Signing in with a name and a password. Failed attempts are limited per client address (the same
// limit as wrong tokens, server/http/auth.ts) and per account name: after ACCOUNT_FAIL_LIMIT wrong
// passwords within the window, the account is refused (429) from every address except those it signed
// in from in the last 30 days, so that a stranger cannot lock its owner out; any other account still
// signs in. Every attempt goes to the audit log, which is also where the counts are read from.
import type { Request } from 'express';
import type { AccountRow, Store } from '../db/store';
import { decoyHash, verifyPassword } from '../accounts/password';
import { newSecret } from '../accounts/secrets';
import { clientAddress, type Auth } from './auth';
import { ApiError } from './errors';

export interface SignInLimits {
  /** Wrong passwords for one account within the window before it is refused from unknown addresses. */
  accountFailLimit: number;
  accountFailWindowMs: number;
  /** An address the account signed in from within this long is still let in. */
  knownAddressMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  accountFailLimit: 10, accountFailWindowMs: 15 * 60 * 1000, knownAddressMs: 30 * 24 * 60 * 60 * 1000,
};

const NO_MATCH = 'That name and password do not match an account here.';

export function createSignIn(store: Store, auth: Auth, limits: SignInLimits) {
  /** Checks the name and password: a new session (its id, for the cookie) and the account, or the
   *  refusal, which the caller passes to `auth.fail` (counted towards the address's limit). */
  return async function signIn(req: Request, name: string, password: string): Promise<SignInResult> {
    const address = clientAddress(req);
    if (await auth.blocked(req)) return { refused: auth.limited() };
    const account = store.accountByName(name);
    const who = { id: account?.id ?? null, name: account?.name ?? name };
    const failed = (reason: string, err: ApiError): SignInResult => {
      store.audit({ event: 'sign_in_failed', subject: who, address, details: { reason } });
      return { refused: err };
    };
    if (store.recentSignInFailures(who.name, limits.accountFailWindowMs) >= limits.accountFailLimit
      && !(account && store.signedInFrom(account.id, address, limits.knownAddressMs))) {
      return failed('locked', new ApiError('rate_limited', `Too many wrong passwords for ${who.name}: wait ${Math.round(limits.accountFailWindowMs / 60000)} minutes, or sign in from a place you have signed in from before.`));
    }
    // An unknown name costs the same scrypt as a wrong password: the time tells nothing.
    const right = await verifyPassword(password, account?.password_hash ?? await decoyHash());
    if (!account || !right) {
      // An invited account without a password yet is checked against the decoy too, and said so in the log.
      const reason = !account ? 'unknown_account' : account.password_hash ? 'wrong_password' : 'no_password';
      return failed(reason, new ApiError('unauthorized', NO_MATCH));
    }
    if (account.disabled) return failed('disabled', new ApiError('unauthorized', `${account.name} is disabled: ask an admin of this site if you need it back.`));
    return { ...newSessionFor(store, account, address), account };
  };
}

/** A new session for the account (signed in by password, or by setting one through an invitation). */
export function newSessionFor(store: Store, account: AccountRow, address: string): { id: string; expires: Date } {
  const { secret: id, hash } = newSecret();
  const who = { id: account.id, name: account.name };
  return store.transaction(() => {
    const { expires } = store.createSession(hash, account.id);
    store.audit({ event: 'sign_in', actor: who, subject: who, address, details: {} });
    return { id, expires };
  });
}

export type SignInResult = { id: string; expires: Date; account: AccountRow; refused?: undefined } | { refused: ApiError };

export type SignIn = ReturnType<typeof createSignIn>;
