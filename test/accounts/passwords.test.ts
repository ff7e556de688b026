// Passwords: scrypt with its parameters stored beside the hash; a short or common password refused
// with the field named; ten wrong passwords lock an account out of every address it has not signed in
// from within 30 days, while other accounts still sign in (addresses through TALLY_TRUST_PROXY).
import { COMMON_PASSWORD, SCRYPT, hashPassword, verifyPassword } from '../../server/accounts/password';
import { inviteAccount } from '../../server/accounts/accounts';
import { PASSWORD, addAccount, signIn, testApp, testClock, type TestApp } from '../helpers';

const MINUTE = 60 * 1000;

describe('the stored hash', () => {
  test('is scrypt$N$r$p$salt$hash with today\'s parameters, a new salt each time, and verifies only the right password', async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT.N}\\$${SCRYPT.r}\\$${SCRYPT.p}\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(SCRYPT).toMatchObject({ N: 32768, r: 8, p: 1, keylen: 32 });
    expect(a).not.toBe(b);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword(`${PASSWORD} `, a)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'plain-text')).toBe(false);
  });

  test('a hash made with other parameters still verifies with the ones it records (so they can be raised later)', async () => {
    const older = await hashPassword(PASSWORD, { N: 2 ** 14, r: 8, p: 1 });
    expect(older).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, older)).toBe(true);
    expect(await verifyPassword('amber-lantern-Kherson-42', older)).toBe(false);
  });

  test('an invitation stores the password only as such a hash', async () => {
    const t = testApp();
    try {
      const row = t.store.createAccount('Nadia', 'editor')!;
      const { secret } = inviteAccount({ store: t.store, by: { id: null, name: 'test' }, address: null }, row);
      const res = await t.http.post('/api/invitations/accept').send({ secret, password: PASSWORD });
      expect(res.status).toBe(201);
      const stored = t.db.prepare('SELECT password_hash FROM accounts WHERE id = ?').pluck().get(row.id) as string;
      expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(JSON.stringify(t.db.prepare('SELECT * FROM accounts').all())).not.toContain(PASSWORD);
    } finally {
      t.close();
    }
  });
});

describe('new passwords', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = testApp();
    await addAccount(t, 'Olena Kovalenko', 'editor');
    cookie = await signIn(t, 'Olena Kovalenko');
  });
  afterAll(() => t.close());

  const AT_LEAST = 'at least 12 characters';
  test.each([
    ['short', 'kyiv-2022', AT_LEAST],
    ['11 characters', 'a'.repeat(11), AT_LEAST],
    ['11 characters as seen (emoji are one each)', '🌻'.repeat(11), AT_LEAST],
    ['a common password', 'password1234', COMMON_PASSWORD],
    ['a keyboard walk', 'qwertyuiop12', COMMON_PASSWORD],
    ['a repeat', 'aaaaaaaaaaaaaaaa', COMMON_PASSWORD],
    ['a common one with a year', 'iloveyou2021', COMMON_PASSWORD],
    ['the account\'s own name', 'Olena Kovalenko', COMMON_PASSWORD],
    ['too long', 'x'.repeat(201), 'at most 200 characters'],
  ])('%s is refused with the password field named, and nothing changes', async (_name, password, message) => {
    const before = t.db.prepare('SELECT password_hash FROM accounts').pluck().all();
    const res = await t.http.put('/api/account/password').set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin')
      .send({ current_password: PASSWORD, password });
    expect([res.status, res.body.error, res.body.fields]).toEqual([400, 'validation_failed', { password: [message] }]);
    expect(t.db.prepare('SELECT password_hash FROM accounts').pluck().all()).toEqual(before);
  });

  test('a first-admin link refuses a common password and a missing name, every field at once', async () => {
    const m = testApp();
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { firstAdminInvitation } = require('../../server/accounts/accounts') as typeof import('../../server/accounts/accounts');
      const { secret } = firstAdminInvitation(m.store);
      const both = await m.http.post('/api/invitations/accept').send({ secret, password: 'short', name: '' });
      expect(both.body.fields).toEqual({ name: ['required'], password: [AT_LEAST] });
      const common = await m.http.post('/api/invitations/accept').send({ secret, password: 'letmein123456', name: 'Desk' });
      expect([common.status, common.body.fields]).toEqual([400, { password: [COMMON_PASSWORD] }]);
      const ok = await m.http.post('/api/invitations/accept').send({ secret, password: 'signal-orchard-Dnipro-9', name: 'Desk' });
      expect([ok.status, ok.body]).toEqual([201, { signed_in: true, via: 'session', account_id: 1, name: 'Desk', role: 'admin' }]);
    } finally {
      m.close();
    }
  });
});

