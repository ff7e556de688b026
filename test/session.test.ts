// Sign-in sessions of accounts: the cookie, the rules for cookie-authenticated writes, expiry after a
// day idle and thirty days in all (clock injected), a password change and "sign out everywhere"
// ending the other sessions; rename and merge.
import { PASSWORD, addAccount, counts, incident, signIn, testApp, testClock, type TestAccount, type TestApp } from './helpers';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let t: TestApp;
let olena: TestAccount;
beforeAll(async () => {
  t = testApp();
  olena = await addAccount(t, 'Olena K.', 'editor');
});
afterAll(() => t.close());

const sameOrigin = { 'Sec-Fetch-Site': 'same-origin' };

test('signing in gives an HttpOnly, SameSite=Strict cookie of 30 days; the account is the who of every revision; sign-out ends it', async () => {
  const res = await t.http.post('/api/session').send({ name: 'olena k.', password: PASSWORD });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({ signed_in: true, via: 'session', account_id: olena.id, name: 'Olena K.', role: 'editor' });
  const set = (res.headers['set-cookie'] as unknown as string[])[0]!;
  expect(set).toMatch(/^tally_session=[\w-]{40,}; Path=\/; Expires=.+; HttpOnly; SameSite=Strict$/);
  const expires = Date.parse(/Expires=([^;]+)/.exec(set)![1]!);
  expect(Math.abs(expires - Date.now() - 30 * DAY)).toBeLessThan(60_000);
  const cookie = set.split(';')[0]!;

  expect((await t.http.get('/api/session').set('Cookie', cookie)).body).toEqual({ signed_in: true, via: 'session', account_id: olena.id, name: 'Olena K.', role: 'editor' });
  const created = await t.http.post('/api/reports').set('Cookie', cookie).set(sameOrigin).send(incident());
  expect(created.status).toBe(201);
  const updated = await t.http.put(`/api/reports/${created.body.id}`).set('Cookie', cookie).set(sameOrigin).set('If-Match', '1').send(incident({ value: 2 }));
  expect(updated.status).toBe(200);
  const history = await t.http.get(`/api/reports/${created.body.id}/history`);
  expect(history.body.items.map((h: Record<string, unknown>) => [h.action, h.who, h.actor, h.account_id, h.account_name, h.legacy])).toEqual([
    ['create', 'Olena K.', 'account', olena.id, 'Olena K.', false],
    ['update', 'Olena K.', 'account', olena.id, 'Olena K.', false],
  ]);

  expect((await t.http.delete('/api/session').set('Cookie', cookie)).status).toBe(204);
  expect((await t.http.get('/api/session').set('Cookie', cookie)).body).toEqual({ signed_in: false });
  const after = await t.http.post('/api/reports').set('Cookie', cookie).set(sameOrigin).send(incident());
  expect([after.status, after.body.error]).toEqual([401, 'unauthorized']);
});

test('the database keeps only a hash of the session id', async () => {
  const cookie = await signIn(t, olena.name);
  const id = cookie.split('=')[1]!;
  const stored = t.db.prepare('SELECT id_hash FROM sessions').pluck().all() as string[];
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).not.toContain(id);
  expect(JSON.stringify(t.db.prepare('SELECT * FROM sessions').all())).not.toContain(id);
});

test.each([
  ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }, 'application/json'],
  ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }, 'application/json'],
  ['a cross-site Origin', { Origin: 'https://evil.example' }, 'application/json'],
  ['no Origin and no Sec-Fetch-Site', {}, 'application/json'],
  ['a form-encoded body', sameOrigin, 'application/x-www-form-urlencoded'],
  ['a text/plain body', sameOrigin, 'text/plain'],
])('a cookie write with %s is refused with 403 and nothing stored', async (_name, headers, type) => {
  const cookie = await signIn(t, olena.name);
  const before = counts(t.db);
  const body = type === 'application/json' ? JSON.stringify(incident()) : 'source=A&party=B';
  const res = await t.http.post('/api/reports').set('Cookie', cookie).set(headers).set('Content-Type', type).send(body);
  expect(res.status).toBe(403);
  expect(res.body.error).toBe('forbidden');
  expect(counts(t.db)).toEqual(before);
});

