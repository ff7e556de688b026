// The write token: from TALLY_TOKEN, or generated once and kept beside the database (mode 0600).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function tokenFileFor(dbFile: string): string {
  const dir = path.dirname(path.resolve(dbFile));
  return path.join(dir, `${path.basename(dbFile, path.extname(dbFile))}.token`);
}

/** The token and whether it was created just now (then, and only then, the caller prints it). */
export function resolveToken(envToken: string | undefined, dbFile: string): { token: string; created: boolean; file?: string } {
  if (envToken) return { token: envToken, created: false };
  const file = tokenFileFor(dbFile);
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, created: false, file };
    throw new Error(`the token file ${file} holds no usable token (under 16 characters): delete it to have a new one made, or set TALLY_TOKEN`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const token = crypto.randomBytes(32).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // 'wx': never overwrite a token another process wrote in the meantime.
  fs.writeFileSync(file, token + '\n', { mode: 0o600, flag: 'wx' });
  return { token, created: true, file };
}
