// Helpers for the browser tests of the write controls (sign-in, form, history, import).
import type { Page } from 'playwright-core';
import type { Role } from '../../server/domain/accounts';
import { PASSWORD, TOKEN, addAccount, type TestApp } from '../helpers';
import { settled, type WatchedPage } from './browser';

export { PASSWORD, TOKEN };

export interface ChartSnap {
  datasets: { label: string; role: string | null; data: { x: string; y: number; ids: number[] }[]; drawn: { x: number; y: number }[] }[];
}

export const mainSnap = (page: Page) => page.evaluate(() => window.__charts!.main()) as unknown as Promise<ChartSnap | null>;

/** The account `name` (made with PASSWORD and `role` the first time it is asked for). */
export async function ensureAccount(t: TestApp, name: string, role: Role = 'admin'): Promise<void> {
  if (!t.store.accountByName(name)) await addAccount(t, name, role);
}

/** Signs in as `name` through the sign-in dialog (the account is made first if it does not exist):
 *  name, password, Enter, as a person types them. */
export async function signInAs(page: Page, t: TestApp, base: string, name: string, path = '/', role: Role = 'admin'): Promise<void> {
  await ensureAccount(t, name, role);
  await page.goto(`${base}${path}`);
  await settled(page);
  await page.locator('#sign-in').click();
  await page.locator('#sign-in-dialog').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.activeElement?.id === 'si-name');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('#write-tools').waitFor({ state: 'visible' });
  await settled(page);
}

/** Presses Tab (or Shift+Tab) until the element with `id` has focus; fails after `max` presses. */
export async function tabTo(page: Page, id: string, max = 60, back = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(() => document.activeElement?.id ?? '') === id) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached #${id} (focus is on #${await page.evaluate(() => document.activeElement?.id ?? '')})`);
}

/** Waits until a write's effects are drawn: the view loaded again and the given row is (not) there. */
export async function rowShown(page: Page, id: number, shown = true): Promise<void> {
  await page.locator(`#reports tr[data-report-id="${id}"]`).waitFor({ state: shown ? 'attached' : 'detached' });
  await settled(page);
}

/** Console lines Chromium prints for answers the test expects (a 400, 412, 422…): not page errors. */
export function unexpectedProblems(w: WatchedPage, statuses: number[] = []): string[] {
  return w.problems.filter((p) => !statuses.some((s) => p.includes(`the server responded with a status of ${s}`)));
}

export async function expectCleanExcept(w: WatchedPage, statuses: number[] = []): Promise<void> {
  expect(await w.violations()).toEqual([]);
  expect(unexpectedProblems(w, statuses)).toEqual([]);
}

/** The page's horizontal overflow: the document, and every open dialog's body. */
export async function overflow(page: Page): Promise<{ doc: number; dialogs: { id: string; scroll: number; client: number }[] }> {
  return page.evaluate(() => ({
    doc: document.documentElement.scrollWidth,
    dialogs: [...document.querySelectorAll('dialog[open]')].map((d) => ({
      id: d.id, scroll: Math.max(d.scrollWidth, d.querySelector('.modal-body')?.scrollWidth ?? 0), client: d.clientWidth,
    })),
  }));
}
