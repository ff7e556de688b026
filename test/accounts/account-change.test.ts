// An admin's change of an account (role and disabled at once) is stored whole or not at all.
import { addAccount, testApp, type TestApp } from '../helpers';

let t: TestApp;
beforeAll(() => { t = testApp(); });
afterAll(() => t.close());

test('made admin and disabled in one request, when it would be the last enabled admin: 403, and neither change stored', async () => {
  // Only the bootstrap token manages accounts here: the editor, once an admin, would be the only one.
  const editor = await addAccount(t, 'Only Editor', 'editor');
  const before = t.db.prepare('SELECT role, disabled FROM accounts WHERE id = ?').get(editor.id);
  const audited = t.db.prepare('SELECT count(*) FROM audit').pluck().get();
  const res = await t.http.patch(`/api/accounts/${editor.id}`).set(t.auth).send({ role: 'admin', disabled: true });
  expect([res.status, res.body.message]).toEqual([403, 'Only Editor is the last enabled admin: make another account an admin first.']);
  // Before: the promotion was committed in a transaction of its own, then the disable refused.
  expect(t.db.prepare('SELECT role, disabled FROM accounts WHERE id = ?').get(editor.id)).toEqual(before);
  expect(t.db.prepare('SELECT count(*) FROM audit').pluck().get()).toBe(audited);
});
