// Start-up as a user sees it: the real entry point in a child process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, migrate, loadMigrations } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { acceptInvitation } from '../server/accounts/accounts';
import { resolveBootstrapToken } from '../server/token';
import { PASSWORD, tempDir } from './helpers';
import { ensureBuilt } from './support/build';

const ROOT = path.join(__dirname, '..');

// The server as npm start runs it: the bundle npm run build writes.
beforeAll(() => ensureBuilt(), 60_000);

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs the server with `env`; stops it once `until` appears in stdout (or after it exits). */
function runServer(env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/server.js'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out; stdout: ${stdout} stderr: ${stderr}`)); }, 20000);
    let stopped = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // Once: the graceful stop is under way.
      if (!stopped && until && until.test(stdout)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

let port = 39000 + Math.floor(Math.random() * 1000);
const nextPort = () => String(port++);

test.each([
  ['PORT', { PORT: 'eighty' }, /PORT="eighty": must be a port number/],
  ['PORT out of range', { PORT: '70000' }, /PORT="70000": must be a port number from 1 to 65535/],
  ['TALLY_SEED', { TALLY_SEED: 'yes' }, /TALLY_SEED="yes": must be on or off/],
  ['TALLY_TOKEN too short', { TALLY_TOKEN: 'short' }, /TALLY_TOKEN: must be at least 16 characters/],
  ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud": must be one of/],
  ['TALLY_READ', { TALLY_READ: 'private' }, /TALLY_READ="private": must be public or accounts/],
  ['TALLY_TRUST_PROXY', { TALLY_TRUST_PROXY: 'true' }, /TALLY_TRUST_PROXY="true": "true" is not an IP address, a subnet \(address\/bits\) or one of loopback, linklocal, uniquelocal/],
])('a bad %s stops start-up with exit 1 and a message naming it', async (_name, env, message) => {
  const dir = tempDir();
  const run = await runServer({ TALLY_DB: path.join(dir, 't.db'), PORT: nextPort(), ...env });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^conflict-tally: bad configuration:/);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  expect(fs.existsSync(path.join(dir, 't.db'))).toBe(false);
});

test('two bad variables are both named, and every bad proxy of TALLY_TRUST_PROXY', async () => {
  const run = await runServer({ PORT: '0x50', TALLY_SEED: 'maybe', TALLY_TRUST_PROXY: '127.0.0.1, 10.0.0.0/33, nginx' });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/PORT/);
  expect(run.stderr).toMatch(/TALLY_SEED/);
  expect(run.stderr).toMatch(/"10\.0\.0\.0\/33" has a prefix length that is not 0–32/);
  expect(run.stderr).toMatch(/"nginx" is not an IP address/);
  expect(run.stderr).not.toMatch(/"127\.0\.0\.1"/);
});

test('first start seeds and prints a one-time link for the first admin (no token file); the link is in no log line and works once', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'tally.db');
  const p = nextPort();
  const first = await runServer({ TALLY_DB: db, PORT: p }, /#invite=\S+/);
  const secret = /#invite=(\S+)/.exec(first.stdout)![1]!;
  expect(first.stdout).toContain(`Open this link to create the first admin account`);
  expect(first.stdout).toContain(`  http://127.0.0.1:${p}/#invite=${secret}\n`);
  expect(secret).toMatch(/^[\w-]{43}$/);
  expect(fs.existsSync(path.join(dir, 'tally.token'))).toBe(false);
  // Only the printed link carries it: no JSON log line does.
  const logLines = first.stdout.split('\n').filter((l) => l.startsWith('{'));
  expect(logLines.length).toBeGreaterThan(0);
  for (const line of logLines) expect(line).not.toContain(secret);
  expect(first.stdout).toMatch(/"inserted":9/);

  // Restarted before anyone used it: a new link, and the old one no longer works.
  const second = await runServer({ TALLY_DB: db, PORT: nextPort() }, /#invite=\S+/);
  const again = /#invite=(\S+)/.exec(second.stdout)![1]!;
  expect(again).not.toBe(secret);
  expect(second.stdout).not.toMatch(/loaded the seed/);
  const opened = openDatabase(db);
  const store = createStore(opened);
  await expect(acceptInvitation(store, { secret, name: 'First Admin', password: PASSWORD }, null, () => null)).rejects.toThrow(/not valid/);
  const { account: admin } = await acceptInvitation(store, { secret: again, name: 'First Admin', password: PASSWORD }, null, () => null);
  expect(admin).toMatchObject({ name: 'First Admin', role: 'admin', disabled: 0 });
  expect(opened.prepare('SELECT count(*) FROM reports').pluck().get()).toBe(9);
  opened.close();

  // With an account, no link.
  const third = await runServer({ TALLY_DB: db, PORT: nextPort() }, /listening/);
  expect(third.stdout).not.toContain('#invite=');
  expect(third.stdout).not.toContain('no account yet');
});

