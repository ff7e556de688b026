// The bootstrap admin token: TALLY_TOKEN, or the data/tally.token file that databases from before
// accounts had (decision 0010). None is generated any more: a new database's first admin comes from the
// one-time link printed at start-up (server/index.ts).
import fs from 'node:fs';
import path from 'node:path';

export function tokenFileFor(dbFile: string): string {
  const dir = path.dirname(path.resolve(dbFile));
  return path.join(dir, `${path.basename(dbFile, path.extname(dbFile))}.token`);
}

/** The bootstrap token and where it came from; undefined when there is none. Throws for a token file
 *  that holds no usable token. */
export function resolveBootstrapToken(envToken: string | undefined, dbFile: string): { token: string; from: 'TALLY_TOKEN' | string } | undefined {
  if (envToken) return { token: envToken, from: 'TALLY_TOKEN' };
  const file = tokenFileFor(dbFile);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const token = text.trim();
  if (token.length >= 16) return { token, from: file };
  throw new Error(`the token file ${file} holds no usable token (under 16 characters): delete it (accounts do not need it), or set TALLY_TOKEN`);
}
