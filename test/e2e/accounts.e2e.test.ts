// Accounts as a new user meets them (issue 15), against the real server process (npm start's entry
// point) on a new database: the first admin signs in through the link the server prints, invites an
// editor; the editor sets a password, adds a report, makes a token, and sees no "Rename or merge"; the
// admin revokes the editor's token and disables the account; the editor's open page is refused its next
// write with a clear message; the report's history names the editor; the audit page lists every step.
// Screenshots at 1280 and 390 px land in test-output/screenshots/accounts-*.png.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromium, type Browser } from 'playwright-core';
import { tempDir } from '../helpers';
import {
  CHROMIUM_PATH, DESKTOP, PHONE, ROOT, SCREENSHOTS, describeBrowser, ensureBuilt, openPage, screenshot, settled, type WatchedPage,
} from './browser';
import { expectCleanExcept, overflow } from './writing';

const ADMIN = 'Desk Admin';
const EDITOR = 'Field Editor';
const ADMIN_PASSWORD = 'lamplight-Zaporizhzhia-harbour-4';
const EDITOR_PASSWORD = 'orchard-signal-Kharkiv-river-12';

describeBrowser('accounts, as a new user meets them', () => {
  let server: ChildProcess;
  let stdout = '';
  let browser: Browser;
  let base = '';
  let dir = '';
  let admin: WatchedPage;
  let editor: WatchedPage;
  let reportId = 0;
  let editorToken = '';

  beforeAll(async () => {
    ensureBuilt();
    dir = tempDir('tally-accounts-e2e-');
    const port = 41000 + Math.floor(Math.random() * 2000);
    server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/index.ts'], {
      cwd: ROOT, env: { ...process.env, TALLY_DB: path.join(dir, 'tally.db'), PORT: String(port), LOG_LEVEL: 'info', TALLY_TOKEN: '' },
    });
    server.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server printed no link: ${stdout}`)), 20_000);
      server.stdout!.on('data', () => {
        if (/#invite=\S+/.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    server?.kill('SIGTERM');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The API as a script would use it, with a bearer token (or none). */
  const api = async (p: string, token?: string) => {
    const res = await fetch(`${base}/api${p}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: await res.json() as Record<string, unknown> & { items?: Record<string, unknown>[] } };
  };
  const visible = (page: Page, id: string) => page.locator(`#${id}`).isVisible();
  /** The admin signed in on a phone, through the sign-in dialog. */
  const adminOnPhone = async (): Promise<WatchedPage> => {
    const w = await openPage(browser, PHONE, { locale: 'en-GB' });
    await w.page.goto(`${base}/`);
    await settled(w.page);
    await w.page.click('#sign-in');
    await w.page.fill('#si-name', ADMIN);
    await w.page.fill('#si-password', ADMIN_PASSWORD);
    await w.page.keyboard.press('Enter');
    await w.page.locator('#write-tools').waitFor({ state: 'visible' });
    await settled(w.page);
    return w;
  };

  test('1. the first admin signs in through the link the server printed', async () => {
    const link = /(http:\/\/\S+#invite=\S+)/.exec(stdout)![1]!;
    expect(stdout).toContain('Open this link to create the first admin account');
    // The printed link is in no log line.
    for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) expect(line).not.toContain(link.split('#invite=')[1]);
    admin = await openPage(browser, DESKTOP, { locale: 'en-GB' });
    await admin.page.goto(link);
    const dialog = admin.page.locator('#invitation-dialog');
    await dialog.waitFor({ state: 'visible' });
    // The secret left the address bar at once.
    expect(admin.page.url()).not.toContain('invite');
    expect(await admin.page.evaluate(() => location.hash + JSON.stringify(history.state))).not.toContain('invite');
    await admin.page.locator('#inv-name').waitFor();
    expect(await admin.page.textContent('#inv-intro')).toContain('This link creates the first account of this conflict-tally: an admin');
    await screenshot(admin.page, 'accounts-first-admin-desktop');
    await admin.page.fill('#inv-name', ADMIN);
    // A common password is refused beside its field, by the server.
    await admin.page.fill('#inv-password', 'password1234');
    await admin.page.fill('#inv-repeat', 'password1234');
    await admin.page.click('#inv-submit');
    await admin.page.locator('#inv-password-error').waitFor({ state: 'visible' });
    expect(await admin.page.textContent('#inv-password-error')).toMatch(/^is too common or too easy to guess/);
    await admin.page.fill('#inv-password', ADMIN_PASSWORD);
    await admin.page.fill('#inv-repeat', ADMIN_PASSWORD);
    await admin.page.click('#inv-submit');
    await dialog.waitFor({ state: 'detached' });
    await admin.page.locator('#write-tools').waitFor({ state: 'visible' });
    await settled(admin.page);
    expect(await admin.page.textContent('#account-name')).toBe(`Signed in as ${ADMIN}`);
    for (const id of ['add-report', 'rename-open', 'accounts-open', 'audit-open', 'account-open']) expect([id, await visible(admin.page, id)]).toEqual([id, true]);
    // The link works once.
    const again = await openPage(browser, DESKTOP);
    await again.page.goto(link);
    await again.page.locator('#inv-problem').waitFor();
    expect(await again.page.textContent('#inv-problem')).toMatch(/^This invitation link is not valid/);
    await again.context.close();
  });

  let editorLink = '';
  test('2. the admin invites an editor, and gets the link once', async () => {
    await admin.page.click('#accounts-open');
    const d = admin.page.locator('#accounts-dialog');
    await d.waitFor({ state: 'visible' });
    await admin.page.fill('#ac-name', EDITOR);
    await admin.page.selectOption('#ac-role', 'editor');
    await admin.page.click('#ac-invite');
    await admin.page.locator('#ac-invite-link').waitFor();
    editorLink = await admin.page.inputValue('#ac-invite-link');
    expect(editorLink).toMatch(new RegExp(`^${base}/#invite=[\\w-]{43}$`));
    await admin.page.locator(`[data-account="${EDITOR}"]`).waitFor();
    expect(await admin.page.textContent(`[data-account="${EDITOR}"] .account-line`)).toBe(`${EDITOR} · editor · invited, no password yet`);
    await screenshot(admin.page, 'accounts-invited-desktop');
    await admin.page.keyboard.press('Escape');
    await d.waitFor({ state: 'detached' });
  });

  test('3. the editor sets a password, adds a report, makes a token, and sees no "Rename or merge"', async () => {
    editor = await openPage(browser, PHONE, { locale: 'en-GB' });
    await editor.page.goto(editorLink);
    await editor.page.locator('#inv-password').waitFor();
    expect(await editor.page.textContent('#inv-intro')).toContain(`This link sets the password of ${EDITOR}, an editor`);
    await editor.page.fill('#inv-password', EDITOR_PASSWORD);
    await editor.page.fill('#inv-repeat', EDITOR_PASSWORD + 'x');
    await editor.page.click('#inv-submit');
    expect(await editor.page.textContent('#inv-repeat-error')).toBe('is not the same password');
    await editor.page.fill('#inv-repeat', EDITOR_PASSWORD);
    await editor.page.click('#inv-submit');
    await editor.page.locator('#write-tools').waitFor({ state: 'visible' });
    await settled(editor.page);
    for (const id of ['add-report', 'import-open', 'deleted-open', 'account-open']) expect([id, await visible(editor.page, id)]).toEqual([id, true]);
    for (const id of ['rename-open', 'accounts-open', 'audit-open']) expect([id, await visible(editor.page, id)]).toEqual([id, false]);
    expect(await editor.page.getByText('Rename or merge').isVisible()).toBe(false);
    await screenshot(editor.page, 'accounts-editor-phone');

    // A report, through the form.
    await editor.page.click('#add-report');
    await editor.page.locator('#report-dialog').waitFor({ state: 'visible' });
    await editor.page.check('#rf-kind-incident');
    await editor.page.selectOption('#rf-metric', 'killed');
    await editor.page.fill('#rf-party', 'Civilians');
    await editor.page.fill('#rf-source', 'Regional administration');
    await editor.page.fill('#rf-date', '2021-12-20');
    await editor.page.fill('#rf-value', '3');
    await editor.page.click('#rf-save');
    await editor.page.locator('#report-dialog').waitFor({ state: 'detached' });
    reportId = Number(await editor.page.locator('#notice').getAttribute('data-report-id'));
    expect(reportId).toBeGreaterThan(0);

    // A personal token, shown once.
    await editor.page.click('#account-open');
    await editor.page.locator('#account-dialog').waitFor({ state: 'visible' });
    await editor.page.fill('#tk-name', 'laptop script');
    await editor.page.click('#tk-submit');
    await editor.page.locator('#tk-secret').waitFor();
    editorToken = await editor.page.inputValue('#tk-secret');
    expect(editorToken).toMatch(/^tally_[\w-]{43}$/);
    await editor.page.locator('#token-list tr[data-token-id]').first().waitFor();
    const o = await overflow(editor.page);
    expect(o.doc).toBeLessThanOrEqual(PHONE.width);
    for (const dd of o.dialogs) expect(dd.scroll).toBeLessThanOrEqual(dd.client);
    await screenshot(editor.page, 'accounts-token-phone');
    await editor.page.locator('#account-dialog').screenshot({ path: path.join(SCREENSHOTS, 'accounts-token-phone-dialog.png') });
    await editor.page.keyboard.press('Escape');
    expect((await api('/session', editorToken)).body).toMatchObject({ signed_in: true, via: 'token', name: EDITOR, role: 'editor' });
    // The server refuses what the page does not offer.
    const rename = await fetch(`${base}/api/rename`, { method: 'POST', headers: { Authorization: `Bearer ${editorToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ field: 'source', from: 'AFP', to: 'A.F.P.' }) });
    expect(rename.status).toBe(403);
    await expectCleanExcept(editor, [400]);
  });

  test('4. the admin revokes the editor\'s token and disables the account; the editor\'s open page is refused its next write, clearly', async () => {
    await admin.page.click('#accounts-open');
    const item = admin.page.locator(`[data-account="${EDITOR}"]`);
    await item.waitFor();
    await item.locator('[data-action="tokens"]').click();
    await item.locator('[data-revoke]').click();
    await admin.page.locator('#ac-status', { hasText: `A token of ${EDITOR} was revoked.` }).waitFor();
    expect((await api('/reports', editorToken)).status).toBe(401);
    await item.locator('[data-action="disable"]').click();
    await admin.page.locator('#ac-status', { hasText: `${EDITOR} is disabled` }).waitFor();
    await admin.page.locator(`[data-account="${EDITOR}"].account-disabled`).waitFor();
    await admin.page.keyboard.press('Escape');

    // The editor's page is still open, and tries to add another report.
    await editor.page.click('#add-report');
    await editor.page.locator('#report-dialog').waitFor({ state: 'visible' });
    await editor.page.check('#rf-kind-incident');
    await editor.page.selectOption('#rf-metric', 'killed');
    await editor.page.fill('#rf-party', 'Civilians');
    await editor.page.fill('#rf-source', 'Regional administration');
    await editor.page.fill('#rf-date', '2021-12-21');
    await editor.page.fill('#rf-value', '1');
    await editor.page.click('#rf-save');
    await editor.page.locator('#sign-in-dialog').waitFor({ state: 'visible' });
    expect(await editor.page.textContent('#si-reason')).toBe('An admin has disabled this account, so this browser is signed out: ask an admin of this site if you need it back. Your change was not saved.');
    await screenshot(editor.page, 'accounts-refused-phone');
    expect((await api(`/reports?source=${encodeURIComponent('Regional administration')}`)).body.total).toBe(1);
    await expectCleanExcept(editor, [400, 401]);
  });

  test('5. the report\'s history names the editor', async () => {
    const hist = (await api(`/reports/${reportId}/history`)).body.items!;
    expect(hist.map((r) => [r.action, r.who, r.actor, r.account_name, r.legacy])).toEqual([['create', EDITOR, 'account', EDITOR, false]]);
    await admin.page.goto(`${base}/?party=Civilians&metric=killed`);
    await settled(admin.page);
    await admin.page.locator(`#reports tr[data-report-id="${reportId}"] td:nth-child(3)`).click();
    await admin.page.locator('#provenance').waitFor({ state: 'visible' });
    await admin.page.click('#provenance [data-action="history"]');
    const h = admin.page.locator('#history-dialog');
    await h.locator('.revision').first().waitFor();
    expect(await h.locator('.revision').first().textContent()).toContain(`Revision 1: Created by ${EDITOR}`);
    expect(await admin.page.getAttribute('#history-csv', 'href')).toBe(`/api/reports/${reportId}/history.csv?download=1`);
    await admin.page.keyboard.press('Escape');
  });

  test('6. the audit page lists every step, on a desktop and on a phone', async () => {
    await admin.page.click('#audit-open');
    const d = admin.page.locator('#audit-dialog');
    await d.locator('#audit-result tbody tr').first().waitFor();
    const rows = await d.locator('#audit-result tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const steps = rows.map((r) => [r[1], r[2], r[3]]).reverse();
    expect(steps).toEqual([
      ['Invitation link made', 'server', '—'],
      ['Account created', ADMIN, ADMIN],
      ['Invitation used (password set)', ADMIN, ADMIN],
      ['Signed in', ADMIN, ADMIN],
      ['Account created', ADMIN, EDITOR],
      ['Invitation link made', ADMIN, EDITOR],
      ['Invitation used (password set)', EDITOR, EDITOR],
      ['Signed in', EDITOR, EDITOR],
      ['Token created', EDITOR, EDITOR],
      ['Token revoked', ADMIN, EDITOR],
      ['Revoked token used', '—', EDITOR],
      ['Account disabled', ADMIN, EDITOR],
    ]);
    // Every line says where it came from.
    expect(rows.filter((r) => r[1] !== 'Invitation link made' || r[2] !== 'server').every((r) => /127\.0\.0\.1/.test(r[4]!))).toBe(true);
    // Filtered to one account.
    await admin.page.fill('#au-account', EDITOR);
    await admin.page.selectOption('#au-event', 'token_revoked');
    await admin.page.click('#audit-filters button[type=submit]');
    await admin.page.locator('#au-info', { hasText: '1–1 of 1' }).waitFor();
    await admin.page.fill('#au-account', '');
    await admin.page.selectOption('#au-event', '');
    await admin.page.click('#audit-filters button[type=submit]');
    await admin.page.locator('#au-info', { hasText: '1–12 of 12' }).waitFor();
    await screenshot(admin.page, 'accounts-audit-desktop');
    // The 400: the common password refused in step 1.
    await expectCleanExcept(admin, [400]);

    // The admin on a phone: the accounts and the audit log fit the screen.
    const phone = await adminOnPhone();
    for (const [button, dialog, ready, name] of [
      ['#accounts-open', '#accounts-dialog', `[data-account="${EDITOR}"]`, 'accounts-list-phone'],
      ['#audit-open', '#audit-dialog', '#audit-result tbody tr', 'accounts-audit-phone'],
    ] as const) {
      await phone.page.click(button);
      await phone.page.locator(ready).first().waitFor();
      const o = await overflow(phone.page);
      expect([name, o.doc]).toEqual([name, PHONE.width]);
      for (const dd of o.dialogs) expect([name, dd.scroll <= dd.client]).toEqual([name, true]);
      await screenshot(phone.page, name);
      await phone.page.locator(dialog).screenshot({ path: path.join(SCREENSHOTS, `${name}-dialog.png`) });
      await phone.page.keyboard.press('Escape');
      await phone.page.locator(dialog).waitFor({ state: 'detached' });
    }
    await expectCleanExcept(phone);
    await phone.context.close();
  });
});
