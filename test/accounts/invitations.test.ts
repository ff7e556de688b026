// Invitations: an admin's one-time link works once, not after 7 days (clock injected), is replaced by a
// newer one, and its secret is in no log line, no audit entry and not in the database.
import { Writable } from 'node:stream';
import pino from 'pino';
import { firstAdminInvitation } from '../../server/accounts/accounts';
import { PASSWORD, addAccount, testApp, testClock, type TestAccount, type TestApp } from '../helpers';

const DAY = 24 * 60 * 60 * 1000;
const NOT_VALID = 'This invitation link is not valid: it was used already, replaced by a newer one, or is more than 7 days old. Ask an admin for a new one.';
const NEW_PASSWORD = 'copper-kettle-Chernihiv-88';

describe('invitation links', () => {
  const clock = testClock();
  const lines: string[] = [];
  let t: TestApp;
  let admin: TestAccount;
  beforeAll(async () => {
    const logger = pino({ level: 'trace' }, new Writable({ write(c: Buffer, _e, done) { lines.push(c.toString()); done(); } }));
    t = testApp({ clock: clock.now, logger });
    admin = await addAccount(t, 'Desk Admin', 'admin');
  });
  afterAll(() => t.close());

  const invite = async (name: string, role = 'editor') => {
    const res = await t.http.post('/api/accounts').set(admin.auth).send({ name, role });
    expect(res.status).toBe(201);
    return res.body as { account: { id: number; name: string }; invitation: { path: string; expires_at: string } };
  };
  const secretOf = (path: string) => /^\/#invite=([\w-]{43})$/.exec(path)![1]!;

  test('an admin invites a person: the answer holds the link once; it works once, and signs the person in', async () => {
    const created = await invite('Yuliia P.');
    expect(created.account).toEqual({ id: created.account.id, name: 'Yuliia P.', role: 'editor', disabled: false, has_password: false, created_at: clock.now().toISOString(), last_sign_in: null });
    expect(created.invitation.expires_at).toBe(new Date(clock.now().getTime() + 7 * DAY).toISOString());
    const secret = secretOf(created.invitation.path);

    const look = await t.http.post('/api/invitations/lookup').send({ secret });
    expect([look.status, look.body]).toEqual([200, { name: 'Yuliia P.', role: 'editor', first_admin: false, expires_at: created.invitation.expires_at }]);
    const accepted = await t.http.post('/api/invitations/accept').send({ secret, password: NEW_PASSWORD });
    expect([accepted.status, accepted.body]).toEqual([201, { signed_in: true, via: 'session', account_id: created.account.id, name: 'Yuliia P.', role: 'editor' }]);
    const cookie = String((accepted.headers['set-cookie'] as unknown as string[])[0]).split(';')[0]!;
    expect((await t.http.get('/api/session').set('Cookie', cookie)).body.name).toBe('Yuliia P.');

    // A second use, a look-up after it, or a name given on a link that is not the first admin's: refused.
    const again = await t.http.post('/api/invitations/accept').send({ secret, password: 'another-copper-kettle-77' });
    expect([again.status, again.body]).toEqual([401, { error: 'unauthorized', message: NOT_VALID }]);
    expect((await t.http.post('/api/invitations/lookup').send({ secret })).status).toBe(401);
    const signedIn = await t.http.post('/api/session').send({ name: 'Yuliia P.', password: NEW_PASSWORD });
    expect(signedIn.status).toBe(201);
  });

  test('works until 7 days are up, not after', async () => {
    const early = secretOf((await invite('Taras')).invitation.path);
    const late = secretOf((await invite('Iryna')).invitation.path);
    clock.advance(7 * DAY - 60_000);
    expect((await t.http.post('/api/invitations/accept').send({ secret: early, password: NEW_PASSWORD })).status).toBe(201);
    clock.advance(60_000);
    const expired = await t.http.post('/api/invitations/accept').send({ secret: late, password: NEW_PASSWORD });
    expect([expired.status, expired.body.message]).toEqual([401, NOT_VALID]);
    expect(t.store.accountByName('Iryna')!.password_hash).toBeNull();
    // A new link for the same account works again.
    const again = await t.http.post(`/api/accounts/${t.store.accountByName('Iryna')!.id}/invitation`).set(admin.auth);
    expect(again.status).toBe(201);
    expect((await t.http.post('/api/invitations/accept').send({ secret: secretOf(again.body.invitation.path), password: NEW_PASSWORD })).status).toBe(201);
  });

  test('a newer link for an account voids the older one; a link for an account with a password resets it and ends its sessions', async () => {
    const { account, invitation } = await invite('Bohdan');
    const first = secretOf(invitation.path);
    const second = secretOf((await t.http.post(`/api/accounts/${account.id}/invitation`).set(admin.auth)).body.invitation.path);
    expect((await t.http.post('/api/invitations/accept').send({ secret: first, password: NEW_PASSWORD })).status).toBe(401);
    const ok = await t.http.post('/api/invitations/accept').send({ secret: second, password: NEW_PASSWORD });
    const cookie = String((ok.headers['set-cookie'] as unknown as string[])[0]).split(';')[0]!;
    // Forgotten password: a new link, the new password, and the old session ends.
    const reset = secretOf((await t.http.post(`/api/accounts/${account.id}/invitation`).set(admin.auth)).body.invitation.path);
    expect((await t.http.post('/api/invitations/accept').send({ secret: reset, password: 'brand-new-Poltava-phrase' })).status).toBe(201);
    expect((await t.http.get('/api/session').set('Cookie', cookie)).body).toMatchObject({ signed_in: false, ended: 'password_changed' });
    expect((await t.http.post('/api/session').send({ name: 'Bohdan', password: NEW_PASSWORD })).status).toBe(401);
  });

  test('a disabled account gets no link, and its open link stops working', async () => {
    const { account, invitation } = await invite('Oksana');
    await t.http.patch(`/api/accounts/${account.id}`).set(admin.auth).send({ disabled: true });
    const res = await t.http.post('/api/invitations/accept').send({ secret: secretOf(invitation.path), password: NEW_PASSWORD });
    expect([res.status, res.body.message]).toEqual([403, 'Oksana is disabled: ask an admin to enable it first.']);
    const denied = await t.http.post(`/api/accounts/${account.id}/invitation`).set(admin.auth);
    expect([denied.status, denied.body.message]).toEqual([403, 'Oksana is disabled: enable the account first.']);
  });

  test('a name that is taken, in any case, is refused with the field named', async () => {
    const res = await t.http.post('/api/accounts').set(admin.auth).send({ name: 'yuliia p.', role: 'admin' });
    expect([res.status, res.body.fields]).toEqual([400, { name: ['is taken by another account'] }]);
    const bad = await t.http.post('/api/accounts').set(admin.auth).send({ name: 'A\u202eB', role: 'boss', extra: 1 });
    expect(bad.body.fields).toEqual({ name: ['must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)'], role: ['must be editor or admin'], extra: ['unknown field'] });
  });

  test('no secret is in any log line, audit entry or database row; the log has one line per request', async () => {
    const created = await invite('Logged Person');
    const secret = secretOf(created.invitation.path);
    await t.http.post('/api/invitations/lookup').send({ secret });
    await t.http.post('/api/invitations/lookup?secret=' + secret).send({ secret: secret + 'x' });
    await t.http.post('/api/invitations/accept').send({ secret, password: 'short' });
    await t.http.post('/api/invitations/accept').set('Content-Type', 'application/json').send(`{"secret":"${secret}",`);
    await t.http.post('/api/invitations/accept').send({ secret, password: NEW_PASSWORD });
    const token = (await t.http.post('/api/tokens').set(admin.auth).send({ name: 'logged script' })).body.token as string;
    await t.http.get('/api/reports').set('Authorization', `Bearer ${token}`);
    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    for (const s of [secret, token, NEW_PASSWORD]) {
      expect(text).not.toContain(s);
      expect(JSON.stringify(t.db.prepare('SELECT * FROM audit').all())).not.toContain(s);
      for (const table of ['accounts', 'invitations', 'api_tokens', 'sessions']) expect(JSON.stringify(t.db.prepare(`SELECT * FROM ${table}`).all())).not.toContain(s);
    }
  });
});

test('the first admin\'s link creates an admin with the name given, and stops working once any account exists', async () => {
  const t = testApp();
  try {
    const { secret } = firstAdminInvitation(t.store);
    const look = await t.http.post('/api/invitations/lookup').send({ secret });
    expect(look.body).toMatchObject({ name: null, role: 'admin', first_admin: true });
    const other = firstAdminInvitation(t.store);
    // A newer first-admin link voids this one.
    expect((await t.http.post('/api/invitations/lookup').send({ secret })).status).toBe(401);
    await addAccount(t, 'Made In The Shell', 'admin');
    const late = await t.http.post('/api/invitations/accept').send({ secret: other.secret, name: 'Someone', password: PASSWORD });
    expect([late.status, late.body.message]).toEqual([403, 'An account exists already, so this first-admin link no longer works: ask that admin for an invitation.']);
    expect(t.store.accountByName('Someone')).toBeUndefined();
  } finally {
    t.close();
  }
});
