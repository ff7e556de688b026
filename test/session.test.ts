// Sign-in sessions and the rules for cookie-authenticated writes; rename and merge.
import { TOKEN, counts, incident, testApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(() => { t = testApp(); });
afterAll(() => t.close());

async function signIn(app: TestApp, name = 'Olena K.'): Promise<string> {
  const res = await app.http.post('/api/session').send({ token: TOKEN, name });
  expect(res.status).toBe(201);
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
  expect(cookie).toMatch(/^tally_session=[\w-]{40,}; Max-Age=\d+; Path=\/; Expires=.+; HttpOnly; SameSite=Strict$/);
  return cookie.split(';')[0]!;
}

const sameOrigin = { 'Sec-Fetch-Site': 'same-origin' };

test('signing in gives a session whose name is the who of every revision; sign-out ends it', async () => {
  const cookie = await signIn(t);
  expect((await t.http.get('/api/session').set('Cookie', cookie)).body).toEqual({ signed_in: true, name: 'Olena K.', via: 'cookie' });
  const created = await t.http.post('/api/reports').set('Cookie', cookie).set(sameOrigin).send(incident());
  expect(created.status).toBe(201);
  const updated = await t.http.put(`/api/reports/${created.body.id}`).set('Cookie', cookie).set(sameOrigin).set('If-Match', '1').send(incident({ value: 2 }));
  expect(updated.status).toBe(200);
  const history = await t.http.get(`/api/reports/${created.body.id}/history`);
  expect(history.body.items.map((h: { who: string; action: string }) => [h.action, h.who])).toEqual([['create', 'Olena K.'], ['update', 'Olena K.']]);

  expect((await t.http.delete('/api/session').set('Cookie', cookie)).status).toBe(204);
  expect((await t.http.get('/api/session').set('Cookie', cookie)).body).toEqual({ signed_in: false });
  expect((await t.http.post('/api/reports').set('Cookie', cookie).set(sameOrigin).send(incident())).status).toBe(401);
});

test('the database keeps only a hash of the session id', async () => {
  const cookie = await signIn(t);
  const id = cookie.split('=')[1]!;
  const stored = t.db.prepare('SELECT id_hash FROM sessions').pluck().all() as string[];
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).not.toContain(id);
});

test.each([
  ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }, 'application/json'],
  ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }, 'application/json'],
  ['a cross-site Origin', { Origin: 'https://evil.example' }, 'application/json'],
  ['no Origin and no Sec-Fetch-Site', {}, 'application/json'],
  ['a form-encoded body', sameOrigin, 'application/x-www-form-urlencoded'],
  ['a text/plain body', sameOrigin, 'text/plain'],
])('a cookie write with %s is refused with 403 and nothing stored', async (_name, headers, type) => {
  const cookie = await signIn(t);
  const before = counts(t.db);
  const body = type === 'application/json' ? JSON.stringify(incident()) : 'source=A&party=B';
  const res = await t.http.post('/api/reports').set('Cookie', cookie).set(headers).set('Content-Type', type).send(body);
  expect(res.status).toBe(403);
  expect(res.body.error).toBe('forbidden');
  expect(counts(t.db)).toEqual(before);
});

test('a cookie write with a same-origin Origin (no Sec-Fetch-Site) is accepted', async () => {
  const cookie = await signIn(t);
  const res = await t.http.post('/api/reports').set('Cookie', cookie).set('Host', 'tally.example:3000')
    .set('Origin', 'http://tally.example:3000').send(incident());
  expect(res.status).toBe(201);
});

test('wrong tokens at sign-in are rate limited; a bad sign-in body names its fields', async () => {
  const limited = testApp({ authFailLimit: 3 });
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await limited.http.post('/api/session').send({ token: 'guess-' + i, name: 'x' })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const bad = await limited.http.post('/api/session').send({ name: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({ token: ['required'], name: ['required'], extra: ['unknown field'] });
  } finally {
    limited.close();
  }
});

test('two edits from the same revision: the second gets 412 and changes nothing', async () => {
  const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident({ value: 10 }))).body;
  const first = await t.http.put(`/api/reports/${id}`).set(t.auth).set('If-Match', '1').send(incident({ value: 11 }));
  const second = await t.http.put(`/api/reports/${id}`).set(t.auth).set('If-Match', '1').send(incident({ value: 12 }));
  expect([first.status, second.status]).toEqual([200, 412]);
  expect(second.body.current).toMatchObject({ value: 11, revision: 2 });
  expect((await t.http.get(`/api/reports/${id}`)).body).toMatchObject({ value: 11, revision: 2 });
});

test('rename previews, then merges a source across its reports, each change a revision', async () => {
  const m = testApp();
  try {
    for (const source of ['UK MoD', 'UK MoD', 'UK Ministry of Defence', 'AFP']) {
      await m.http.post('/api/reports').set(m.auth).send(incident({ source }));
    }
    const preview = await m.http.post('/api/rename').set(m.auth).send({ field: 'source', from: 'UK MoD', to: 'UK Ministry of Defence', dry_run: true });
    expect(preview.body).toEqual({ field: 'source', from: 'UK MoD', to: 'UK Ministry of Defence', reports: 2, dry_run: true });
    expect(counts(m.db)).toEqual({ reports: 4, revisions: 4 });
    const done = await m.http.post('/api/rename').set(m.auth).send({ field: 'source', from: 'UK MoD', to: 'UK Ministry of Defence' });
    expect(done.body.reports).toBe(2);
    expect(counts(m.db)).toEqual({ reports: 4, revisions: 6 });
    expect((await m.http.get('/api/facets')).body.sources).toEqual([{ name: 'UK Ministry of Defence', reports: 3 }, { name: 'AFP', reports: 1 }]);
    const bad = await m.http.post('/api/rename').set(m.auth).send({ field: 'via', from: 'A', to: 'A' });
    expect(bad.body.fields).toEqual({ field: ['must be source or party'], to: ['must differ from the current name'] });
  } finally {
    m.close();
  }
});

test('a signed-in session reads what the token reads: the deleted list, a deleted report and its history', async () => {
  const cookie = await signIn(t);
  const { id } = (await t.http.post('/api/reports').set(t.auth).send(incident({ value: 42 }))).body;
  await t.http.delete(`/api/reports/${id}`).set(t.auth);
  const list = await t.http.get('/api/reports?deleted=only').set('Cookie', cookie);
  expect(list.status).toBe(200);
  expect(list.body.items.map((r: { id: number }) => r.id)).toContain(id);
  expect((await t.http.get(`/api/reports/${id}`).set('Cookie', cookie)).body).toMatchObject({ id, deleted: true });
  expect((await t.http.get(`/api/reports/${id}/history`).set('Cookie', cookie)).status).toBe(200);
  expect((await t.http.get('/api/reports?deleted=only').set('Cookie', 'tally_session=forged')).status).toBe(401);
});
