// npm run account -- add NAME --role admin|editor | invite NAME | disable NAME | enable NAME | list
// Accounts from the shell (the machine's operator is trusted: whoever can read data/ can read the
// database). Each change goes to the audit log as done by "shell"; a link is printed once, here only.
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config';
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { AccountName, ROLES, type Role } from '../server/domain/accounts';
import { addAccount, inviteAccount, setDisabled, type Acting, type IssuedInvitation } from '../server/accounts/accounts';
import { ApiError } from '../server/http/errors';

const USAGE = `usage: npm run account -- add NAME --role admin|editor   a new account, and its one-time link (7 days)
       npm run account -- invite NAME                     a new link for NAME (a first password, or a forgotten one)
       npm run account -- disable NAME                    NAME can no longer sign in; its sessions and tokens stop working
       npm run account -- enable NAME
       npm run account -- list`;

function main(): number {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { role: { type: 'string' } } });
  } catch (e) {
    process.stderr.write(`account: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command, rawName, ...rest] = args.positionals;
  const needsName = command !== 'list';
  if (!command || !['add', 'invite', 'disable', 'enable', 'list'].includes(command) || rest.length > 0 || (needsName && !rawName) || (!needsName && rawName)
    || (command === 'add') !== (args.values.role !== undefined)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const role = args.values.role as Role | undefined;
  if (role !== undefined && !ROLES.includes(role)) {
    process.stderr.write(`account: --role must be admin or editor, not "${role}"\n`);
    return 2;
  }
  const name = needsName ? AccountName.safeParse(rawName) : undefined;
  if (name && !name.success) {
    process.stderr.write(`account: the name ${name.error.issues.map((i) => i.message).join(', ')}\n`);
    return 2;
  }
  const config = readConfig();
  const db = openDatabase(config.TALLY_DB);
  const store = createStore(db);
  const ctx: Acting = { store, by: { id: null, name: 'shell' }, address: null };
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const link = (inv: IssuedInvitation) => `http://${host}:${config.PORT}${inv.path}`;
  const printLink = (who: string, inv: IssuedInvitation) => {
    process.stdout.write(`Send ${who} this link (it works once, until ${inv.expires_at.slice(0, 10)}; behind a proxy, use the address people open instead of ${host}:${config.PORT}):\n  ${link(inv)}\n`);
  };
  try {
    if (command === 'list') {
      for (const a of store.listAccounts()) {
        process.stdout.write(`${a.name}\t${a.role}\t${a.disabled ? 'disabled' : a.has_password ? 'active' : 'invited'}\tlast sign-in ${a.last_sign_in ?? 'never'}\n`);
      }
      return 0;
    }
    const accountName = name!.data as string;
    if (command === 'add') {
      const { account, invitation } = addAccount(ctx, accountName, role!);
      process.stdout.write(`account: ${account.name} added as ${account.role}.\n`);
      printLink(account.name, invitation);
      return 0;
    }
    const account = store.accountByName(accountName);
    if (!account) {
      process.stderr.write(`account: no account named "${accountName}" (npm run account -- list shows them)\n`);
      return 1;
    }
    if (command === 'invite') {
      printLink(account.name, inviteAccount(ctx, account));
    } else {
      setDisabled(ctx, account, command === 'disable');
      process.stdout.write(`account: ${account.name} ${command === 'disable' ? 'disabled: its sessions ended and its tokens no longer work' : 'enabled'}.\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ApiError) {
      const fields = Object.entries(e.fields ?? {}).map(([k, v]) => `${k} ${v.join(', ')}`).join('; ');
      process.stderr.write(`account: ${fields ? `the ${fields}` : e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    db.close();
  }
}

try {
  process.exit(main());
} catch (e) {
  process.stderr.write(`account: ${(e as Error).message}\n`);
  process.exit(1);
}
