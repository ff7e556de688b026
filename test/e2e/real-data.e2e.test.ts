// The dashboard on real data (issue 11): the two samples (Gaza, Lebanon) and a synthetic view of 24
// sources (one daily series of 1,500 tallies, 23 sparse, no incidents), loaded through one import.
// Every figure's words are checked against the days the API gives; the headline, the legend and the
// flags must stay readable. Screenshots at 1280 and 390 px land in test-output/screenshots/.
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, describeBrowser, openPage, screenshot, settled, startE2E, type E2E, type WatchedPage } from './browser';
import { DAILY_SOURCE, SPARSE_SOURCES, SYNTHETIC_PARTY, bulkImport, csvOf, sampleBody, twentyFourSources } from './synthetic';
import { apiSpans, breaksTheRule, flagsHeight, headlineSources, legendEntries, pagePhrases, yearClaims } from './views';

interface Snap {
  datasets: {
    label: string; role: string | null; source: string | null; hidden: boolean; showLine: unknown; colour: string; dash: number[];
    pointStyle: string; pointRadius: number; data: { x: string; y: number }[]; ranges: ({ low: number; high: number } | null)[];
  }[];
}
const mainSnap = (page: Page) => page.evaluate(() => window.__charts!.main()) as unknown as Promise<Snap | null>;

const VIEWS = {
  gaza: { party: 'Palestinians in Gaza', metric: 'killed' },
  lebanon: { party: 'People in Lebanon', metric: 'killed' },
  synthetic: { party: SYNTHETIC_PARTY, metric: 'killed' },
} as const;
type ViewName = keyof typeof VIEWS;
const query = (v: ViewName) => `party=${encodeURIComponent(VIEWS[v].party)}&metric=${VIEWS[v].metric}`;

async function expectClean(w: WatchedPage): Promise<void> {
  expect(await w.violations()).toEqual([]);
  expect(w.problems).toEqual([]);
}

