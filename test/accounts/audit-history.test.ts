// The audit log (who, when, from where; paged, filtered, kept 400 days) and revisions that name the
// account: by id and its name at the time, the bootstrap token's marked as such, the shared token's
// from before accounts kept and marked legacy; the history as CSV.
import path from 'node:path';
import { loadMigrations, migrate, openDatabase } from '../../server/db/connection';
import { createStore } from '../../server/db/store';
import { ReportInput } from '../../server/domain/report';
import { PASSWORD, TOKEN, addAccount, incident, signIn, tempDir, testApp, testClock, type TestAccount, type TestApp } from '../helpers';

const DAY = 24 * 60 * 60 * 1000;

describe('the audit log', () => {
  const clock = testClock('2026-01-10T08:00:00.000Z');
  let t: TestApp;
  let admin: TestAccount;
  beforeAll(async () => {
    t = testApp({ clock: clock.now, trustProxy: ['loopback'] });
    admin = await addAccount(t, 'Audit Admin', 'admin');
    // Five steps, a day apart, from two addresses.
    await signIn(t, 'Audit Admin', PASSWORD, { 'X-Forwarded-For': '198.51.100.1' });
    clock.advance(DAY);
    await t.http.post('/api/session').set('X-Forwarded-For', '203.0.113.9').send({ name: 'audit admin', password: 'not-the-password-at-all' });
    clock.advance(DAY);
    const invited = (await t.http.post('/api/accounts').set(admin.auth).set('X-Forwarded-For', '198.51.100.1').send({ name: 'Zoryana', role: 'editor' })).body.account;
    clock.advance(DAY);
    await t.http.patch(`/api/accounts/${invited.id}`).set(admin.auth).set('X-Forwarded-For', '198.51.100.1').send({ role: 'admin' });
    clock.advance(DAY);
    await t.http.patch(`/api/accounts/${invited.id}`).set(t.auth).set('X-Forwarded-For', '198.51.100.2').send({ disabled: true });
  });
  afterAll(() => t.close());

  const page = async (query: string) => (await t.http.get(`/api/audit${query}`).set(admin.auth)).body;
  const brief = (items: { event: string; actor: { name: string | null }; subject: { name: string | null }; address: string | null; at: string }[]) =>
    items.map((e) => [e.at.slice(0, 10), e.event, e.actor.name, e.subject.name, e.address]);

  test('lists every step with who, when and from which address, newest first', async () => {
    const all = await page('');
    expect([all.total, all.limit, all.offset]).toEqual([7, 50, 0]);
    expect(brief(all.items)).toEqual([
      ['2026-01-14', 'account_disabled', 'bootstrap token', 'Zoryana', '198.51.100.2'],
      ['2026-01-13', 'role_changed', 'Audit Admin', 'Zoryana', '198.51.100.1'],
      ['2026-01-12', 'invitation_created', 'Audit Admin', 'Zoryana', '198.51.100.1'],
      ['2026-01-12', 'account_created', 'Audit Admin', 'Zoryana', '198.51.100.1'],
      ['2026-01-11', 'sign_in_failed', null, 'Audit Admin', '203.0.113.9'],
      ['2026-01-10', 'sign_in', 'Audit Admin', 'Audit Admin', '198.51.100.1'],
      ['2026-01-10', 'token_created', 'test', 'Audit Admin', null],
    ]);
    expect(all.items[1]).toEqual({
      id: all.items[1].id, at: '2026-01-13T08:00:00.000Z', event: 'role_changed', actor: { id: admin.id, name: 'Audit Admin' },
      subject: { id: all.items[1].subject.id, name: 'Zoryana' }, address: '198.51.100.1', details: { from: 'editor', to: 'admin' },
    });
    expect(all.items[4].details).toEqual({ reason: 'wrong_password' });
  });

  test('pages and filters: by event, by account (who acted or whom it concerned, any case), by days', async () => {
    expect(brief((await page('?limit=2&offset=1')).items).map((r) => r[1])).toEqual(['role_changed', 'invitation_created']);
    expect((await page('?limit=2&offset=1')).total).toBe(7);
    expect(brief((await page('?event=sign_in_failed')).items).map((r) => r[1])).toEqual(['sign_in_failed']);
    expect((await page('?account=zoryana')).total).toBe(4);
    expect((await page('?account=audit%20admin')).total).toBe(6);
    expect(brief((await page('?from=2026-01-11&to=2026-01-12')).items).map((r) => r[0])).toEqual(['2026-01-12', '2026-01-12', '2026-01-11']);
  });

  test('a bad query names every parameter at once', async () => {
    const res = await t.http.get('/api/audit?event=party&limit=0&from=2026-02-30&to=2026-01-01&who=x').set(admin.auth);
    expect([res.status, res.body.fields]).toEqual([400, {
      event: [expect.stringMatching(/^must be one of sign_in, sign_in_failed, /)], limit: ['must be at least 1'],
      from: ['must be a real date written YYYY-MM-DD'], who: ['unknown field'],
    }]);
  });

  test('entries older than 400 days are pruned; younger ones stay', () => {
    const before = t.db.prepare('SELECT count(*) FROM audit').pluck().get() as number;
    clock.advance(400 * DAY - 4.5 * DAY);
    expect(t.store.pruneAudit()).toBe(0);
    clock.advance(DAY);
    // The entries of 2026-01-10 are now more than 400 days old.
    expect(t.store.pruneAudit()).toBe(2);
    expect(t.db.prepare('SELECT count(*) FROM audit').pluck().get()).toBe(before - 2);
  });
});

