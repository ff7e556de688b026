// The open interfaces in headless Chromium: the embed drawn inside another site's page when that site
// is allowed, refused by the browser when it is not; a permalink opening the dashboard with its report
// shown; the "Copy embed code" button and the feed link of the view; the API reference page. Every page
// without a console error or a CSP violation; and on a private instance, the embed on another site
// answering 401 there. Screenshots in test-output/screenshots/.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame } from 'playwright-core';
import { addAccount, signIn } from '../helpers';
import { DESKTOP, PHONE, describeBrowser, openPage, screenshot, settled, startE2E, type E2E, type WatchedPage } from './browser';

const PM = `party=${encodeURIComponent('Ukrainian forces')}&metric=killed`;

/** Another site: a page that frames an embed of the app. */
function hostSite(embedSrc: () => string): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A news site</title></head><body>
<h1>Ukraine: the toll so far</h1><p>The article's text, then the chart.</p>
<iframe id="chart" src="${embedSrc()}" title="Ukrainian forces killed" width="100%" height="440"></iframe>
</body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

async function expectClean(w: WatchedPage, frame?: Frame): Promise<void> {
  expect(await w.violations()).toEqual([]);
  if (frame) expect(await frame.evaluate(() => window.__cspViolations ?? [])).toEqual([]);
  expect(w.problems).toEqual([]);
}

interface EmbedSnap { datasets: { label: string; data: { x: string; y: number }[]; drawn: { x: number; y: number }[] }[] }

describeBrowser('open interfaces in Chromium', () => {
  let e: E2E;
  let allowed: { server: http.Server; origin: string };
  let other: { server: http.Server; origin: string };
  let afpId: number;
  const embedPath = `/embed?${PM}&chart=main`;

  beforeAll(async () => {
    let appBase = '';
    allowed = await hostSite(() => `${appBase}${embedPath}`);
    other = await hostSite(() => `${appBase}${embedPath}`);
    e = await startE2E({ embedOrigins: [allowed.origin] });
    appBase = e.base;
    afpId = e.t.db.prepare("SELECT id FROM reports WHERE source = 'AFP' AND value = 61").pluck().get() as number;
  }, 60_000);

  afterAll(async () => {
    for (const s of [allowed?.server, other?.server]) s?.close();
    await e?.close();
  });

  test('a site named in TALLY_EMBED_ORIGINS shows the chart drawn, with its title and source line', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${allowed.origin}/`);
    const frame = (await (await w.page.waitForSelector('iframe#chart')).contentFrame())!;
    await frame.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error');
    expect(await frame.evaluate(() => document.body.dataset.state)).toBe('ready');
    expect(await frame.textContent('#embed-title')).toBe('Ukrainian forces · Killed: claims against the running count');
    expect(await frame.textContent('#embed-sources')).toBe('Tallies by AFP; count from every source\'s incidents.');
    expect(await frame.getAttribute('#embed-link', 'href')).toBe(`/?${PM.replace('%20', '+')}`);
    const snap = await frame.evaluate(() => window.__embed!.chart()) as unknown as EmbedSnap;
    const afp = snap.datasets.find((d) => d.label === 'AFP (tallies)')!;
    expect(afp.data.map((p) => [p.x, p.y])).toEqual([['2021-12-02', 61]]);
    expect(afp.drawn).toHaveLength(1);
    expect(afp.drawn[0]!.x).toBeGreaterThan(0);
    await w.page.waitForTimeout(300);
    await screenshot(w.page, 'embed-allowed-site');
    await expectClean(w, frame);
    await w.context.close();
  });

  test('another site is refused by the browser: the frame does not render the chart', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${other.origin}/`);
    await w.page.waitForSelector('iframe#chart');
    await w.page.waitForTimeout(1000);
    const frame = (await (await w.page.$('iframe#chart'))!.contentFrame())!;
    // Chromium puts its error page in the frame instead: none of the embed's script ran there.
    expect(frame.url()).toMatch(/^chrome-error:/);
    expect(await frame.evaluate(() => typeof (window as { __embed?: unknown }).__embed)).toBe('undefined');
    expect(w.problems.join('\n')).toMatch(/Framing '.*' violates the following Content Security Policy directive: "frame-ancestors 'self' http:\/\/127\.0\.0\.1:\d+"\. The request has been blocked\./);
    expect(w.requests.filter((u) => u.endsWith('/embed.js'))).toEqual([]);
    await screenshot(w.page, 'embed-refused-site');
    await w.context.close();
  });

  test('the embed on its own, at phone width, fits its frame, and estimates are a chart of their own', async () => {
    const w = await openPage(e.browser, PHONE);
    await w.page.goto(`${e.base}${embedPath}`);
    expect(await settled(w.page)).toBe('ready');
    const box = await w.page.$eval('#embed-chart', (c) => c.getBoundingClientRect().width);
    expect(box).toBeGreaterThan(300);
    expect(box).toBeLessThanOrEqual(390);
    await screenshot(w.page, 'embed-phone');
    await w.page.goto(`${e.base}/embed?party=${encodeURIComponent('Russian forces')}&metric=troops&chart=estimates`);
    expect(await settled(w.page)).toBe('ready');
    const snap = await w.page.evaluate(() => window.__embed!.chart()) as unknown as EmbedSnap;
    expect(snap.datasets.map((d) => d.label).sort()).toEqual(expect.arrayContaining([expect.stringContaining('Ukrainian government')]));
    await screenshot(w.page, 'embed-estimates-phone');
    await expectClean(w);
    await w.context.close();
  });

  test('the permalink of the AFP 61 opens the dashboard on its view with its quote shown', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}/?report=${afpId}`);
    expect(await settled(w.page)).toBe('ready');
    await w.page.waitForSelector('#provenance[open] blockquote.quote');
    expect(await w.page.textContent('#provenance-title')).toBe(`Report #${afpId}`);
    expect(await w.page.textContent('#provenance blockquote.quote')).toBe("The latest death brings Ukraine's toll in the simmering conflict to 61 since the start of the year, according to an AFP tally based on official figures");
    const url = new URL(w.page.url());
    expect([url.searchParams.get('party'), url.searchParams.get('metric')]).toEqual(['Ukrainian forces', 'killed']);
    expect(await w.page.textContent('#view-title')).toBe('Ukrainian forces · Killed');
    await screenshot(w.page, 'permalink-afp-61');
    await expectClean(w);
    await w.context.close();
  });

  test('"Copy embed code" copies the iframe of the chart of this view, and the feed link follows the view', async () => {
    const w = await openPage(e.browser, DESKTOP, { permissions: ['clipboard-read', 'clipboard-write'] });
    await w.page.goto(`${e.base}/?${PM}&source=AFP`);
    expect(await settled(w.page)).toBe('ready');
    expect(await w.page.getAttribute('link#feed-link', 'href')).toBe('/feed.atom?party=Ukrainian+forces&metric=killed&source=AFP');
    expect(await w.page.getAttribute('a#feed-view', 'href')).toBe('/feed.atom?party=Ukrainian+forces&metric=killed&source=AFP');
    await w.page.click('#embed-main');
    await w.page.waitForFunction(() => document.querySelector('.copy-status')?.textContent === 'Embed code copied');
    const code = await w.page.evaluate(() => navigator.clipboard.readText());
    expect(code).toBe(`<iframe src="${e.base}/embed?party=Ukrainian+forces&amp;metric=killed&amp;source=AFP&amp;chart=main" title="Ukrainian forces · killed: claims against the count" width="100%" height="440" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>`);
    await screenshot(w.page, 'copy-embed-code');
    // Another view: the feed link moves with it.
    await w.page.selectOption('#f-metric', 'wounded');
    expect(await settled(w.page)).toBe('ready');
    expect(await w.page.getAttribute('link#feed-link', 'href')).toBe('/feed.atom?party=Ukrainian+forces&metric=wounded&source=AFP');
    await expectClean(w);
    await w.context.close();
  });

  test('the API reference page reads well on a desktop and a phone, under the CSP', async () => {
    for (const [viewport, name] of [[DESKTOP, 'api-docs'], [PHONE, 'api-docs-phone']] as const) {
      const w = await openPage(e.browser, viewport);
      await w.page.goto(`${e.base}/api/docs`);
      await w.page.waitForLoadState('load');
      expect(await w.page.textContent('h1')).toMatch(/^conflict-tally API/);
      expect(await w.page.$$eval('section.operation', (s) => s.length)).toBeGreaterThanOrEqual(24);
      const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await w.page.screenshot({ path: (await screenshot(w.page, name)).replace('.png', '-top.png'), fullPage: false });
      await expectClean(w);
      await w.context.close();
    }
  });
});

