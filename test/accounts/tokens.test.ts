// Personal API tokens: shown once, stored as a SHA-256, named, with their last use; revoked by their
// account or an admin; a revoked token's use is refused and written to the audit log.
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { addAccount, testApp, testClock, type TestAccount, type TestApp } from '../helpers';

const clock = testClock();
let t: TestApp;
let editor: TestAccount;
let other: TestAccount;
let admin: TestAccount;
beforeAll(async () => {
  t = testApp({ clock: clock.now });
  editor = await addAccount(t, 'Token Editor', 'editor');
  other = await addAccount(t, 'Other Editor', 'editor');
  admin = await addAccount(t, 'Token Admin', 'admin');
});
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

test('a new token is answered once, in full; the database holds only its SHA-256; lists never show it', async () => {
  const res = await t.http.post('/api/tokens').set(editor.auth).send({ name: 'nightly import' });
  expect(res.status).toBe(201);
  const { token, id, ...rest } = res.body;
  expect(token).toMatch(/^tally_[\w-]{43}$/);
  expect(rest).toEqual({ name: 'nightly import', created_at: clock.now().toISOString(), last_used_at: null, revoked_at: null });
  const row = t.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as Record<string, unknown>;
  expect(row.secret_hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));
  expect(JSON.stringify(t.db.prepare('SELECT * FROM api_tokens').all())).not.toContain(token);
  const list = await t.http.get('/api/tokens').set(editor.auth);
  expect(list.body.items[0]).toEqual({ id, name: 'nightly import', created_at: rest.created_at, last_used_at: null, revoked_at: null });
  expect(JSON.stringify(list.body)).not.toContain(token);
  // It acts as its account.
  expect((await t.http.get('/api/session').set(bearer(token))).body).toEqual({ signed_in: true, via: 'token', account_id: editor.id, name: 'Token Editor', role: 'editor' });
});

test('its last use is kept (to the minute)', async () => {
  const { token, id } = (await t.http.post('/api/tokens').set(editor.auth).send({ name: 'dashboard script' })).body;
  const lastUse = () => (t.db.prepare('SELECT last_used_at FROM api_tokens WHERE id = ?').pluck().get(id) as string | null);
  clock.advance(5_000);
  await t.http.get('/api/reports').set(bearer(token));
  const first = clock.now().toISOString();
  expect(lastUse()).toBe(first);
  clock.advance(30_000);
  await t.http.get('/api/reports').set(bearer(token));
  expect(lastUse()).toBe(first);
  clock.advance(60_000);
  await t.http.get('/api/reports').set(bearer(token));
  expect(lastUse()).toBe(clock.now().toISOString());
});

test('while another connection holds the database (a large import), a read with a token is answered at once and its use is noted later', async () => {
  const { token, id } = (await t.http.post('/api/tokens').set(editor.auth).send({ name: 'mirror' })).body;
  const lastUse = () => (t.db.prepare('SELECT last_used_at FROM api_tokens WHERE id = ?').pluck().get(id) as string | null);
  const importer = new Database(t.file);
  importer.exec('BEGIN IMMEDIATE');
  try {
    clock.advance(61_000);
    const started = Date.now();
    const read = await t.http.get('/api/reports?limit=1').set(bearer(token));
    // Before: the note of its use waited the connection's busy timeout (1 s) and the read got 503 busy.
    expect([read.status, Date.now() - started < 500]).toEqual([200, true]);
    expect(lastUse()).toBeNull();
  } finally {
    importer.exec('ROLLBACK');
    importer.close();
  }
  await t.http.get('/api/reports?limit=1').set(bearer(token));
  expect(lastUse()).toBe(clock.now().toISOString());
});

test('an editor revokes its own tokens, not another\'s; an admin revokes anyone\'s; a revoked token\'s use is refused and audited', async () => {
  const mine = (await t.http.post('/api/tokens').set(editor.auth).send({ name: 'laptop' })).body;
  const theirs = (await t.http.post('/api/tokens').set(other.auth).send({ name: 'their laptop' })).body;
  const notMine = await t.http.delete(`/api/tokens/${theirs.id}`).set(editor.auth);
  expect([notMine.status, notMine.body.message]).toEqual([404, `No token ${theirs.id} of yours.`]);
  expect((await t.http.get('/api/reports').set(bearer(theirs.token))).status).toBe(200);

  expect((await t.http.delete(`/api/tokens/${mine.id}`).set(editor.auth)).status).toBe(204);
  const used = await t.http.get('/api/reports').set(bearer(mine.token));
  expect([used.status, used.body.message]).toEqual([401, `That token ("laptop") was revoked on ${clock.now().toISOString().slice(0, 10)}.`]);
  // Revoking it again changes nothing.
  expect((await t.http.delete(`/api/tokens/${mine.id}`).set(editor.auth)).status).toBe(204);

  expect((await t.http.delete(`/api/tokens/${theirs.id}`).set(admin.auth)).status).toBe(204);
  expect((await t.http.get('/api/reports').set(bearer(theirs.token))).status).toBe(401);
  const listed = (await t.http.get(`/api/accounts/${other.id}/tokens`).set(admin.auth)).body.items;
  expect(listed.find((x: { id: number }) => x.id === theirs.id)).toMatchObject({ name: 'their laptop', revoked_at: clock.now().toISOString() });

  const audit = (await t.http.get('/api/audit?limit=5').set(admin.auth)).body.items.map((e: { event: string; actor: { name: string }; subject: { name: string }; details: { token_name: string } }) =>
    [e.event, e.actor.name, e.subject.name, e.details.token_name]);
  expect(audit).toEqual([
    ['revoked_token_used', null, 'Other Editor', 'their laptop'],
    ['token_revoked', 'Token Admin', 'Other Editor', 'their laptop'],
    ['revoked_token_used', null, 'Token Editor', 'laptop'],
    ['token_revoked', 'Token Editor', 'Token Editor', 'laptop'],
    ['token_created', 'Other Editor', 'Other Editor', 'their laptop'],
  ]);
});

test('a disabled account\'s tokens stop working, and work again once it is enabled', async () => {
  const { token } = (await t.http.post('/api/tokens').set(other.auth).send({ name: 'cron' })).body;
  await t.http.patch(`/api/accounts/${other.id}`).set(admin.auth).send({ disabled: true });
  const refused = await t.http.get('/api/reports').set(bearer(token));
  expect([refused.status, refused.body.message]).toEqual([401, 'That token\'s account has been disabled.']);
  await t.http.patch(`/api/accounts/${other.id}`).set(admin.auth).send({ disabled: false });
  expect((await t.http.get('/api/reports').set(bearer(token))).status).toBe(200);
});

test('a token needs a name; the bootstrap token has no tokens of its own', async () => {
  const bad = await t.http.post('/api/tokens').set(editor.auth).send({ name: ' ', scope: 'all' });
  expect(bad.body.fields).toEqual({ name: ['required'], scope: ['unknown field'] });
  const boot = await t.http.post('/api/tokens').set(t.auth).send({ name: 'x' });
  expect([boot.status, boot.body.message]).toEqual([403, 'The bootstrap token has no account of its own: sign in with an account for this.']);
});
