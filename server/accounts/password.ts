// Passwords: scrypt from node:crypto, with its parameters stored beside the hash
// (`scrypt$N$r$p$salt$hash`) so that they can be raised later without locking anyone out, and the
// rules for a new one: at least 12 characters (the shared schema) and not a common or easily guessed
// password, judged by zxcvbn-ts with its common-password dictionary (decision 0010).
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, keylen: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

/** Today's parameters: 2^15 × 8 × 128 bytes = 32 MiB, and about 0.2 s per hash on this 2-core machine under load. */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32, saltBytes: 16 } as const;

const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

const maxmem = (N: number, r: number, p: number) => 128 * N * r * (p + 2) + 1024 * 1024;

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT): Promise<string> {
  const salt = crypto.randomBytes(SCRYPT.saltBytes);
  const hash = await scrypt(password.normalize('NFC'), salt, SCRYPT.keylen, { ...params, maxmem: maxmem(params.N, params.r, params.p) });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Checks a password against a stored hash with the parameters recorded in it, in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const expected = Buffer.from(m[5]!, 'base64url');
  const got = await scrypt(password.normalize('NFC'), Buffer.from(m[4]!, 'base64url'), expected.length, { N, r, p, maxmem: maxmem(N, r, p) });
  return crypto.timingSafeEqual(got, expected);
}

/** A hash to check against when the account does not exist, so that an unknown name takes as long to
 *  refuse as a wrong password (the time must not tell which names exist). */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return decoy;
}

let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  if (!estimator) {
    // Loaded on first use: the dictionary is some 50,000 passwords from public breaches.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const common = require('@zxcvbn-ts/language-common') as { dictionary: Record<string, string[]>; adjacencyGraphs: Record<string, unknown> };
    estimator = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs as never });
  }
  return estimator;
}

/** zxcvbn's scores run 0–4; below 3 a password falls to about 10^8 guesses or fewer. */
export const MIN_SCORE = 3;

export const COMMON_PASSWORD = 'is too common or too easy to guess (a common password, a keyboard pattern, a repeat, or your name): choose another, for example a few unrelated words';

/** Why a new password (already of the schema's length) is refused, or undefined when it is fine.
 *  `related`: words the person's own password must not be built on (their account name). */
export function passwordWeakness(password: string, related: string[] = []): string | undefined {
  const result = strength().check(password, related.filter((w) => w.length > 0));
  return result.score < MIN_SCORE ? COMMON_PASSWORD : undefined;
}
