// npm run mirror -- URL [--limit=100] [--follow=SECONDS]: keeps TALLY_DB in step with the conflict-tally
// server at URL (its change feed), ids and all. TALLY_MIRROR_TOKEN, if set, is sent as a bearer token.
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config';
import { openDatabase } from '../server/db/connection';
import { MirrorRefused, createStore } from '../server/db/store';
import { MirrorError, mirrorOnce } from '../server/mirror';

const USAGE = 'usage: npm run mirror -- URL [--limit=100] [--follow=SECONDS]   (database: TALLY_DB; token: TALLY_MIRROR_TOKEN)';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { limit: { type: 'string' }, follow: { type: 'string' } } });
  } catch (e) {
    process.stderr.write(`mirror: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const url = args.positionals[0];
  const limit = Number(args.values.limit ?? 100);
  const follow = args.values.follow === undefined ? undefined : Number(args.values.follow);
  if (!url || args.positionals.length > 1 || !Number.isInteger(limit) || limit < 1 || limit > 1000
    || (follow !== undefined && !(follow >= 1 && follow <= 86_400))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = readConfig();
  const db = openDatabase(config.TALLY_DB);
  const store = createStore(db);
  const token = process.env.TALLY_MIRROR_TOKEN || undefined;
  const tty = process.stderr.isTTY;
  const onPage = ({ total, cursor }: { total: number; cursor: string }) => {
    const line = `mirror: ${total.toLocaleString('en')} changes applied (cursor ${cursor})`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
  try {
    for (;;) {
      const n = await mirrorOnce(store, url, { limit, token, onPage });
      if (tty && n > 0) process.stderr.write('\n');
      process.stderr.write(`mirror: in step with ${url} at cursor ${store.mirrorState()?.cursor ?? 0} (${n} new change${n === 1 ? '' : 's'})\n`);
      if (follow === undefined) return 0;
      await new Promise((r) => setTimeout(r, follow * 1000));
    }
  } catch (e) {
    if (e instanceof MirrorError || e instanceof MirrorRefused) {
      process.stderr.write(`mirror: ${e.message}\n`);
      return 1;
    }
    if (e instanceof TypeError && /fetch failed/.test(e.message)) {
      process.stderr.write(`mirror: could not reach ${url}: ${String((e as { cause?: unknown }).cause ?? e.message)}\n`);
      return 1;
    }
    throw e;
  } finally {
    db.close();
  }
}

main().then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  // A bad setting (TALLY_DB, …) or a database that cannot be opened: its message, not a stack.
  process.stderr.write(`mirror: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
