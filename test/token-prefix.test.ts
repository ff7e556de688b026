// The write token is compared whole: no prefix of it, nothing longer, and no one-letter guess opens a
// write or a session (a comparison of only the given length would let a guesser in letter by letter).
import { TOKEN, counts, incident, testApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(() => { t = testApp({ authFailLimit: 1000 }); });
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

test.each(tries)('sign-in with %s: 401, no session', async (_what, token) => {
  const res = await t.http.post('/api/session').send({ token, name: 'Guesser' });
  expect(res.status).toBe(401);
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(t.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
});

test('the whole token works', async () => {
  expect((await t.http.post('/api/reports').set('Authorization', `Bearer ${TOKEN}`).send(incident())).status).toBe(201);
});