test('a cookie write with a same-origin Origin (no Sec-Fetch-Site) is accepted', async () => {
  const cookie = await signIn(t, olena.name);
  const res = await t.http.post('/api/reports').set('Cookie', cookie).set('Host', 'tally.example:3000')
    .set('Origin', 'http://tally.example:3000').send(incident());
  expect(res.status).toBe(201);
});

test('a bad sign-in body names every field at once; a wrong password is 401 and says nothing about the name', async () => {
  const bad = await t.http.post('/api/session').send({ name: '', token: 'x' });
  expect(bad.status).toBe(400);
  expect(bad.body.fields).toEqual({ name: ['required'], password: ['required'], token: ['unknown field'] });
  const wrong = await t.http.post('/api/session').send({ name: olena.name, password: 'not-her-password-at-all' });
  const nobody = await t.http.post('/api/session').send({ name: 'Nobody Here', password: 'not-her-password-at-all' });
  expect([wrong.status, wrong.body]).toEqual([401, { error: 'unauthorized', message: 'That name and password do not match an account here.' }]);
  expect([nobody.status, nobody.body]).toEqual([401, wrong.body]);
});

test('two edits from the same revision: the second gets 412 and changes nothing', async () => {
  const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident({ value: 10 }))).body;
  const first = await t.http.put(`/api/reports/${id}`).set(t.auth).set('If-Match', '1').send(incident({ value: 11 }));
  const second = await t.http.put(`/api/reports/${id}`).set(t.auth).set('If-Match', '1').send(incident({ value: 12 }));
  expect([first.status, second.status]).toEqual([200, 412]);
  expect(second.body.current).toMatchObject({ value: 11, revision: 2 });
  expect((await t.http.get(`/api/reports/${id}`)).body).toMatchObject({ value: 11, revision: 2 });
});

test('rename (an admin\'s) previews, then merges a source across its reports, each change a revision of the admin', async () => {
  const m = testApp();
  try {
    const admin = await addAccount(m, 'Desk Admin', 'admin');
    const editor = await addAccount(m, 'Freelancer', 'editor');
    for (const source of ['UK MoD', 'UK MoD', 'UK Ministry of Defence', 'AFP']) {
      await m.http.post('/api/reports').set(editor.auth).send(incident({ source }));
    }
    const byEditor = await m.http.post('/api/rename').set(editor.auth).send({ field: 'source', from: 'UK MoD', to: 'UK Ministry of Defence' });
    expect([byEditor.status, byEditor.body.error]).toEqual([403, 'forbidden']);
    const preview = await m.http.post('/api/rename').set(admin.auth).send({ field: 'source', from: 'UK MoD', to: 'UK Ministry of Defence', dry_run: true });
    expect(preview.body).toEqual({ field: 'source', from: 'UK MoD', to: 'UK Ministry of Defence', reports: 2, dry_run: true });
    expect(counts(m.db)).toEqual({ reports: 4, revisions: 4 });
    const done = await m.http.post('/api/rename').set(admin.auth).send({ field: 'source', from: 'UK MoD', to: 'UK Ministry of Defence' });
    expect(done.body.reports).toBe(2);
    expect(counts(m.db)).toEqual({ reports: 4, revisions: 6 });
    expect(m.db.prepare("SELECT DISTINCT account_name FROM revisions WHERE action = 'update'").pluck().all()).toEqual(['Desk Admin']);
    expect((await m.http.get('/api/facets')).body.sources).toEqual([{ name: 'UK Ministry of Defence', reports: 3 }, { name: 'AFP', reports: 1 }]);
    const bad = await m.http.post('/api/rename').set(admin.auth).send({ field: 'via', from: 'A', to: 'A' });
    expect(bad.body.fields).toEqual({ field: ['must be source or party'], to: ['must differ from the current name'] });
  } finally {
    m.close();
  }
});

test('a signed-in editor reads what the bootstrap token reads: the deleted list, a deleted report and its history', async () => {
  const cookie = await signIn(t, olena.name);
  const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident({ value: 42 }))).body;
  await t.http.delete(`/api/reports/${id}`).set(t.auth);
  const list = await t.http.get('/api/reports?deleted=only').set('Cookie', cookie);
  expect(list.status).toBe(200);
  expect(list.body.items.map((r: { id: number }) => r.id)).toContain(id);
  expect((await t.http.get(`/api/reports/${id}`).set('Cookie', cookie)).body).toMatchObject({ id, deleted: true });
  expect((await t.http.get(`/api/reports/${id}/history`).set('Cookie', cookie)).status).toBe(200);
  expect((await t.http.get('/api/reports?deleted=only').set('Cookie', 'tally_session=forged')).status).toBe(401);
});

