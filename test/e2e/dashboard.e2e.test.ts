// The dashboard in headless Chromium, on the seed: what it shows, that it keeps its view in the URL,
// that it runs under the strict CSP without a single violation or console error, and that user text
// stays text. Screenshots land in test-output/screenshots/ (git-ignored).
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import {
  DESKTOP, PHONE, SCREENSHOTS, describeBrowser, openPage, screenshot, settled, startE2E, type E2E, type WatchedPage,
} from './browser';
import { apiSpans, breaksTheRule, pagePhrases, yearClaims } from './views';

interface Snap {
  datasets: {
    label: string; role: string | null; type: string; stepped: unknown; showLine: unknown;
    data: { x: string; y: number; ids: number[] }[]; drawn: { x: number; y: number }[];
  }[];
  chartArea: { left: number; top: number; right: number; bottom: number };
  axes: { x: { min: number; max: number; labels: string[] }; y: { min: number; max: number; labels: string[] } };
}

const XSS = '<img src=x onerror=alert(1)>';
const UA_KILLED = '/?party=Ukrainian%20forces&metric=killed';

const mainSnap = (page: Page) => page.evaluate(() => window.__charts!.main()) as unknown as Promise<Snap | null>;
const estimatesSnap = (page: Page) => page.evaluate(() => window.__charts!.estimates()) as unknown as Promise<Snap | null>;

async function expectClean(w: WatchedPage): Promise<void> {
  expect(await w.violations()).toEqual([]);
  expect(w.problems).toEqual([]);
}