describe('revisions name the account', () => {
  let t: TestApp;
  let editor: TestAccount;
  beforeAll(async () => {
    t = testApp();
    editor = await addAccount(t, '=Olena, "K"', 'editor');
  });
  afterAll(() => t.close());

  test('by id and by the name it had then; the bootstrap token\'s revisions say so; the history CSV has them all', async () => {
    const created = (await t.http.post('/api/reports').set(editor.auth).send(incident({ source: '+cmd', quote: 'He said: "61, since January"\nand left.' }))).body;
    // The account is renamed in the database (as a future feature might): the revision keeps the old name.
    t.db.prepare('UPDATE accounts SET name = ? WHERE id = ?').run('Olena Kovalenko', editor.id);
    await t.http.put(`/api/reports/${created.id}`).set(`Authorization`, `Bearer ${TOKEN}`).set('If-Match', '1').send(incident({ source: '+cmd', value: 2 }));
    const items = (await t.http.get(`/api/reports/${created.id}/history`)).body.items;
    expect(items.map((r: Record<string, unknown>) => [r.who, r.actor, r.account_id, r.account_name, r.legacy])).toEqual([
      ['=Olena, "K"', 'account', editor.id, '=Olena, "K"', false],
      ['bootstrap token', 'bootstrap', null, null, false],
    ]);

    const csv = await t.http.get(`/api/reports/${created.id}/history.csv?download=1`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename=conflict-tally_report-${created.id}_history.csv`);
    const [r1, r2] = items as { at: string }[];
    expect(csv.text).toBe(
      'revision,action,at,who,actor,account_id,account_name,id,date,date_precision,period_start,source,via,party,metric,kind,value,qualifier,low,high,location,event,reported_on,url,quote,notes\r\n'
      + `1,create,${r1!.at},"'=Olena, ""K""",account,${editor.id},"'=Olena, ""K""",${created.id},2021-12-01,day,,'+cmd,,Ukrainian forces,killed,incident,1,exact,,,,,,,"He said: ""61, since January""\nand left.",\r\n`
      + `2,update,${r2!.at},bootstrap token,bootstrap,,,${created.id},2021-12-01,day,,'+cmd,,Ukrainian forces,killed,incident,2,exact,,,,,,,,\r\n`,
    );
    const bom = await t.http.get(`/api/reports/${created.id}/history.csv?bom=1`);
    expect(bom.text.startsWith('\uFEFFrevision,')).toBe(true);
    expect(bom.headers['content-disposition']).toBeUndefined();
    expect((await t.http.get(`/api/reports/${created.id}/history.csv?format=xlsx`)).body.fields).toEqual({ format: ['unknown field'] });
  });

  test('a deleted report\'s history (and its CSV) is for those who may write', async () => {
    const { id } = (await t.http.post('/api/reports').set(editor.auth).send(incident({ value: 9 }))).body;
    await t.http.delete(`/api/reports/${id}`).set(editor.auth);
    expect((await t.http.get(`/api/reports/${id}/history.csv`)).status).toBe(404);
    expect((await t.http.get(`/api/reports/${id}/history.csv`).set(editor.auth)).status).toBe(200);
  });
});

test('revisions made under the shared token before accounts keep their names, marked legacy', () => {
  const dir = tempDir();
  const db = openDatabase(path.join(dir, 'old.db'), { migrate: false });
  // A database as it was before migration 007: a report made by someone who typed "Olena" at sign-in.
  migrate(db, loadMigrations().filter((m) => m.version < 7));
  const at = '2025-06-01T10:00:00.000Z';
  const report = ReportInput.parse(incident());
  db.prepare(`INSERT INTO reports (date, date_precision, source, party, metric, kind, value, qualifier, created_at, updated_at)
    VALUES (@date, @date_precision, @source, @party, @metric, @kind, @value, @qualifier, '${at}', '${at}')`).run(report);
  db.prepare('INSERT INTO revisions (report_id, revision, action, who, at, snapshot) VALUES (1, 1, ?, ?, ?, ?)')
    .run('create', 'Olena (typed at sign-in)', at, JSON.stringify({ id: 1, ...report }));
  db.prepare("INSERT INTO sessions (id_hash, name, created_at, expires_at) VALUES ('x', 'Olena', ?, '2099-01-01')").run(at);
  migrate(db);
  const store = createStore(db);
  expect(store.history(1).map(({ report: _r, ...r }) => r)).toEqual([
    { revision: 1, action: 'create', who: 'Olena (typed at sign-in)', at, actor: 'shared_token', account_id: null, account_name: null, legacy: true },
  ]);
  // The shared token's sessions are gone: everyone signs in with an account.
  expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  db.close();
});
