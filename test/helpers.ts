// Test support: a real SQLite file per test file, and the real app around it; accounts, personal
// tokens and sessions made the way the app makes them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Role } from '../server/domain/accounts';
import { openDatabase, type DB } from '../server/db/connection';
import { createStore, type Store } from '../server/db/store';
import { createApp, type AppOptions } from '../server/http/app';
import { createToken } from '../server/accounts/accounts';
import { hashPassword } from '../server/accounts/password';

/** The bootstrap admin token (TALLY_TOKEN) of every test app. */
export const TOKEN = 'test-token-0123456789abcdef';
/** A password the rules accept (12+ characters, not common). */
export const PASSWORD = 'amber-lantern-Kherson-41';

export function tempDir(prefix = 'tally-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A clock a test moves on by hand (sessions, invitations, the audit log's age). */
export function testClock(start = '2026-03-02T09:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}
export type TestClock = ReturnType<typeof testClock>;

export interface TestApp {
  db: DB;
  file: string;
  app: ReturnType<typeof createApp>;
  http: ReturnType<typeof request>;
  /** The bootstrap token's header. */
  auth: { Authorization: string };
  /** A store over the same database and clock as the app's. */
  store: Store;
  close: () => void;
}

export function testApp(options: Partial<AppOptions> = {}): TestApp {
  const dir = tempDir();
  const file = path.join(dir, 'tally.db');
  const db = openDatabase(file);
  const app = createApp(db, { token: TOKEN, ...options });
  return {
    db, file, app,
    http: request(app),
    auth: { Authorization: `Bearer ${TOKEN}` },
    store: createStore(db, { clock: options.clock }),
    close: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestAccount {
  id: number;
  name: string;
  role: Role;
  password: string;
  /** A personal API token of the account, and its header. */
  token: string;
  auth: { Authorization: string };
}

/** An account with a password and a personal token, made through the store as an admin would. */
export async function addAccount(t: Pick<TestApp, 'store'>, name: string, role: Role = 'editor', password = PASSWORD): Promise<TestAccount> {
  const row = t.store.createAccount(name, role, await hashPassword(password));
  if (!row) throw new Error(`account ${name} exists already`);
  const { token } = createToken({ store: t.store, by: { id: null, name: 'test' }, address: null }, row, `${name}'s test token`);
  return { id: row.id, name: row.name, role, password, token, auth: { Authorization: `Bearer ${token}` } };
}

/** Signs in through the API; answers the session cookie (`tally_session=…`). */
export async function signIn(t: Pick<TestApp, 'http'>, name: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<string> {
  const res = await t.http.post('/api/session').set(headers).send({ name, password });
  if (res.status !== 201) throw new Error(`sign-in of ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return String((res.headers['set-cookie'] as unknown as string[])[0]).split(';')[0]!;
}

/** A valid incident report; override any field. */
export function incident(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { source: 'Ukrainian army', party: 'Ukrainian forces', metric: 'killed', kind: 'incident', date: '2021-12-01', value: 1, ...over };
}

export function tally(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { source: 'AFP', party: 'Ukrainian forces', metric: 'killed', kind: 'tally', date: '2021-12-02', period_start: '2021-01-01', value: 61, ...over };
}

export function counts(db: DB): { reports: number; revisions: number } {
  return {
    reports: db.prepare('SELECT count(*) FROM reports').pluck().get() as number,
    revisions: db.prepare('SELECT count(*) FROM revisions').pluck().get() as number,
  };
}
