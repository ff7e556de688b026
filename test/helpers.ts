// Test support: a real SQLite file per test file, and the real app around it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { openDatabase, type DB } from '../server/db/connection';
import { createApp, type AppOptions } from '../server/http/app';

export const TOKEN = 'test-token-0123456789abcdef';

export function tempDir(prefix = 'tally-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestApp {
  db: DB;
  file: string;
  app: ReturnType<typeof createApp>;
  http: ReturnType<typeof request>;
  auth: { Authorization: string };
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
    close: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
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
