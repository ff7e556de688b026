// Accounts from the shell (npm run account) and the import script acting for a named account
// (npm run import -- FILE --as NAME), run as a user runs them: the real scripts in child processes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../server/db/connection';
import { createStore } from '../../server/db/store';
import { PASSWORD, tempDir } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

const dir = tempDir();
const db = path.join(dir, 'tally.db');
const run = (script: string, ...args: string[]) => {
  const r = spawnSync(TSX, [`scripts/${script}.ts`, ...args], { cwd: ROOT, env: { ...process.env, TALLY_DB: db, PORT: '3999', HOST: '127.0.0.1' }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const linkOf = (stdout: string) => /http:\/\/127\.0\.0\.1:3999\/#invite=([\w-]{43})\n/.exec(stdout)?.[1];
const withStore = <T>(fn: (s: ReturnType<typeof createStore>) => T): T => {
  const handle = openDatabase(db);
  try {
    return fn(createStore(handle));
  } finally {
    handle.close();
  }
};

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('add makes the account and prints its one-time link; invite prints a new one and voids the old', async () => {
  const added = run('account', 'add', 'Olena K.', '--role', 'editor');
  expect([added.code, added.stderr]).toEqual([0, '']);
  expect(added.stdout).toMatch(/^account: Olena K\. added as editor\.\nSend Olena K\. this link \(it works once, until \d{4}-\d{2}-\d{2}; behind a proxy, use the address people open instead of 127\.0\.0\.1:3999\):\n {2}http:\/\/127\.0\.0\.1:3999\/#invite=[\w-]{43}\n$/);
  const first = linkOf(added.stdout)!;
  const again = run('account', 'invite', 'olena k.');
  const second = linkOf(again.stdout)!;
  expect([again.code, second === first]).toEqual([0, false]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { lookupInvitation } = require('../../server/accounts/accounts') as typeof import('../../server/accounts/accounts');
  withStore((s) => {
    expect(lookupInvitation(s, first)).toBeUndefined();
    expect(lookupInvitation(s, second)).toMatchObject({ name: 'Olena K.', role: 'editor', first_admin: false });
    const audit = s.auditPage({ limit: 10, offset: 0 }).items.map((e) => [e.event, e.actor.name, e.subject.name]);
    expect(audit).toEqual([['invitation_created', 'shell', 'Olena K.'], ['invitation_created', 'shell', 'Olena K.'], ['account_created', 'shell', 'Olena K.']]);
  });
});

test.each([
  ['no role', ['add', 'Someone'], 2, /^usage: npm run account -- add NAME --role admin\|editor/],
  ['a role that is none', ['add', 'Someone', '--role', 'boss'], 2, /^account: --role must be admin or editor, not "boss"\n$/],
  ['a taken name', ['add', 'OLENA K.', '--role', 'admin'], 1, /^account: the name is taken by another account\n$/],
  ['an unknown command', ['remove', 'Olena K.'], 2, /^usage:/],
  ['an unknown account', ['disable', 'Nobody'], 1, /^account: no account named "Nobody" \(npm run account -- list shows them\)\n$/],
  ['a name with a control character', ['add', 'A\u0007B', '--role', 'editor'], 2, /^account: the name must not contain control characters\n$/],
])('%s: account %j is refused with a message and exit %i', (_name, args, code, message) => {
  const r = run('account', ...args);
  expect(r.code).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe('');
});

const CSV = 'source,party,metric,kind,date,value\r\nShell Desk,Civilians,killed,incident,2021-12-04,3\r\n';

test('import acts for a named, enabled account, whose revisions name it; disable stops it', () => {
  const file = path.join(dir, 'in.csv');
  fs.writeFileSync(file, CSV);
  const none = run('import', file);
  expect([none.code, none.stderr]).toEqual([2, 'import: name the account the import acts for (--as ACCOUNT): its revisions carry that account\nusage: npm run import -- FILE --as ACCOUNT [--recipe=NAME_OR_FILE] [--dry-run] [--ids=ignore]\n']);
  expect(run('import', file, '--as', 'Nobody').stderr).toBe('import: no account named "Nobody" (npm run account -- list shows them); nothing imported\n');
  expect(run('import', file, '--who', 'Olena').code).toBe(2);

  const ok = run('import', file, '--as', 'olena k.');
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
  const olena = withStore((s) => s.accountByName('Olena K.')!);
  expect(withStore((s) => s.history(1).map((r) => [r.who, r.actor, r.account_id, r.account_name]))).toEqual([['Olena K.', 'account', olena.id, 'Olena K.']]);

  const disabled = run('account', 'disable', 'Olena K.');
  expect([disabled.code, disabled.stdout]).toEqual([0, 'account: Olena K. disabled: its sessions ended and its tokens no longer work.\n']);
  const refused = run('import', file, '--as', 'Olena K.');
  expect([refused.code, refused.stderr]).toEqual([1, 'import: Olena K. is disabled; nothing imported\n']);
  const listed = run('account', 'list');
  expect(listed.stdout).toBe('Olena K.\teditor\tdisabled\tlast sign-in never\n');
  expect(run('account', 'enable', 'Olena K.').stdout).toBe('account: Olena K. enabled.\n');
});

test('the last enabled admin cannot be disabled from the shell either', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { hashPassword } = require('../../server/accounts/password') as typeof import('../../server/accounts/password');
  const hash = await hashPassword(PASSWORD);
  withStore((s) => s.createAccount('Only Admin', 'admin', hash));
  const r = run('account', 'disable', 'Only Admin');
  expect([r.code, r.stderr]).toEqual([1, 'account: Only Admin is the last enabled admin: make another account an admin first.\n']);
});