describeBrowser('the dashboard on the samples and on 24 sources', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E();
    const csv = csvOf(twentyFourSources());
    const inserted = await bulkImport(e, `${csv}${sampleBody('gaza-daily.csv')}${sampleBody('lebanon-daily.csv')}`);
    expect(inserted).toBeGreaterThan(4000);
  }, 120_000);

  afterAll(async () => {
    await e?.close();
  });

  async function open(view: ViewName, viewport = DESKTOP): Promise<WatchedPage> {
    const w = await openPage(e.browser, viewport);
    await w.page.goto(`${e.base}/?${query(view)}`);
    expect(await settled(w.page)).toBe('ready');
    return w;
  }

  test.each(['gaza', 'lebanon', 'synthetic'] as ViewName[])('%s: "so far in Y" and "in all of Y" only where the API\'s days say so, and every worded figure is one the API gave', async (view) => {
    const w = await open(view);
    const claims = await yearClaims(w.page);
    // Lebanon's counts are not aligned on years: none of its figures may be called either.
    if (view !== 'lebanon') expect(claims.length).toBeGreaterThan(0);
    expect(claims.filter(breaksTheRule)).toEqual([]);
    const phrases = await pagePhrases(w.page);
    expect(phrases.length).toBeGreaterThan(0);
    const spans = await apiSpans(e, query(view));
    expect(phrases.filter((p) => !spans.has(`${p.from}|${p.to}|${p.ids}`))).toEqual([]);
    await expectClean(w);
    await w.context.close();
  });

  test('the samples\' figures as issue 11 gives them, each with its days', async () => {
    let w = await open('lebanon');
    const lebanon = await w.page.textContent('#key-sentences');
    expect(lebanon).toContain('Lebanon Ministry of Public Health: 4,346 from 2 Mar to 16 Aug 2026');
    expect(lebanon).toContain('Nothing is counted in this view');
    await w.context.close();
    w = await open('gaza');
    expect(await w.page.textContent('#key-sentences')).toContain('Gaza Ministry of Health: 2,150 so far in 2026 (to 22 Aug 2026), against 25,728 in all of 2025');
    await w.context.close();
  });

  test('the headline: five source sentences, the most recent first, "and N more sources" opens the rest; nothing counted is said once', async () => {
    const w = await open('synthetic');
    const { shown, more, moreLabel } = await headlineSources(w.page);
    // The sources the comparison has rows for, most recent tally first (ties by name).
    const compare = (await e.t.http.get(`/api/compare?${query('synthetic')}`)).body as { sources: { source: string }[]; derived: { source: string }[] };
    const series = (await e.t.http.get(`/api/series?${query('synthetic')}`)).body as { claims: { source: string; date: string }[] };
    const latest = new Map<string, string>();
    for (const c of series.claims) if (c.date > (latest.get(c.source) ?? '')) latest.set(c.source, c.date);
    const withRows = [...new Set([...compare.sources, ...compare.derived].map((r) => r.source))];
    const expected = withRows.sort((a, b) => (latest.get(b)! > latest.get(a)! ? 1 : latest.get(b)! < latest.get(a)! ? -1 : a < b ? -1 : 1));
    expect(withRows.length).toBeGreaterThan(5);
    expect(shown).toEqual(expected.slice(0, 5));
    expect(more).toEqual(expected.slice(5));
    expect(moreLabel).toBe(`and ${expected.length - 5} more sources`);
    expect(await w.page.isVisible('#more-sources p.key-sentence')).toBe(false);
    // Opened by keyboard.
    await w.page.focus('#more-sources > summary');
    await w.page.keyboard.press('Enter');
    await w.page.locator('#more-sources p.key-sentence').first().waitFor({ state: 'visible' });
    // No incidents here: one line says so, and no sentence sets a claim against a count of nought.
    expect(await w.page.locator('#nothing-counted').count()).toBe(1);
    const headline = (await w.page.textContent('#key-sentences'))!;
    expect(headline).not.toMatch(/gap|against 0|Counted from incidents/);
    expect(await w.page.textContent('#main-summary')).not.toMatch(/gap|counted over the same period/);
    expect(await w.page.locator('#compare tbody th', { hasText: 'Counted from incidents' }).count()).toBe(0);
    await expectClean(w);
    await w.context.close();
  });

  test('24 sources: 24 legend entries with 24 distinct looks; the daily series is a line; a legend entry hides and shows its source', async () => {
    const w = await open('synthetic');
    const entries = (await legendEntries(w.page)).filter((x) => x.role === 'claims');
    expect(entries.map((x) => x.source).sort()).toEqual([DAILY_SOURCE, ...SPARSE_SOURCES].sort());
    expect(new Set(entries.map((x) => x.look)).size).toBe(24);
    const snap = (await mainSnap(w.page))!;
    const claims = snap.datasets.filter((d) => d.role === 'claims');
    expect(claims).toHaveLength(24);
    expect(new Set(claims.map((d) => `${d.colour}|${d.dash.join(' ')}|${d.pointStyle}`)).size).toBe(24);
    // The legend shows each series' own look.
    for (const d of claims) expect(entries.find((x) => x.source === d.source)!.look).toBe(`${d.colour}|${d.dash.join(' ')}|${d.pointStyle}`);
    const daily = claims.find((d) => d.source === DAILY_SOURCE)!;
    expect([daily.data.length, daily.pointRadius, daily.showLine]).toEqual([1500, 0, true]);
    for (const d of claims.filter((x) => x !== daily)) expect([d.source, d.pointRadius > 0]).toEqual([d.source, true]);
    // A figure stated only as a range keeps its range (drawn as a bar at its point).
    const ranged = claims.flatMap((d) => d.data.map((p, i) => ({ y: p.y, range: d.ranges[i] }))).filter((p) => p.range !== null);
    expect(ranged).toHaveLength(1);
    expect(ranged[0]!.y).toBe(ranged[0]!.range!.low);
    expect(ranged[0]!.range!.high - ranged[0]!.range!.low).toBe(14_000);
    // Hide the daily series with the keyboard, then show it again with a click.
    const button = w.page.locator(`#main-legend .legend-entry[data-source="${DAILY_SOURCE}"]`);
    await button.focus();
    await w.page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect((await mainSnap(w.page))!.datasets.find((d) => d.source === DAILY_SOURCE)!.hidden).toBe(true);
    await button.click();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect((await mainSnap(w.page))!.datasets.find((d) => d.source === DAILY_SOURCE)!.hidden).toBe(false);
    await expectClean(w);
    await w.context.close();
  });

  test.each([['synthetic', DESKTOP], ['synthetic', PHONE], ['gaza', DESKTOP], ['gaza', PHONE]] as [ViewName, typeof DESKTOP][])(
    '%s at %o: the flags section is at most one screen tall before a group is opened', async (view, viewport) => {
      const w = await open(view, viewport);
      const { section, screen } = await flagsHeight(w.page);
      expect(section).toBeGreaterThan(0);
      expect(section).toBeLessThanOrEqual(screen);
      await expectClean(w);
      await w.context.close();
    });

  test('Gaza: the disagreements are one group of two sources that opens to its two pairs, each with its days apart', async () => {
    const w = await open('gaza');
    const api = (await e.t.http.get(`/api/disagreements?${query('gaza')}`)).body as {
      total: number; groups: { sources: [string, string]; period_start: string; compared: number; flagged: number }[];
    };
    expect(api.groups.filter((g) => g.flagged > 0)).toHaveLength(1);
    const g = api.groups.find((x) => x.flagged > 0)!;
    const group = w.page.locator('#disagreements details.flag-group.flagged');
    expect(await group.count()).toBe(1);
    const summary = (await group.locator('summary').textContent())!;
    expect(summary).toContain('Gaza Government Media Office vs Gaza Ministry of Health, since 7 Oct 2023: 8 compared, 2 differ by more than 10%, largest');
    await group.locator('summary').click();
    await group.locator('li.flag').nth(g.flagged - 1).waitFor();
    const pairs = await group.locator('li.flag').evaluateAll((els) => els.map((el) => [el.getAttribute('data-pair'), el.textContent ?? '']));
    const q = `${query('gaza')}&source=${encodeURIComponent(g.sources[0])}&source=${encodeURIComponent(g.sources[1])}&period_start=${g.period_start}`;
    const items = ((await e.t.http.get(`/api/disagreements?${q}`)).body as { items: { a: { id: number }; b: { id: number }; days: number }[] }).items;
    expect(pairs.map(([ids]) => ids)).toEqual(items.map((d) => `${d.a.id},${d.b.id}`));
    pairs.forEach(([, text], i) => expect(text).toContain(items[i]!.days === 0 ? 'the same day' : `${items[i]!.days} day${items[i]!.days === 1 ? '' : 's'} apart`));
    await screenshot(w.page, 'real-gaza-flags-open-1280');
    await expectClean(w);
    await w.context.close();
  });

  test('synthetic: a group of the many opens to its pairs, paged', async () => {
    const w = await open('synthetic');
    const group = w.page.locator('#disagreements details.flag-group.flagged').first();
    const sources = (await group.getAttribute('data-sources'))!.split('\u001f');
    const period = (await group.getAttribute('data-period-start'))!;
    await group.locator('summary').click();
    await group.locator('li.flag').first().waitFor();
    const q = `${query('synthetic')}&source=${encodeURIComponent(sources[0]!)}&source=${encodeURIComponent(sources[1]!)}&period_start=${period}&limit=1000`;
    const items = ((await e.t.http.get(`/api/disagreements?${q}`)).body as { items: { a: { id: number }; b: { id: number } }[] }).items;
    // Page by page until every pair is listed.
    for (let i = 0; i < 100 && (await group.locator('li.flag').count()) < items.length; i++) {
      const count = await group.locator('li.flag').count();
      await group.locator('.flag-more button').click();
      await group.locator('li.flag').nth(count).waitFor();
    }
    const listed = await group.locator('li.flag').evaluateAll((els) => els.map((el) => el.getAttribute('data-pair')));
    expect(listed).toEqual(items.map((d) => `${d.a.id},${d.b.id}`));
    await expectClean(w);
    await w.context.close();
  });

  test.each(['gaza', 'lebanon', 'synthetic'] as ViewName[])('%s: screenshots at 1280 and 390 px, nothing scrolls sideways on a phone', async (view) => {
    for (const [viewport, size] of [[DESKTOP, 1280], [PHONE, 390]] as const) {
      const w = await open(view, viewport);
      expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await screenshot(w.page, `real-${view}-${size}`);
      await expectClean(w);
      await w.context.close();
    }
  });
});