describeBrowser('dashboard in Chromium', () => {
  let e: E2E;
  let xssId: number;

  beforeAll(async () => {
    e = await startE2E();
    // A report whose text would run if it were ever put into the page as HTML.
    const res = await e.t.http.post('/api/reports').set(e.t.auth).send({
      source: 'Test <b>source</b>', party: 'Test party', metric: 'wounded', kind: 'incident', date: '2021-06-01', value: 3,
      quote: XSS, notes: '<script>alert(2)</script>', url: 'https://example.org/report?a=1&b=2',
    });
    expect(res.status).toBe(201);
    xssId = res.body.id;
  }, 60_000);

  afterAll(async () => {
    await e?.close();
  });

  test('the default view is Ukrainian forces / killed, with the key sentence, and nothing on the console', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}/`);
    expect(await settled(w.page)).toBe('ready');
    const url = new URL(w.page.url());
    expect(url.searchParams.get('party')).toBe('Ukrainian forces');
    expect(url.searchParams.get('metric')).toBe('killed');
    await expect(w.page.textContent('#view-title')).resolves.toBe('Ukrainian forces · Killed');
    const sentences = await w.page.textContent('#key-sentences');
    expect(sentences).toContain('AFP: 61 so far in 2021 (to 2 Dec 2021), against 50 in all of 2020');
    await screenshot(w.page, 'desktop');
    // Only this server, and only documented read routes of the API, each with its own parameters.
    const documented: Record<string, string[]> = {
      '/api/facets': [],
      '/api/session': [],
      '/api/reports': ['party', 'metric', 'kind', 'source', 'from', 'to', 'q', 'limit', 'offset', 'sort'],
      '/api/series': ['party', 'metric', 'source', 'count_source', 'from', 'to', 'max_points'],
      '/api/compare': ['party', 'metric', 'source', 'count_source', 'year'],
      '/api/disagreements': ['party', 'metric', 'source', 'period_start', 'days', 'ratio', 'limit', 'offset', 'groups_limit', 'groups_offset'],
    };
    const api = w.requests.map((r) => new URL(r)).filter((u) => u.pathname.startsWith('/api/'));
    expect(w.requests.every((r) => r.startsWith(`${e.base}/`))).toBe(true);
    expect(api.length).toBeGreaterThan(4);
    for (const u of api) {
      const allowed = documented[u.pathname.replace(/^\/api\/reports\/\d+$/, '/api/facets')];
      expect([u.pathname, allowed !== undefined]).toEqual([u.pathname, true]);
      for (const k of u.searchParams.keys()) expect([u.pathname, k, allowed!.includes(k)]).toEqual([u.pathname, k, true]);
    }
    await expectClean(w);
    await w.context.close();
  });

  test('the seed\'s headline says the Ukrainian army\'s six cover 1 to 30 Nov 2021; no figure is called "so far" or "in all of" a year it does not cover', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${UA_KILLED}`);
    expect(await settled(w.page)).toBe('ready');
    const sentences = (await w.page.textContent('#key-sentences'))!;
    expect(sentences).toContain('Ukrainian army: 6 from 1 to 30 Nov 2021');
    expect(sentences).not.toContain('6 so far');
    const claims = await yearClaims(w.page);
    expect(claims.map((c) => `${c.kind} ${c.year}`).sort()).toEqual(['all of 2020', 'all of 2020', 'so far 2021', 'so far 2021']);
    expect(claims.filter(breaksTheRule)).toEqual([]);
    // The comparison table names the six's days too, under its column "2021 so far".
    expect(await w.page.locator('#compare tbody tr', { hasText: 'Ukrainian army' }).textContent()).toContain('from 1 to 30 Nov 2021');
    const spans = await apiSpans(e, 'party=Ukrainian%20forces&metric=killed');
    expect((await pagePhrases(w.page)).filter((p) => !spans.has(`${p.from}|${p.to}|${p.ids}`))).toEqual([]);
    await expectClean(w);
    await w.context.close();
  });

  test('the main chart draws the step line counted from 1 Jan 2021 and the claim points; 61 against 1, and 61 vs 50', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${UA_KILLED}`);
    expect(await settled(w.page)).toBe('ready');
    const snap = (await mainSnap(w.page))!;
    expect(snap).not.toBeNull();

    const count = snap.datasets.find((d) => d.role === 'count')!;
    expect(count.type).toBe('line');
    expect(count.stepped).toBe(true);
    // Counted from the period start (the window's first day), 1 on 1 Dec 2021, held to the 61's date.
    expect(count.data.map((p) => [p.x, p.y])).toEqual([['2021-01-01', 0], ['2021-12-01', 1], ['2021-12-02', 1]]);
    expect(count.label).toContain('since 1 Jan 2021');
    const band = snap.datasets.filter((d) => d.role === 'band-high' || d.role === 'band-low');
    expect(band).toHaveLength(2);

    const claims = snap.datasets.filter((d) => d.role === 'claims');
    expect(claims.map((d) => d.label)).toEqual(['AFP (tallies)']);
    expect(claims[0]!.data).toEqual([{ x: '2021-12-02', y: 61, ids: [expect.any(Number)] }]);
    // Drawn: every point of the line and the claim has a pixel position inside the chart area.
    for (const d of [count, claims[0]!]) {
      expect(d.drawn).toHaveLength(d.data.length);
      for (const p of d.drawn) {
        expect(p.x).toBeGreaterThanOrEqual(snap.chartArea.left - 1);
        expect(p.x).toBeLessThanOrEqual(snap.chartArea.right + 1);
        expect(p.y).toBeGreaterThanOrEqual(snap.chartArea.top - 1);
        expect(p.y).toBeLessThanOrEqual(snap.chartArea.bottom + 1);
      }
    }
    // The 61 sits far above the step line's 1.
    expect(claims[0]!.drawn[0]!.y).toBeLessThan(count.drawn[1]!.y - 50);

    expect(await w.page.textContent('#main-summary')).toContain(
      'AFP: 61 since 1 Jan 2021 (as of 2 Dec 2021), against 1 counted over the same period (gap +60)');
    const label = await w.page.getAttribute('#main-chart', 'aria-label');
    expect(label).toContain('AFP 61 as of 2 Dec 2021 (counted 1, gap +60)');

    // The data table beside the chart says the same (built when its disclosure opens).
    await w.page.click('#main-section details.disclosure summary');
    await w.page.locator('#main-table table').waitFor();
    const table = await w.page.textContent('#main-table');
    expect(table).toContain('Counted (running total)');
    expect(table).toContain('AFP (tally)');

    // Tallies over other periods, with figure, computed and gap.
    const others = await w.page.locator('#other-periods tbody tr').allTextContents();
    expect(others).toHaveLength(2);
    expect(others.find((r) => r.startsWith('AFP'))).toContain('1 Jan 2020 – 31 Dec 2020');
    expect(others.find((r) => r.startsWith('Ukrainian army'))).toMatch(/6.*1 Nov 2021 – 30 Nov 2021/);

    // Same-period comparison: AFP 61 so far against 50 in all of 2020; the count row; derived marked.
    const rows = await w.page.locator('#compare tbody tr').allTextContents();
    const afp = rows.find((r) => r.startsWith('AFP'))!;
    expect(afp).toMatch(/61.*50/);
    // Each figure covers its column's span: no note of days under it.
    expect(await w.page.locator('#compare tbody tr', { hasText: 'AFP' }).locator('.cell-note').count()).toBe(0);
    expect(await w.page.locator('#compare thead').textContent()).toContain('2020 in full');
    expect(rows.find((r) => r.startsWith('Ukrainian army'))).toContain('derived');
    expect(rows.find((r) => r.startsWith('Counted from incidents'))).toMatch(/Counted from incidents count\s*1/);
    await expectClean(w);
    await w.context.close();
  });

  test('clicking the 61 opens its provenance with the quote', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${UA_KILLED}`);
    await settled(w.page);
    const snap = (await mainSnap(w.page))!;
    const p = snap.datasets.find((d) => d.label === 'AFP (tallies)')!.drawn[0]!;
    const box = (await w.page.locator('#main-chart').boundingBox())!;
    await w.page.mouse.click(box.x + p.x, box.y + p.y);
    const dialog = w.page.locator('#provenance');
    await dialog.waitFor({ state: 'visible' });
    const text = await dialog.textContent();
    expect(text).toContain("The latest death brings Ukraine's toll in the simmering conflict to 61 since the start of the year");
    expect(text).toContain('France 24'); // via
    expect(text).toContain('1 Jan 2021 – 2 Dec 2021');
    await screenshot(w.page, 'desktop-provenance');
    await w.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expectClean(w);
    await w.context.close();
  });

  test('a filter change updates the URL, survives a reload, and back/forward work', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${UA_KILLED}`);
    await settled(w.page);
    await w.page.selectOption('#f-party', 'Pro-Russia separatists');
    await settled(w.page);
    expect(new URL(w.page.url()).searchParams.get('party')).toBe('Pro-Russia separatists');
    expect(await w.page.textContent('#key-sentences')).toContain('Pro-Russia separatists: about 40 so far in 2021');

    await w.page.reload();
    await settled(w.page);
    expect(await w.page.inputValue('#f-party')).toBe('Pro-Russia separatists');
    expect(await w.page.textContent('#view-title')).toBe('Pro-Russia separatists · Killed');
    const snap = (await mainSnap(w.page))!;
    expect(snap.datasets.find((d) => d.role === 'claims')!.data[0]!.y).toBe(40);

    // Several sources at once, as repeated parameters.
    await w.page.click('#f-source summary');
    await w.page.check('#f-source input[value="AFP"]');
    await settled(w.page);
    await w.page.check('#f-source input[value="Ukrainian army"]');
    await settled(w.page);
    expect(new URL(w.page.url()).searchParams.getAll('source')).toEqual(['AFP', 'Ukrainian army']);

    await w.page.goBack();
    await settled(w.page);
    expect(new URL(w.page.url()).searchParams.getAll('source')).toEqual(['AFP']);
    await w.page.goBack();
    await w.page.goBack();
    await settled(w.page);
    expect(await w.page.inputValue('#f-party')).toBe('Ukrainian forces');
    expect(await w.page.textContent('#key-sentences')).toContain('AFP: 61 so far');
    await w.page.goForward();
    await settled(w.page);
    expect(await w.page.inputValue('#f-party')).toBe('Pro-Russia separatists');
    await expectClean(w);
    await w.context.close();
  });

  test('Russian forces / troops shows the two estimates, never summed, with qualifiers and month precision', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}/?party=Russian%20forces&metric=troops`);
    expect(await settled(w.page)).toBe('ready');
    const snap = (await estimatesSnap(w.page))!;
    expect(snap.datasets).toHaveLength(1);
    expect(snap.datasets[0]!.label).toBe('Ukrainian government (estimates)');
    expect(snap.datasets[0]!.data.map((p) => [p.x, p.y])).toEqual([['2021-10-31', 115000], ['2021-12-02', 90000]]);
    expect(snap.datasets[0]!.drawn).toHaveLength(2);
    await w.page.click('#estimates-section details.disclosure summary');
    // The table is built on the disclosure's toggle event, which fires after the click returns.
    await w.page.locator('#estimates-table table').waitFor();
    const table = await w.page.textContent('#estimates-table');
    expect(table).toContain('Oct 2021');
    expect(table).toContain('about 115,000');
    expect(table).toContain('more than 90,000');
    expect(await w.page.textContent('#key-sentences')).toContain(
      'Ukrainian government: more than 90,000 troops as of 2 Dec 2021, against about 115,000 as of Oct 2021');
    // No blank chart of tallies: that section is not shown for troops, and the page says why.
    expect(await w.page.isHidden('#main-section')).toBe(true);
    expect(await w.page.textContent('#key-sentences')).toContain('never added up');
    expect(await mainSnap(w.page)).toBeNull();
    await screenshot(w.page, 'desktop-troops');
    await expectClean(w);
    await w.context.close();
  });

  test('a view of one incident on one day: an axis of days around it, whole-number figures, no label twice', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}/?party=Test%20party&metric=wounded`);
    expect(await settled(w.page)).toBe('ready');
    const snap = (await mainSnap(w.page))!;
    expect(snap.datasets.find((d) => d.role === 'count')?.data.map((p) => [p.x, p.y])).toEqual([['2021-06-01', 3]]);
    // Before: one millisecond wide, labelled "11:59:59.999 p.m.", "12:00:00.000 a.m."; y labelled 0, 1, 1, 2, 2, 3.
    expect(snap.axes.x.max - snap.axes.x.min).toBeGreaterThanOrEqual(2 * 86_400_000);
    for (const axis of [snap.axes.x, snap.axes.y]) {
      expect(axis.labels.length).toBeGreaterThan(1);
      expect(new Set(axis.labels).size).toBe(axis.labels.length);
    }
    expect(snap.axes.x.labels.filter((l) => /[:.]|[ap]\.?m/i.test(l))).toEqual([]);
    expect(snap.axes.y.labels.every((l) => /^\d{1,3}(,\d{3})*$/.test(l))).toBe(true);
    await w.page.locator('#main-section').screenshot({ path: `${SCREENSHOTS}/desktop-one-incident-chart.png` });
    await expectClean(w);
    await w.context.close();
  });

  test('a quote of <img src=x onerror=alert(1)> shows as text and runs nothing', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}/?party=Test%20party&metric=wounded`);
    expect(await settled(w.page)).toBe('ready');
    const row = w.page.locator(`#reports tr[data-report-id="${xssId}"]`);
    expect(await row.locator('.quote-cell').textContent()).toBe(XSS);
    await row.locator('button').first().click();
    const dialog = w.page.locator('#provenance');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('blockquote').textContent()).toBe(XSS);
    expect(await dialog.textContent()).toContain('<script>alert(2)</script>');
    expect(await dialog.textContent()).toContain('Test <b>source</b>');
    expect(await w.page.locator('img').count()).toBe(0);
    expect(await w.page.locator('#provenance b, #provenance script').count()).toBe(0);
    const link = dialog.locator('a.source-link');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('href')).toBe('https://example.org/report?a=1&b=2');
    await expectClean(w); // no alert() dialog, no CSP report of a blocked inline handler
    await w.context.close();
  });

  test('"Download PNG" gives a PNG of the chart', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${UA_KILLED}`);
    await settled(w.page);
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('#png-main')]);
    expect(download.suggestedFilename()).toBe('conflict-tally-ukrainian-forces-killed-claims.png');
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.length).toBeGreaterThan(5000);
    await expectClean(w);
    await w.context.close();
  });

  test('the reports table sorts by date and each row opens its report', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${UA_KILLED}`);
    await settled(w.page);
    const dates = () => w.page.locator('#reports tbody tr td:first-child').allTextContents();
    expect(await dates()).toEqual(['2 Dec 2021', '1 Dec 2021', '30 Nov 2021', '31 Dec 2020']);
    expect(await w.page.textContent('#page-info')).toBe('1–4 of 4 reports');
    await w.page.click('#sort-date');
    await settled(w.page);
    expect(new URL(w.page.url()).searchParams.get('sort')).toBe('date');
    expect(await dates()).toEqual(['31 Dec 2020', '30 Nov 2021', '1 Dec 2021', '2 Dec 2021']);
    await w.page.locator('#reports tbody tr').nth(2).locator('td').nth(2).click();
    const dialog = w.page.locator('#provenance');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain('A Ukrainian soldier was killed in clashes');
    await expectClean(w);
    await w.context.close();
  });

  test('a party with no data says so instead of drawing a blank canvas', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}/?party=Nobody&metric=killed`);
    expect(await settled(w.page)).toBe('ready');
    expect(await w.page.isHidden('#main-chart-box')).toBe(true);
    expect(await w.page.textContent('#main-chart-message')).toContain('No tallies and no incidents of Nobody · killed');
    expect(await w.page.textContent('#reports')).toContain('No reports match these filters.');
    expect(await w.page.textContent('#compare')).toContain('Nothing to compare');
    expect(await mainSnap(w.page)).toBeNull();
    await screenshot(w.page, 'desktop-empty');
    await expectClean(w);
    await w.context.close();
  });

  test('when the server cannot be reached, the page says so and retries', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${UA_KILLED}`);
    await settled(w.page);
    await w.page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await w.page.selectOption('#f-metric', 'wounded');
    expect(await settled(w.page)).toBe('error');
    const status = await w.page.textContent('#status');
    expect(status).toContain('The server cannot be reached');
    await screenshot(w.page, 'desktop-server-down');
    await w.page.unroute('**/api/**');
    await w.page.click('#retry');
    expect(await settled(w.page)).toBe('ready');
    expect(await w.page.textContent('#view-title')).toBe('Ukrainian forces · Wounded');
    // Only the refused requests themselves were logged.
    expect(w.problems.every((p) => /Failed to load resource|ERR_CONNECTION_REFUSED/.test(p))).toBe(true);
    expect(await w.violations()).toEqual([]);
    await w.context.close();
  });

  test('on a phone (390 px) nothing scrolls sideways, and the keyboard reaches the filters', async () => {
    const w = await openPage(e.browser, PHONE);
    await w.page.goto(`${e.base}/`);
    expect(await settled(w.page)).toBe('ready');
    // Open every disclosure, so the data tables are measured too.
    await w.page.evaluate(() => document.querySelectorAll('details.disclosure').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const snap = (await mainSnap(w.page))!;
    expect(snap.chartArea.right).toBeLessThanOrEqual(PHONE.width);
    await screenshot(w.page, 'phone');
    for (const id of ['filters', 'main-section', 'compare-section', 'reports-section']) {
      await w.page.locator(`#${id}`).screenshot({ path: `${SCREENSHOTS}/phone-${id}.png` });
    }

    await w.page.goto(`${e.base}/?party=Russian%20forces&metric=troops`);
    await settled(w.page);
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(w.page, 'phone-troops');

    // Keyboard: Tab from the top reaches the party filter, then the metric.
    await w.page.keyboard.press('Tab'); // skip link
    await w.page.keyboard.press('Tab');
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('f-party');
    await w.page.keyboard.press('Tab');
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('f-metric');
    await expectClean(w);
    await w.context.close();
  });

  test('desktop screenshot of the whole page with the data tables open', async () => {
    const w = await openPage(e.browser, DESKTOP);
    await w.page.goto(`${e.base}${UA_KILLED}`);
    await settled(w.page);
    await w.page.evaluate(() => document.querySelectorAll('details.disclosure').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DESKTOP.width);
    await screenshot(w.page, 'desktop-tables');
    await expectClean(w);
    await w.context.close();
  });
});
