// The write controls in headless Chromium (issue #4): sign-in with an account, the entry form
// (add, inline errors from the shared schema, edit with If-Match, a stale edit), history, delete and
// restore, rename/merge, sign-out, and the whole add flow with the keyboard alone. Every test checks
// the API's answer as well as the page. Screenshots land in test-output/screenshots/.
import type { Page } from 'playwright-core';
import {
  DESKTOP, PHONE, SCREENSHOTS, describeBrowser, openPage, settled, startE2E, type E2E, type WatchedPage,
} from './browser';
import { PASSWORD, ensureAccount, expectCleanExcept, mainSnap, overflow, rowShown, signInAs, tabTo } from './writing';

const UA_KILLED = '/?party=Ukrainian%20forces&metric=killed';
const NAME = 'Alice Editor';

describeBrowser('entry form, history and sign-in in Chromium', () => {
  let e: E2E;
  /** The tally added through the form in the second test, edited and deleted by the later ones. */
  let added = 0;

  const liveCount = async () => (await e.t.http.get('/api/health')).body.reports as number;
  const apiIds = async (query: string) =>
    ((await e.t.http.get(`/api/reports?${query}&limit=1000`)).body.items as { id: number }[]).map((r) => r.id);
  const claimsOf = async (page: Page, source: string) =>
    (await mainSnap(page))?.datasets.find((d) => d.label === `${source} (tallies)`)?.data ?? [];

  async function signedInPage(viewport = DESKTOP, path = UA_KILLED): Promise<WatchedPage> {
    const w = await openPage(e.browser, viewport, { locale: 'en-US' });
    await signInAs(w.page, e.t, e.base, NAME, path);
    return w;
  }

  beforeAll(async () => {
    e = await startE2E();
  }, 60_000);

  afterAll(async () => {
    await e?.close();
  });

  test('sign-in with a name and password: a wrong one is refused in the dialog; the password is kept nowhere', async () => {
    await ensureAccount(e.t, NAME);
    const w = await openPage(e.browser);
    // Readers see no write controls.
    await w.page.goto(`${e.base}${UA_KILLED}`);
    await settled(w.page);
    expect(await w.page.isHidden('#write-tools')).toBe(true);
    expect(await w.page.isVisible('#sign-in')).toBe(true);
    expect(await w.page.locator('#reports .edit-button').count()).toBe(0);

    await w.page.click('#sign-in');
    const dialog = w.page.locator('#sign-in-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('si-name');
    // Submitting empty: the shared schema's errors beside the fields, nothing sent.
    await w.page.keyboard.press('Enter');
    expect(await w.page.textContent('#si-name-error')).toBe('required');
    expect(await w.page.textContent('#si-password-error')).toBe('required');
    await w.page.fill('#si-name', NAME);
    await w.page.fill('#si-password', 'not-the-password-at-all');
    await w.page.keyboard.press('Enter');
    await w.page.locator('#si-problem').waitFor({ state: 'visible' });
    expect(await w.page.textContent('#si-problem')).toBe('That name and password do not match an account here.');
    await w.page.fill('#si-password', PASSWORD);
    await w.page.keyboard.press('Enter');
    await w.page.locator('#write-tools').waitFor({ state: 'visible' });
    await dialog.waitFor({ state: 'detached' });
    expect(await w.page.textContent('#account-name')).toBe(`Signed in as ${NAME}`);

    // The session is an HttpOnly, SameSite=Strict cookie; the password is in no storage, URL or cookie.
    const cookies = await w.context.cookies();
    const session = cookies.find((c) => c.name === 'tally_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(JSON.stringify(cookies)).not.toContain(PASSWORD);
    const stored = await w.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie + location.href + JSON.stringify(history.state));
    expect(stored).not.toContain(PASSWORD);
    expect(w.requests.some((u) => u.includes(PASSWORD))).toBe(false);
    // A reload keeps the session (the cookie), and the table rows now offer Edit.
    await w.page.reload();
    await settled(w.page);
    await w.page.locator('#write-tools').waitFor({ state: 'visible' });
    expect(await w.page.locator('#reports .edit-button').count()).toBeGreaterThan(0);
    await expectCleanExcept(w, [401]);
    await w.context.close();
  });

  test('a tally added through the form shows in the table and as a point on the main chart, without a reload', async () => {
    const w = await signedInPage();
    const before = await liveCount();
    expect(await claimsOf(w.page, 'AFP')).toHaveLength(1);
    await w.page.click('#add-report');
    const dialog = w.page.locator('#report-dialog');
    await dialog.waitFor({ state: 'visible' });
    // Today is the default publication day; no period start is asked before the kind is a tally.
    expect(await w.page.inputValue('#rf-reported_on')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await w.page.isHidden('#rf-period_start')).toBe(true);
    await w.page.check('#rf-kind-tally');
    expect(await w.page.isVisible('#rf-period_start')).toBe(true);
    // Troops are not offered for a tally, and the form says why.
    expect(await w.page.locator('#rf-metric option[value="troops"]').count()).toBe(0);
    expect(await w.page.textContent('#rf-metric-hint')).toContain('enter them as an estimate');
    await w.page.selectOption('#rf-metric', 'killed');
    await w.page.fill('#rf-party', 'Ukrainian forces');
    await w.page.fill('#rf-source', 'AFP');
    await w.page.fill('#rf-via', 'France 24');
    await w.page.fill('#rf-date', '2021-12-10');
    await w.page.fill('#rf-period_start', '2021-01-01');
    await w.page.fill('#rf-value', '65');
    await w.page.selectOption('#rf-qualifier', 'at_least');
    await w.page.fill('#rf-quote', 'At least 65 Ukrainian soldiers killed since January, AFP tally says.');
    await w.page.click('#rf-save');
    await dialog.waitFor({ state: 'detached' });
    const id = Number(await w.page.locator('#notice').getAttribute('data-report-id'));
    expect(id).toBeGreaterThan(0);
    added = id;
    await rowShown(w.page, id);
    expect(await w.page.locator(`#reports tr[data-report-id="${id}"]`).textContent()).toContain('more than 65');
    // On the chart: a second AFP point, at the tally's date, at its figure.
    expect(await claimsOf(w.page, 'AFP')).toEqual(expect.arrayContaining([{ x: '2021-12-10', y: 65, ids: [id] }]));
    // Stored once, by the signed-in name.
    expect(await liveCount()).toBe(before + 1);
    const stored = (await e.t.http.get(`/api/reports/${id}`)).body;
    expect(stored).toMatchObject({ source: 'AFP', via: 'France 24', kind: 'tally', period_start: '2021-01-01', date: '2021-12-10', value: 65, qualifier: 'at_least', revision: 1 });
    const hist = (await e.t.http.get(`/api/reports/${id}/history`)).body.items;
    expect(hist.map((r: { who: string }) => r.who)).toEqual([NAME]);
    await expectCleanExcept(w);
    await w.context.close();
  });

  test('an invalid form shows each error beside its field and stores nothing; the server’s errors show the same way', async () => {
    const w = await signedInPage();
    const before = await liveCount();
    const posts: string[] = [];
    w.page.on('request', (r) => {
      if (r.method() !== 'GET') posts.push(r.url());
    });
    await w.page.click('#add-report');
    await w.page.locator('#report-dialog').waitFor({ state: 'visible' });
    // A tally without a period start, no source, and a low above the value.
    await w.page.check('#rf-kind-tally');
    await w.page.selectOption('#rf-metric', 'killed');
    await w.page.fill('#rf-party', 'Ukrainian forces');
    await w.page.fill('#rf-date', '2021-12-11');
    await w.page.fill('#rf-value', '10');
    await w.page.fill('#rf-low', '12');
    await w.page.click('#rf-save');

    const errorOf = (field: string) => w.page.locator(`.form-field[data-field="rf-${field}"] .field-error`);
    expect(await errorOf('source').textContent()).toBe('required');
    expect(await errorOf('low').textContent()).toBe('must not be above value');
    expect(await errorOf('period_start').textContent()).toBe('required for a tally (the first day it covers)');
    for (const f of ['source', 'low', 'period_start']) {
      // Beside its field: in the field's own block, tied to the control for screen readers.
      expect(await w.page.getAttribute(`#rf-${f}`, 'aria-invalid')).toBe('true');
      expect(await w.page.getAttribute(`#rf-${f}`, 'aria-describedby')).toContain(`rf-${f}-error`);
      expect(await errorOf(f).isVisible()).toBe(true);
    }
    // No other field is marked; the summary names the three; focus is on the first bad field.
    expect(await w.page.locator('#report-form .field-error:visible').count()).toBe(3);
    expect(await w.page.textContent('#rf-summary')).toContain('3 fields need attention');
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('rf-source');
    const dialogBox = (await w.page.locator('#report-dialog').boundingBox())!;
    expect(dialogBox.x + dialogBox.width).toBeLessThanOrEqual(DESKTOP.width);
    await w.page.locator('#report-dialog .modal-body').evaluate((el) => (el.scrollTop = 0));
    await w.page.screenshot({ path: `${SCREENSHOTS}/form-errors-desktop.png` });
    await w.page.locator('#report-dialog').screenshot({ path: `${SCREENSHOTS}/form-errors-desktop-dialog.png` });
    expect(posts).toEqual([]);
    expect(await liveCount()).toBe(before);

    // The errors go as the fields are fixed; then an error the server gives (here faked: a URL the
    // server refuses) shows beside its field in the same way.
    await w.page.fill('#rf-source', 'AFP');
    await w.page.fill('#rf-low', '');
    await w.page.fill('#rf-period_start', '2021-01-01');
    await w.page.fill('#rf-url', 'https://example.org/a');
    await w.page.route('**/api/reports', (route) => route.fulfill({
      status: 400, contentType: 'application/json',
      body: JSON.stringify({ error: 'validation_failed', message: 'The report has invalid fields: url.', fields: { url: ['must be an http(s) URL'] } }),
    }));
    await w.page.click('#rf-save');
    await errorOf('url').waitFor({ state: 'visible' });
    expect(await errorOf('url').textContent()).toBe('must be an http(s) URL');
    expect(await errorOf('source').isHidden()).toBe(true);
    expect(await w.page.textContent('#rf-summary')).toContain('The server did not save the report');
    await w.page.unroute('**/api/reports');
    expect(await liveCount()).toBe(before);
    await expectCleanExcept(w, [400]);
    await w.context.close();

    // On a phone: the same errors, one column, nothing wider than the screen.
    const p = await signedInPage(PHONE);
    await p.page.click('#add-report');
    await p.page.locator('#report-dialog').waitFor({ state: 'visible' });
    await p.page.check('#rf-kind-tally');
    await p.page.fill('#rf-value', '10');
    await p.page.fill('#rf-low', '12');
    await p.page.click('#rf-save');
    expect(await p.page.textContent('#rf-source-error')).toBe('required');
    expect(await p.page.textContent('#rf-period_start-error')).toContain('required for a tally');
    const o = await overflow(p.page);
    expect(o.doc).toBeLessThanOrEqual(PHONE.width);
    for (const d of o.dialogs) expect(d.scroll).toBeLessThanOrEqual(d.client);
    const box = (await p.page.locator('#report-dialog').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await p.page.locator('#report-dialog .modal-body').evaluate((el) => (el.scrollTop = 0));
    await p.page.screenshot({ path: `${SCREENSHOTS}/form-errors-phone.png` });
    await p.page.locator('#rf-low').scrollIntoViewIfNeeded();
    await p.page.screenshot({ path: `${SCREENSHOTS}/form-errors-phone-figure.png` });
    expect(await liveCount()).toBe(before);
    await expectCleanExcept(p);
    await p.context.close();
  });

  test('editing a value sends If-Match, and the history lists both revisions with the name and the change', async () => {
    expect(added).toBeGreaterThan(0);
    const w = await signedInPage();
    await w.page.click(`#reports [data-edit-id="${added}"]`);
    await w.page.locator('#report-dialog').waitFor({ state: 'visible' });
    expect(await w.page.inputValue('#rf-value')).toBe('65');
    expect(await w.page.isChecked('#rf-kind-tally')).toBe(true);
    const put = w.page.waitForRequest((r) => r.method() === 'PUT');
    await w.page.fill('#rf-value', '70');
    await w.page.click('#rf-save');
    expect((await put).headers()['if-match']).toBe('1');
    await w.page.locator('#report-dialog').waitFor({ state: 'detached' });
    await w.page.waitForFunction((id) => document.querySelector(`#reports tr[data-report-id="${id}"]`)?.textContent?.includes('more than 70'), added);
    await settled(w.page);
    expect(await claimsOf(w.page, 'AFP')).toEqual(expect.arrayContaining([{ x: '2021-12-10', y: 70, ids: [added] }]));

    // History from the report's panel.
    await w.page.click(`#reports tr[data-report-id="${added}"] td:nth-child(3)`);
    await w.page.locator('#provenance').waitFor({ state: 'visible' });
    await w.page.click('#provenance [data-action="history"]');
    const hist = w.page.locator('#history-dialog');
    await hist.locator('.revision').first().waitFor();
    const items = await hist.locator('.revision').allTextContents();
    expect(items).toHaveLength(2);
    expect(items[0]).toContain(`Revision 2: Changed by ${NAME}`);
    expect(await hist.locator('.revision').first().locator('li[data-field="value"]').textContent()).toBe('Value: 65 →  changed to 70');
    expect(await hist.locator('.revision').first().locator('.revision-changes li').count()).toBe(1);
    expect(items[1]).toContain(`Revision 1: Created by ${NAME}`);
    expect(items[1]).toContain('AFP: more than 65 killed');
    expect(await hist.locator('time').first().getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await w.page.screenshot({ path: `${SCREENSHOTS}/history-desktop.png` });
    await w.page.keyboard.press('Escape');
    await hist.waitFor({ state: 'detached' });
    await expectCleanExcept(w);
    await w.context.close();

    const p = await signedInPage(PHONE);
    await p.page.locator(`#reports tr[data-report-id="${added}"] td:nth-child(3)`).click();
    await p.page.locator('#provenance').waitFor({ state: 'visible' });
    await p.page.click('#provenance [data-action="history"]');
    await p.page.locator('#history-dialog .revision').first().waitFor();
    const o = await overflow(p.page);
    expect(o.doc).toBeLessThanOrEqual(PHONE.width);
    for (const d of o.dialogs) expect(d.scroll).toBeLessThanOrEqual(d.client);
    await p.page.screenshot({ path: `${SCREENSHOTS}/history-phone.png` });
    await p.context.close();
  });

  test('a stale edit says someone changed the report meanwhile and shows the current version', async () => {
    const w = await signedInPage();
    await w.page.click(`#reports [data-edit-id="${added}"]`);
    await w.page.locator('#report-dialog').waitFor({ state: 'visible' });
    // Someone else changes it meanwhile (over the API, with the token).
    const current = (await e.t.http.get(`/api/reports/${added}`)).body;
    const { id: _id, created_at: _c, updated_at: _u, revision, ...fields } = current;
    const other = await e.t.http.put(`/api/reports/${added}`).set(e.t.auth).set('If-Match', String(revision)).send({ ...fields, value: 71 });
    expect(other.status).toBe(200);
    await w.page.fill('#rf-notes', 'checked against the AFP wire');
    await w.page.click('#rf-save');
    const conflict = w.page.locator('#rf-conflict');
    await conflict.waitFor({ state: 'visible' });
    expect(await conflict.textContent()).toContain('Someone changed this report meanwhile');
    expect(await conflict.textContent()).toContain(`revision ${revision + 1} by bootstrap token`);
    expect(await conflict.locator('.report h3').textContent()).toContain('more than 71');
    expect((await e.t.http.get(`/api/reports/${added}`)).body.notes).toBeNull();
    await w.page.locator('#report-dialog').screenshot({ path: `${SCREENSHOTS}/form-conflict-desktop.png` });
    // Take theirs into the form, then save: it is based on the current revision now.
    await w.page.click('#rf-take-theirs');
    expect(await w.page.inputValue('#rf-value')).toBe('71');
    await w.page.fill('#rf-notes', 'checked against the AFP wire');
    await w.page.click('#rf-save');
    await w.page.locator('#report-dialog').waitFor({ state: 'detached' });
    const after = (await e.t.http.get(`/api/reports/${added}`)).body;
    expect(after).toMatchObject({ value: 71, notes: 'checked against the AFP wire', revision: revision + 2 });
    await expectCleanExcept(w, [412]);
    await w.context.close();
  });

  test('deleting asks first, then the report is gone from table, chart and API; "Deleted reports" restores it', async () => {
    const w = await signedInPage();
    await rowShown(w.page, added);
    // From its panel: Delete… asks, and Cancel (which has focus) keeps it.
    await w.page.click(`#reports tr[data-report-id="${added}"] td:nth-child(3)`);
    await w.page.click('#provenance [data-action="delete"]');
    const confirm = w.page.locator('#delete-dialog');
    await confirm.waitFor({ state: 'visible' });
    expect(await w.page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await w.page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await e.t.http.get(`/api/reports/${added}`).then((r) => r.status)).toBe(200);

    await w.page.click(`#reports [data-edit-id="${added}"]`);
    await w.page.click('#rf-delete');
    await confirm.waitFor({ state: 'visible' });
    await w.page.click('#delete-dialog [data-confirm="yes"]');
    await rowShown(w.page, added, false);
    expect((await claimsOf(w.page, 'AFP')).map((p) => p.ids[0])).not.toContain(added);
    expect(await apiIds('party=Ukrainian%20forces&metric=killed')).not.toContain(added);
    expect((await e.t.http.get(`/api/reports/${added}`)).status).toBe(404);
    expect(await w.page.textContent('#notice')).toContain(`Deleted report #${added}`);

    // The deleted view lists it; Restore brings it back everywhere.
    await w.page.click('#deleted-open');
    const del = w.page.locator('#deleted-dialog');
    await del.locator(`tr[data-report-id="${added}"]`).waitFor();
    await w.page.screenshot({ path: `${SCREENSHOTS}/deleted-desktop.png` });
    await del.locator(`[data-restore="${added}"]`).click();
    await del.locator('.form-saved', { hasText: `Restored report #${added}` }).waitFor();
    await w.page.keyboard.press('Escape');
    await del.waitFor({ state: 'detached' });
    await rowShown(w.page, added);
    expect((await claimsOf(w.page, 'AFP')).map((p) => p.ids[0])).toContain(added);
    expect(await apiIds('party=Ukrainian%20forces&metric=killed')).toContain(added);
    const actions = (await e.t.http.get(`/api/reports/${added}/history`)).body.items as { action: string; who: string }[];
    expect(actions.slice(-2).map((r) => [r.action, r.who])).toEqual([['delete', NAME], ['restore', NAME]]);

    // Deleted again from the table row's form, and brought back by the notice's Undo.
    await w.page.click(`#reports [data-edit-id="${added}"]`);
    await w.page.click('#rf-delete');
    await w.page.click('#delete-dialog [data-confirm="yes"]');
    await rowShown(w.page, added, false);
    await w.page.click('#notice-undo');
    await rowShown(w.page, added);
    expect(await apiIds('party=Ukrainian%20forces&metric=killed')).toContain(added);
    await expectCleanExcept(w);
    await w.context.close();
  });

  test('merging two sources previews the count, then leaves one source in the filters', async () => {
    for (const source of ['UK MoD', 'UK Ministry of Defence', 'UK Ministry of Defence']) {
      const r = await e.t.http.post('/api/reports').set(e.t.auth).send({
        source, party: 'Russian forces', metric: 'killed', kind: 'incident', date: source === 'UK MoD' ? '2021-11-20' : '2021-11-21', value: 2,
        location: source === 'UK MoD' ? 'Kherson' : `Donetsk ${Math.random()}`,
      });
      expect(r.status).toBe(201);
    }
    const w = await signedInPage(DESKTOP, '/?party=Russian%20forces&metric=killed&source=UK%20MoD');
    const options = () => w.page.locator('#f-source input[type=checkbox]').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
    expect(await options()).toEqual(expect.arrayContaining(['UK MoD', 'UK Ministry of Defence']));
    await w.page.click('#rename-open');
    const d = w.page.locator('#rename-dialog');
    await d.waitFor({ state: 'visible' });
    await w.page.selectOption('#rn-field', 'source');
    await w.page.selectOption('#rn-from', 'UK MoD');
    // The same name twice: the shared schema says so beside the field.
    await w.page.fill('#rn-to', 'UK MoD');
    await w.page.click('#rn-preview-button');
    expect(await w.page.textContent('#rn-to-error')).toBe('must differ from the current name');
    await w.page.fill('#rn-to', 'UK Ministry of Defence');
    await w.page.click('#rn-preview-button');
    await w.page.locator('#rn-apply').waitFor({ state: 'visible' });
    const preview = await w.page.textContent('#rn-preview');
    expect(preview).toContain('1 report will change source from “UK MoD” to “UK Ministry of Defence”');
    expect(preview).toContain('already has 2 reports: the two sources are merged into one');
    expect(await liveCount()).toBeGreaterThan(0);
    expect((await e.t.http.get('/api/facets')).body.sources.map((s: { name: string }) => s.name)).toContain('UK MoD'); // a preview stores nothing
    await w.page.click('#rn-apply');
    await d.waitFor({ state: 'detached' });
    await w.page.waitForFunction(() => !document.querySelector('#f-source input[value="UK MoD"]'));
    await settled(w.page);
    expect(await options()).toContain('UK Ministry of Defence');
    expect(await options()).not.toContain('UK MoD');
    // The view that filtered on the old name now filters on the new one.
    expect(new URL(w.page.url()).searchParams.getAll('source')).toEqual(['UK Ministry of Defence']);
    const facets = (await e.t.http.get('/api/facets')).body;
    expect(facets.sources).toEqual(expect.arrayContaining([{ name: 'UK Ministry of Defence', reports: 3 }]));
    expect(facets.sources.map((s: { name: string }) => s.name)).not.toContain('UK MoD');
    // Each change a revision, by the signed-in name.
    const moved = (await e.t.http.get('/api/reports?q=Kherson')).body.items[0];
    const hist = (await e.t.http.get(`/api/reports/${moved.id}/history`)).body.items;
    expect(hist.map((r: { action: string; who: string }) => [r.action, r.who])).toEqual([['create', 'bootstrap token'], ['update', NAME]]);
    await expectCleanExcept(w, [400]);
    await w.context.close();
  });

  test('after signing out, no write control is left on the page', async () => {
    const w = await signedInPage();
    expect(await w.page.locator('#reports .edit-button').count()).toBeGreaterThan(0);
    await w.page.click('#sign-out');
    await w.page.locator('#sign-in').waitFor({ state: 'visible' });
    expect(await w.page.isHidden('#write-tools')).toBe(true);
    expect(await w.page.isHidden('#sign-out')).toBe(true);
    expect(await w.page.locator('#reports .edit-button').count()).toBe(0);
    expect((await w.context.cookies()).find((c) => c.name === 'tally_session')).toBeUndefined();
    // The panel offers the history (public), no edit or delete.
    await w.page.locator('#reports tbody tr td:nth-child(3)').first().click();
    await w.page.locator('#provenance').waitFor({ state: 'visible' });
    expect(await w.page.locator('#provenance [data-action="history"]').count()).toBeGreaterThan(0);
    expect(await w.page.locator('#provenance [data-action="edit"], #provenance [data-action="delete"]').count()).toBe(0);
    await w.page.keyboard.press('Escape');
    // Still so after a reload; and visible write controls: none.
    await w.page.reload();
    await settled(w.page);
    const visibleWrites = await w.page.locator('#add-report, #rename-open, #import-open, #deleted-open, .edit-button').evaluateAll(
      (els) => els.filter((el) => (el as HTMLElement).offsetParent !== null).length);
    expect(visibleWrites).toBe(0);
    await expectCleanExcept(w);
    await w.context.close();
  });

  test('the add-report flow with the keyboard alone, on a phone-sized screen too', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const w = await openPage(e.browser, viewport, { locale: 'en-US' });
      const k = w.page.keyboard;
      await signInAs(w.page, e.t, e.base, 'Keyboard User', UA_KILLED, 'editor'); // types name and password, presses Enter
      const before = await liveCount();
      await w.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await tabTo(w.page, 'add-report');
      await k.press('Enter');
      await w.page.locator('#report-dialog').waitFor({ state: 'visible' });
      // Focus starts on the kind; the arrow keys choose it.
      expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('rf-kind-incident');
      await k.press('ArrowRight');
      expect(await w.page.isChecked('#rf-kind-tally')).toBe(true);
      // Escape closes the dialog and gives focus back to "Add report"; reopening starts afresh.
      await k.press('Escape');
      await w.page.locator('#report-dialog').waitFor({ state: 'detached' });
      expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('add-report');
      await k.press('Enter');
      await w.page.locator('#report-dialog').waitFor({ state: 'visible' });
      await k.press('ArrowRight'); // tally
      await tabTo(w.page, 'rf-metric');
      await k.press('k'); // Killed
      expect(await w.page.inputValue('#rf-metric')).toBe('killed');
      await tabTo(w.page, 'rf-party');
      await k.type('Ukrainian forces');
      await tabTo(w.page, 'rf-source');
      await k.type(`Keyboard desk ${viewport.width}`);
      await tabTo(w.page, 'rf-date');
      await k.type('12122021'); // en-US: month, day, year
      expect(await w.page.inputValue('#rf-date')).toBe('2021-12-12');
      await tabTo(w.page, 'rf-period_start');
      await k.type('01012021');
      expect(await w.page.inputValue('#rf-period_start')).toBe('2021-01-01');
      await tabTo(w.page, 'rf-value');
      await k.type('42');
      await k.press('Enter'); // submits the form: Save
      await w.page.locator('#report-dialog').waitFor({ state: 'detached' });
      const id = Number(await w.page.locator('#notice').getAttribute('data-report-id'));
      await rowShown(w.page, id);
      expect(await liveCount()).toBe(before + 1);
      expect((await e.t.http.get(`/api/reports/${id}`)).body).toMatchObject({
        source: `Keyboard desk ${viewport.width}`, kind: 'tally', metric: 'killed', date: '2021-12-12', period_start: '2021-01-01', value: 42,
      });
      expect(((await e.t.http.get(`/api/reports/${id}/history`)).body.items[0]).who).toBe('Keyboard User');
      // Focus is back on the control that opened the form.
      expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('add-report');
      await expectCleanExcept(w);
      await w.context.close();
    }
  });

  test('"Save and add another" keeps source, via, party and dates; every control has a label', async () => {
    const w = await signedInPage();
    await w.page.click('#add-report');
    await w.page.locator('#report-dialog').waitFor({ state: 'visible' });
    // Every control of the form has an accessible name from a <label> (or its fieldset's legend).
    const unlabelled = await w.page.locator('#report-dialog').evaluate((d) =>
      [...d.querySelectorAll('input, select, textarea')].filter((c) => (c as HTMLInputElement).labels?.length === 0).map((c) => c.id));
    expect(unlabelled).toEqual([]);
    await w.page.check('#rf-kind-incident');
    await w.page.selectOption('#rf-metric', 'wounded');
    await w.page.fill('#rf-party', 'Civilians');
    await w.page.fill('#rf-source', 'OHCHR');
    await w.page.fill('#rf-via', 'Reuters');
    await w.page.fill('#rf-date', '2021-12-05');
    await w.page.fill('#rf-reported_on', '2021-12-06');
    await w.page.fill('#rf-value', '3');
    await w.page.fill('#rf-location', 'Mariupol');
    await w.page.click('#rf-save-again');
    await w.page.locator('#rf-saved', { hasText: 'Saved report #' }).waitFor();
    expect(await w.page.isVisible('#report-dialog')).toBe(true);
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('rf-value');
    expect(await w.page.inputValue('#rf-source')).toBe('OHCHR');
    expect(await w.page.inputValue('#rf-via')).toBe('Reuters');
    expect(await w.page.inputValue('#rf-party')).toBe('Civilians');
    expect(await w.page.inputValue('#rf-date')).toBe('2021-12-05');
    expect(await w.page.inputValue('#rf-reported_on')).toBe('2021-12-06');
    expect(await w.page.inputValue('#rf-value')).toBe('');
    expect(await w.page.inputValue('#rf-location')).toBe('');
    await w.page.fill('#rf-value', '1,200');
    await w.page.click('#rf-save');
    await w.page.locator('#report-dialog').waitFor({ state: 'detached' });
    await settled(w.page);
    // The view moved to the new reports' party and metric.
    expect(new URL(w.page.url()).searchParams.get('party')).toBe('Civilians');
    const items = (await e.t.http.get('/api/reports?party=Civilians&metric=wounded')).body.items;
    expect(items.map((r: { value: number; source: string; via: string }) => [r.value, r.source, r.via])).toEqual([[3, 'OHCHR', 'Reuters'], [1200, 'OHCHR', 'Reuters']]);
    // An estimate is asked for troops only, and says why.
    await w.page.click('#add-report');
    await w.page.check('#rf-kind-estimate');
    expect(await w.page.inputValue('#rf-metric')).toBe('troops');
    expect(await w.page.locator('#rf-metric option').count()).toBe(1);
    expect(await w.page.textContent('#rf-metric-hint')).toContain('An estimate is always of troops');
    await w.page.keyboard.press('Escape');
    await expectCleanExcept(w);
    await w.context.close();
  });
});