describe('expiry and ending (clock injected)', () => {
  const clock = testClock();
  let c: TestApp;
  let editor: TestAccount;
  let admin: TestAccount;
  beforeAll(async () => {
    c = testApp({ clock: clock.now });
    editor = await addAccount(c, 'Mariam', 'editor');
    admin = await addAccount(c, 'Chief', 'admin');
  });
  afterAll(() => c.close());

  const write = (cookie: string) => c.http.post('/api/reports').set('Cookie', cookie).set(sameOrigin).send(incident());
  const who = async (cookie: string) => (await c.http.get('/api/session').set('Cookie', cookie)).body;

  test('a session used every 23 hours lives 30 days, then ends; one left a day ends then', async () => {
    const start = clock.now().getTime();
    const busy = await signIn(c, editor.name);
    const idle = await signIn(c, editor.name);
    let uses = 0;
    while (clock.now().getTime() + 23 * HOUR < start + 30 * DAY) {
      clock.advance(23 * HOUR);
      expect((await write(busy)).status).toBe(201);
      if (++uses === 2) expect(await who(idle)).toEqual({ signed_in: false, ended: 'idle', message: 'Your session ended after a day without use: sign in again.' });
    }
    expect(uses).toBe(31);
    clock.advance(start + 30 * DAY - clock.now().getTime());
    const refused = await write(busy);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('Your session ended 30 days after you signed in: sign in again.');
  });

  test('at 24 hours without use the session has ended', async () => {
    const cookie = await signIn(c, editor.name);
    clock.advance(24 * HOUR - 1000);
    expect((await who(cookie)).signed_in).toBe(true);
    clock.advance(24 * HOUR - 1000);
    expect((await who(cookie)).signed_in).toBe(true);
    clock.advance(24 * HOUR);
    expect((await who(cookie)).ended).toBe('idle');
  });

  test('a password change ends the account\'s other sessions, not the one that changed it', async () => {
    const here = await signIn(c, editor.name);
    const elsewhere = await signIn(c, editor.name);
    const other = await signIn(c, admin.name);
    const changed = await c.http.put('/api/account/password').set('Cookie', here).set(sameOrigin).send({ current_password: PASSWORD, password: 'quiet-harbour-Odesa-2026' });
    expect([changed.status, changed.body]).toEqual([200, { changed: true, sessions_ended: 1 }]);
    expect((await who(here)).signed_in).toBe(true);
    expect(await who(elsewhere)).toEqual({ signed_in: false, ended: 'password_changed', message: 'The password of this account was changed, which signed this browser out: sign in again with the new password.' });
    expect((await who(other)).signed_in).toBe(true);
    await expect(signIn(c, editor.name)).rejects.toThrow(/401/);
    await signIn(c, editor.name, 'quiet-harbour-Odesa-2026');
    // A wrong current password changes nothing.
    const wrong = await c.http.put('/api/account/password').set('Cookie', here).set(sameOrigin).send({ current_password: PASSWORD, password: 'another-good-Lviv-phrase' });
    expect([wrong.status, wrong.body.fields]).toEqual([401, { current_password: ['is not the current password'] }]);
  });

  test('an admin\'s "sign out everywhere" ends every session of the account; its tokens stay', async () => {
    const deputy = await addAccount(c, 'Deputy', 'admin');
    const a = await signIn(c, deputy.name);
    const b = await signIn(c, deputy.name);
    const mine = await signIn(c, admin.name);
    const res = await c.http.post(`/api/accounts/${deputy.id}/sign-out`).set('Cookie', mine).set(sameOrigin).set('Content-Type', 'application/json');
    expect([res.status, res.body]).toEqual([200, { sessions_ended: 2 }]);
    for (const cookie of [a, b]) expect(await who(cookie)).toEqual({ signed_in: false, ended: 'signed_out_everywhere', message: 'An admin signed this account out everywhere: sign in again.' });
    expect((await who(mine)).signed_in).toBe(true);
    expect((await c.http.get('/api/session').set(deputy.auth)).body).toEqual({ signed_in: true, via: 'token', account_id: deputy.id, name: 'Deputy', role: 'admin' });
  });
});
