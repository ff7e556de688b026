// Browser-test support: Debian's Chromium driven by playwright-core, against the real app on a real
// port over a temp SQLite file holding the seed.
//
// Chromium is looked for at CHROMIUM_PATH, else /usr/bin/chromium. When it is missing the suites
// skip with a warning, unless E2E_REQUIRED=1 (as .ci/run sets), where they fail instead.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { createStore } from '../../server/db/store';
import { loadSeed } from '../../server/seed';
import { testApp, type TestApp } from '../helpers';
import { ensureBuilt } from '../support/build';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const E2E_REQUIRED = process.env.E2E_REQUIRED === '1';
export const ROOT = path.join(__dirname, '..', '..');
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync'];

export function chromiumFound(): boolean {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** describe() when Chromium is there; else a skip with a message, or a failure when required. */
export function describeBrowser(name: string, fn: () => void): void {
  if (chromiumFound()) {
    describe(name, fn);
  } else if (E2E_REQUIRED) {
    describe(name, () => {
      test('Chromium is installed (E2E_REQUIRED=1)', () => {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}, and E2E_REQUIRED=1: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
      });
    });
  } else {
    console.warn(`Chromium not found at ${CHROMIUM_PATH}: browser tests skipped; install Debian's chromium (or set CHROMIUM_PATH, and E2E_REQUIRED=1 to make this a failure).`);
    describe.skip(name, fn);
  }
}

/** Builds the dashboard when dist/web is missing or older than any file of web/ (npm test builds first anyway). */
export { ensureBuilt };

export interface E2E {
  t: TestApp;
  server: Server;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The app on 127.0.0.1 (a free port) with the seed loaded, and a Chromium. */
export async function startE2E(options: Parameters<typeof testApp>[0] = {}): Promise<E2E> {
  ensureBuilt();
  const t = testApp(options);
  await loadSeed(createStore(t.db));
  const server = t.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: LAUNCH_ARGS });
  return {
    t, server, base, browser,
    async close() {
      await browser.close().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      t.close();
    },
  };
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors, CSP violations and dialogs (alert() and the like). */
  problems: string[];
  /** Every URL the page requested (documents, scripts, API calls, images). */
  requests: string[];
  /** CSP violations only, from the page's own securitypolicyviolation events. */
  violations: () => Promise<string[]>;
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

declare global {
  interface Window { __cspViolations?: string[] }
}

export async function openPage(browser: Browser, viewport = DESKTOP, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport, acceptDownloads: true, deviceScaleFactor: 1, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}), ...options,
  });
  // Runs before any page script: records every CSP violation the page reports.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations!.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Refused to|Content Security Policy/i.test(m.text())) problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog (${d.type()}): ${d.message()}`);
    void d.dismiss();
  });
  return {
    context, page, problems, requests,
    violations: () => page.evaluate(() => window.__cspViolations ?? []),
  };
}

/** Waits until the page has drawn its current view (body[data-state] is ready or error). */
export async function settled(page: Page): Promise<string> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error');
  return (await page.getAttribute('body', 'data-state')) ?? '';
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