test('with TALLY_TOKEN and no account, no link is printed: the shell or the bootstrap token makes the first account', async () => {
  const dir = tempDir();
  const run = await runServer({ TALLY_DB: path.join(dir, 't.db'), PORT: nextPort(), TALLY_TOKEN: 'b'.repeat(24) }, /no account yet/);
  expect(run.stdout).not.toContain('#invite=');
  expect(run.stdout).toContain('npm run account -- add NAME --role admin');
});

test('an existing data/tally.token stays the bootstrap token; none is made where there is none', () => {
  const dir = tempDir();
  const db = path.join(dir, 'tally.db');
  expect(resolveBootstrapToken(undefined, db)).toBeUndefined();
  expect(fs.existsSync(path.join(dir, 'tally.token'))).toBe(false);
  fs.writeFileSync(path.join(dir, 'tally.token'), 'an-old-generated-token-0123456789\n', { mode: 0o600 });
  expect(resolveBootstrapToken(undefined, db)).toEqual({ token: 'an-old-generated-token-0123456789', from: path.join(dir, 'tally.token') });
  expect(resolveBootstrapToken('c'.repeat(20), db)).toEqual({ token: 'c'.repeat(20), from: 'TALLY_TOKEN' });
});

test('TALLY_SEED=off leaves a new database empty', async () => {
  const dir = tempDir();
  const run = await runServer({ TALLY_DB: path.join(dir, 'e.db'), PORT: nextPort(), TALLY_SEED: 'off', TALLY_TOKEN: 'x'.repeat(20) }, /listening/);
  expect(run.stdout).toMatch(/dashboard at http:\/\/127\.0\.0\.1:\d+\//);
  expect(run.code).toBe(0);
  const check = openDatabase(path.join(dir, 'e.db'));
  expect(check.prepare('SELECT count(*) FROM reports').pluck().get()).toBe(0);
  check.close();
});

test('a token file without a usable token stops start-up with a message, not a stack trace', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 't.token'), 'short\n', { mode: 0o600 });
  const run = await runServer({ TALLY_DB: path.join(dir, 't.db'), PORT: nextPort() });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^conflict-tally: the token file .*t\.token holds no usable token/);
  expect(run.stderr).toMatch(/delete it \(accounts do not need it\), or set TALLY_TOKEN/);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

test('a database that knows a migration this code does not is refused', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'newer.db');
  const db = openDatabase(file);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, ?)').run('999_future.sql', new Date().toISOString());
  db.close();
  const run = await runServer({ TALLY_DB: file, PORT: nextPort() });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/999_future\.sql/);
});

test('migrations are applied once each, in order, and recorded', () => {
  const dir = tempDir();
  const db = openDatabase(path.join(dir, 'm.db'), { migrate: false });
  const all = loadMigrations();
  expect(migrate(db, all)).toEqual(all.map((m) => m.version));
  expect(migrate(db, all)).toEqual([]);
  expect(db.prepare('SELECT name FROM schema_migrations ORDER BY version').pluck().all()).toEqual(all.map((m) => m.name));
  db.close();
});