describe('ten wrong passwords for one account', () => {
  const clock = testClock();
  let t: TestApp;
  // The app believes X-Forwarded-For from the test's own address only (TALLY_TRUST_PROXY=127.0.0.1).
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const attempt = (name: string, password: string, address: string) => t.http.post('/api/session').set(from(address)).send({ name, password });

  beforeAll(async () => {
    t = testApp({ clock: clock.now, trustProxy: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] });
    await addAccount(t, 'Chief Editor', 'admin');
    await addAccount(t, 'Reporter', 'editor');
  });
  afterAll(() => t.close());

  test('lock the account out of every address but one it signed in from within 30 days; another account still signs in', async () => {
    // The owner signed in from the newsroom 20 days ago.
    await signIn(t, 'Chief Editor', PASSWORD, from('198.51.100.7'));
    clock.advance(20 * 24 * 60 * MINUTE);

    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt('Chief Editor', `guess-number-${i}-xyz`, '203.0.113.66')).status);
    expect(statuses).toEqual(Array(10).fill(401));
    // The 11th try, even with the right password, is refused: from the attacker's address and any other new one.
    const locked = await attempt('Chief Editor', PASSWORD, '203.0.113.66');
    expect([locked.status, locked.body]).toEqual([429, { error: 'rate_limited', message: 'Too many wrong passwords for Chief Editor: wait 15 minutes, or sign in from a place you have signed in from before.' }]);
    expect((await attempt('Chief Editor', PASSWORD, '192.0.2.44')).status).toBe(429);
    // The name in another case is the same account.
    expect((await attempt('chief editor', PASSWORD, '192.0.2.44')).status).toBe(429);
    // Another account signs in from the attacker's own address.
    expect((await attempt('Reporter', PASSWORD, '203.0.113.66')).status).toBe(201);
    // The owner, from the newsroom, does.
    expect((await attempt('Chief Editor', PASSWORD, '198.51.100.7')).status).toBe(201);

    // The audit log has each attempt, with the address it came from.
    const failed = (await t.http.get('/api/audit?event=sign_in_failed&account=Chief%20Editor&limit=100').set(t.auth)).body;
    expect(failed.total).toBe(13);
    expect(failed.items.filter((e: { details: { reason: string } }) => e.details.reason === 'wrong_password').map((e: { address: string }) => e.address)).toEqual(Array(10).fill('203.0.113.66'));
    expect(failed.items.filter((e: { details: { reason: string } }) => e.details.reason === 'locked').map((e: { address: string }) => e.address).sort()).toEqual(['192.0.2.44', '192.0.2.44', '203.0.113.66']);
  });

  test('an address the account last signed in from more than 30 days ago is locked out too; the lock ends after the window', async () => {
    await addAccount(t, 'Archivist', 'editor');
    await signIn(t, 'Archivist', PASSWORD, from('198.51.100.99'));
    clock.advance(31 * 24 * 60 * MINUTE);
    for (let i = 0; i < 10; i++) expect((await attempt('Archivist', `wrong-${i}-password`, '203.0.113.5')).status).toBe(401);
    expect((await attempt('Archivist', PASSWORD, '198.51.100.99')).status).toBe(429);
    clock.advance(16 * MINUTE);
    expect((await attempt('Archivist', PASSWORD, '203.0.113.5')).status).toBe(201);
  });

  test('names that are no account lock the same way, so the answer does not tell which names exist', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt('Nobody At All', `guess-${i}-guess-guess`, `203.0.113.${100 + i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });

  test('without TALLY_TRUST_PROXY, X-Forwarded-For is ignored: the address is the socket\'s', async () => {
    const plain = testApp();
    try {
      await addAccount(plain, 'Solo', 'editor');
      await plain.http.post('/api/session').set(from('203.0.113.9')).send({ name: 'Solo', password: PASSWORD });
      const entry = (await plain.http.get('/api/audit?event=sign_in').set(plain.auth)).body.items[0];
      expect(entry.address).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    } finally {
      plain.close();
    }
  });
});
