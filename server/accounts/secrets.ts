// Random secrets for invitation links, personal API tokens and session ids: 256 bits from the system's
// generator, stored only as their SHA-256 (a random 256-bit value needs no slow hash).
import crypto from 'node:crypto';

/** Personal API tokens start with this, so that a leaked one is recognisable (and secret scanners can
 *  be told about it); the rest is 43 base64url characters. */
export const TOKEN_PREFIX = 'tally_';

export function newSecret(prefix = ''): { secret: string; hash: string } {
  const secret = prefix + crypto.randomBytes(32).toString('base64url');
  return { secret, hash: secretHash(secret) };
}

export const secretHash = (secret: string): string => crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
