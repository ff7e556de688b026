// The bootstrap token, a personal token and a password are compared whole: no prefix, nothing longer,
// and no one-letter guess opens a write or a session (a comparison of only the given length would let
// a guesser in letter by letter).
import { PASSWORD, TOKEN, addAccount, counts, incident, testApp, type TestApp } from './helpers';

let t: TestApp;
let personal = '';
beforeAll(async () => {
  t = testApp({ authFailLimit: 1000 });
  personal = (await addAccount(t, 'Guessed', 'editor')).token;
});
afterAll(() => t.close());

const tries = [
  ['the first letter', TOKEN.slice(0, 1)],
  ['"test", a prefix of the test token', 'test'],
  ['all but the last letter', TOKEN.slice(0, -1)],
  ['one letter more', `${TOKEN}x`],
  ['the token twice', TOKEN + TOKEN],
  ['another letter case', TOKEN.toUpperCase()],
] as const;

test.each(tries)('Bearer with %s: 401, nothing stored', async (_what, token) => {
  const before = counts(t.db);
  const res = await t.http.post('/api/reports').set('Authorization', `Bearer ${token}`).send(incident());
  expect(res.status).toBe(401);
  expect(counts(t.db)).toEqual(before);
});

const personalTries = () => [personal.slice(0, 1), personal.slice(0, 6), personal.slice(0, -1), `${personal}x`, personal + personal, personal.toUpperCase()];

test('a personal token: no prefix, nothing longer, no other case', async () => {
  const before = counts(t.db);
  for (const token of personalTries()) {
    expect([token, (await t.http.post('/api/reports').set('Authorization', `Bearer ${token}`).send(incident())).status]).toEqual([token, 401]);
  }
  expect(counts(t.db)).toEqual(before);
});

const passwordTries = [
  ['the first letter', PASSWORD.slice(0, 1)],
  ['all but the last letter', PASSWORD.slice(0, -1)],
  ['one letter more', `${PASSWORD}x`],
  ['the password twice', PASSWORD + PASSWORD],
  ['another letter case', PASSWORD.toUpperCase()],
] as const;

test.each(passwordTries)('sign-in with %s of the password: 401, no session', async (_what, password) => {
  const res = await t.http.post('/api/session').send({ name: 'Guessed', password });
  expect(res.status).toBe(401);
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(t.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
});

test('the whole tokens and the whole password work', async () => {
  expect((await t.http.post('/api/reports').set('Authorization', `Bearer ${TOKEN}`).send(incident())).status).toBe(201);
  expect((await t.http.post('/api/reports').set('Authorization', `Bearer ${personal}`).send(incident())).status).toBe(201);
  expect((await t.http.post('/api/session').send({ name: 'Guessed', password: PASSWORD })).status).toBe(201);
});