describeBrowser('an embed of a private instance in Chromium', () => {
  let e: E2E;
  let host: { server: http.Server; origin: string };
  let cookie = '';

  beforeAll(async () => {
    let appBase = '';
    // Another site, not only another origin: a page on localhost framing 127.0.0.1 (cookies are kept
    // per site, and 127.0.0.1 on another port is the same site).
    const local = await hostSite(() => `${appBase}/embed?${PM}`);
    host = { server: local.server, origin: local.origin.replace('127.0.0.1', 'localhost') };
    e = await startE2E({ readMode: 'accounts', embedOrigins: [host.origin] });
    appBase = e.base;
    await addAccount(e.t, 'Desk Editor', 'editor');
    cookie = await signIn(e.t, 'Desk Editor');
  }, 60_000);

  afterAll(async () => {
    host?.server.close();
    await e?.close();
  });

  test('signed in, the embed shows on the instance\'s own pages; framed by another site, even an allowed one, it answers 401 there, the session cookie not being sent', async () => {
    const w = await openPage(e.browser);
    const [name, value] = cookie.split('=') as [string, string];
    await w.context.addCookies([{ name, value, url: e.base, httpOnly: true, sameSite: 'Strict' }]);
    await w.page.goto(`${e.base}/embed?${PM}`);
    expect(await settled(w.page)).toBe('ready');
    await expectClean(w);

    const statuses: number[] = [];
    w.page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/embed') statuses.push(r.status());
    });
    await w.page.goto(`${host.origin}/`);
    await w.page.waitForSelector('iframe#chart');
    await w.page.waitForTimeout(1000);
    expect(statuses).toEqual([401]);
    const frame = (await (await w.page.$('iframe#chart'))!.contentFrame())!;
    expect(await frame.evaluate(() => typeof (window as { __embed?: unknown }).__embed).catch(() => 'undefined')).toBe('undefined');
    await screenshot(w.page, 'embed-private-refused');
    await w.context.close();
  });
});
