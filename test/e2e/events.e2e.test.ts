// A point of the running total opens the events it adds up (issue 11): on the seed plus 2,000
// incidents over three years (some events reported two or three times, 80 reports on one day), with
// the running total reduced to weeks, each point lists exactly the chosen reports GET /api/events gives
// for its days: from the day after the point before (the first: the window's start) to its own date.
import type { Page } from 'playwright-core';
import { describeBrowser, openPage, screenshot, settled, startE2E, type E2E, type WatchedPage } from './browser';
import { INCIDENT_PARTY, addDays, bulkImport, csvOf, twoThousandIncidents } from './synthetic';

interface Snap {
  datasets: { role: string | null; data: { x: string; y: number }[]; spans: ({ from: string | null; to: string } | null)[]; drawn: { x: number; y: number }[] }[];
}
const mainSnap = (page: Page) => page.evaluate(() => window.__charts!.main()) as unknown as Promise<Snap | null>;

const WINDOW_FROM = '2019-01-01';
const BASE = `party=${encodeURIComponent(INCIDENT_PARTY)}&metric=killed`;
const VIEW = `/?${BASE}&period_start=${WINDOW_FROM}&max_points=200`;

interface EventItem { date: string; chosen: { id: number }; other_ids: number[] }

describeBrowser('the events behind a point of the running total', () => {
  let e: E2E;
  /** The running total as the series route answers it for the page's window. */
  let running: { date: string; total: number }[];

  beforeAll(async () => {
    e = await startE2E();
    expect(await bulkImport(e, csvOf(twoThousandIncidents()))).toBe(2000);
    const series = (await e.t.http.get(`/api/series?${BASE}&from=${WINDOW_FROM}&max_points=200`)).body as { bucket: string; running: { date: string; total: number }[] };
    expect(series.bucket).toBe('week');
    running = series.running;
  }, 120_000);

  afterAll(async () => {
    await e?.close();
  });

  /** The days a point stands for, from the series answer alone. */
  const spanOf = (i: number) => ({ from: i === 0 ? WINDOW_FROM : addDays(running[i - 1]!.date, 1), to: running[i]!.date });

  async function apiEvents(span: { from: string; to: string }): Promise<EventItem[]> {
    const body = (await e.t.http.get(`/api/events?${BASE}&from=${span.from}&to=${span.to}&limit=1000`)).body as { items: EventItem[]; total: number };
    expect(body.total).toBe(body.items.length);
    return body.items;
  }

  /** The chosen report ids the panel lists, page after page. */
  async function listedIds(w: WatchedPage): Promise<number[]> {
    const panel = w.page.locator('#provenance');
    await panel.locator('li.event, .message-empty').first().waitFor();
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push(...(await panel.locator('li.event').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-report-id'))))));
      const next = panel.locator('#events-next');
      if ((await next.count()) === 0 || (await next.isDisabled())) break;
      const first = await panel.locator('li.event').first().getAttribute('data-report-id');
      await next.click();
      await w.page.waitForFunction((id) => document.querySelector('#provenance li.event')?.getAttribute('data-report-id') !== id, first);
    }
    return ids;
  }

  /** The week of 15 Jun 2020 (80 reports, two pages of events) opened by keyboard from the main chart's
   *  data table, on a new page: the page and that week's index among the points. */
  async function openBusyWeekByKeyboard(): Promise<{ w: WatchedPage; i: number }> {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${VIEW}`);
    await settled(w.page);
    const i = running.findIndex((_, k) => spanOf(k).from <= '2020-06-15' && '2020-06-15' <= spanOf(k).to);
    await w.page.focus('#main-section details.disclosure summary');
    await w.page.keyboard.press('Enter');
    const row = w.page.locator('#main-table tbody tr', { hasText: 'Counted (running total)' }).nth(i);
    await row.waitFor();
    await row.locator('button').focus();
    await w.page.keyboard.press('Enter');
    await w.page.locator('#provenance').waitFor({ state: 'visible' });
    return { w, i };
  }

  test('each point carries the days it stands for; a click lists exactly the events the API gives for them', async () => {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${VIEW}`);
    expect(await settled(w.page)).toBe('ready');
    expect(await w.page.textContent('#status')).toContain('last point of each week');
    const count = (await mainSnap(w.page))!.datasets.find((d) => d.role === 'count')!;
    const points = count.data.map((p, i) => ({ ...p, span: count.spans[i], drawn: count.drawn[i]! })).filter((p) => p.span);
    expect(points.map((p) => [p.x, p.span])).toEqual(running.map((p, i) => [p.date, spanOf(i)]));

    // A point in the middle, clicked where it is drawn.
    const i = Math.floor(points.length / 2);
    // The chart's bottom (where the first weeks are drawn) inside the window, so a click lands on it.
    await w.page.locator('#main-chart').scrollIntoViewIfNeeded();
    const box = (await w.page.locator('#main-chart').boundingBox())!;
    await w.page.mouse.click(box.x + points[i]!.drawn.x, box.y + points[i]!.drawn.y);
    await w.page.locator('#provenance').waitFor({ state: 'visible' });
    const expected = await apiEvents(spanOf(i));
    expect(expected.length).toBeGreaterThan(0);
    expect(await listedIds(w)).toEqual(expected.map((x) => x.chosen.id));
    expect(await w.page.textContent('#provenance-title')).toContain('Counted from');
    await screenshot(w.page, 'events-week-1280');
    await w.page.keyboard.press('Escape');

    // The first point: from the window's start.
    await w.page.mouse.click(box.x + points[0]!.drawn.x, box.y + points[0]!.drawn.y);
    await w.page.locator('#provenance').waitFor({ state: 'visible' });
    expect(await listedIds(w)).toEqual((await apiEvents(spanOf(0))).map((x) => x.chosen.id));
    expect(w.problems).toEqual([]);
    expect(await w.violations()).toEqual([]);
    await w.context.close();
  });

  test('by keyboard from the data table: the week of the 80 reports of 15 Jun 2020 pages, and an event shows its other reports', async () => {
    const { w, i } = await openBusyWeekByKeyboard();
    const expected = await apiEvents(spanOf(i));
    expect(expected.length).toBeGreaterThan(80);
    expect(await w.page.textContent('#events-summary')).toContain(`${expected.length} events counted`);
    expect(await listedIds(w)).toEqual(expected.map((x) => x.chosen.id));
    await w.context.close();

    // An event with several reports says how many others it has, and shows them on demand.
    const all = ((await e.t.http.get(`/api/events?${BASE}&from=${WINDOW_FROM}&limit=1000`)).body as { items: EventItem[] }).items;
    // (away from the busy week of 15 Jun 2020, whose events take two pages)
    const x = all.find((ev) => ev.other_ids.length > 1 && (ev.date < '2020-06-01' || ev.date > '2020-06-30'))!;
    const k = running.findIndex((_, j) => spanOf(j).from <= x.date && x.date <= spanOf(j).to);
    const w2 = await openPage(e.browser);
    await w2.page.goto(`${e.base}${VIEW}`);
    await settled(w2.page);
    const count = (await mainSnap(w2.page))!.datasets.find((d) => d.role === 'count')!;
    const drawn = count.drawn[count.data.findIndex((p, j) => count.spans[j] && p.x === running[k]!.date)]!;
    await w2.page.locator('#main-chart').scrollIntoViewIfNeeded();
    const box = (await w2.page.locator('#main-chart').boundingBox())!;
    await w2.page.mouse.click(box.x + drawn.x, box.y + drawn.y);
    const item = w2.page.locator(`#provenance li.event[data-report-id="${x.chosen.id}"]`);
    await item.waitFor();
    const n = x.other_ids.length;
    const more = item.locator('.event-others button');
    expect(await more.textContent()).toBe(`and ${n} other report${n === 1 ? '' : 's'} of this event`);
    await more.click();
    await item.locator('.event-others article.report').nth(n - 1).waitFor();
    expect(await item.locator('.event-others article.report').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-report-id')))))
      .toEqual(x.other_ids);
    await screenshot(w2.page, 'events-others-1280');
    expect(w2.problems).toEqual([]);
    await w2.context.close();
  });

  test('paging by keyboard keeps the focus on the pager; a page answered after the panel was closed does not open it again', async () => {
    const { w } = await openBusyWeekByKeyboard();
    await w.page.locator('#events-next').waitFor();
    await w.page.focus('#events-next');
    const first = await w.page.locator('#provenance li.event').first().getAttribute('data-report-id');
    await w.page.keyboard.press('Enter');
    await w.page.waitForFunction((id) => document.querySelector('#provenance li.event')?.getAttribute('data-report-id') !== id, first);
    // Before: the pager was drawn anew and the focus fell to the page's body.
    expect(await w.page.evaluate(() => document.activeElement?.id)).toMatch(/^events-(next|prev)$/);

    // The next page held back; the reader closes the panel meanwhile.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let answered: () => void = () => undefined;
    const done = new Promise<void>((resolve) => { answered = resolve; });
    await w.page.route((url) => url.pathname === '/api/events', async (route) => {
      await held;
      await route.continue();
      answered();
    });
    await w.page.focus('#events-prev');
    await w.page.keyboard.press('Enter');
    await w.page.keyboard.press('Escape');
    await w.page.locator('#provenance').waitFor({ state: 'hidden' });
    release();
    await done;
    await w.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await w.page.locator('#provenance').isVisible()).toBe(false);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});
