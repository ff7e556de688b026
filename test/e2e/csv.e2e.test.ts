// CSV in the dashboard (issue #5): "Download CSV" exports exactly the view's filters, and the import
// shows a dry run (counts, first errors by line) before it stores anything.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  PHONE, SCREENSHOTS, describeBrowser, openPage, settled, startE2E, type E2E,
} from './browser';
import { expectCleanExcept, overflow, signInAs } from './writing';

const HEADER = 'id,date,date_precision,period_start,source,via,party,metric,kind,value,qualifier,low,high,location,event,reported_on,url,quote,notes';

describeBrowser('CSV download and import in Chromium', () => {
  let e: E2E;

  const liveCount = async () => (await e.t.http.get('/api/health')).body.reports as number;

  beforeAll(async () => {
    e = await startE2E();
    // More reports than one table page, with text that needs quoting, so "the view" is not "page one".
    for (let i = 0; i < 25; i++) {
      const r = await e.t.http.post('/api/reports').set(e.t.auth).send({
        source: i % 2 ? 'Ukrainian army' : 'AFP', via: 'Reuters', party: 'Ukrainian forces', metric: 'killed', kind: 'incident',
        date: `2021-0${1 + (i % 9)}-1${i % 10}`, value: i + 1, location: i % 3 ? 'Donetsk oblast' : 'Luhansk, "LPR"',
        quote: `Line one of ${i}\nline two, with a comma`,
      });
      expect(r.status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await e?.close();
  });

  async function downloadIds(path: string): Promise<{ ids: number[]; name: string; rows: Record<string, string>[] }> {
    const w = await openPage(e.browser);
    await w.page.goto(`${e.base}${path}`);
    expect(await settled(w.page)).toBe('ready');
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('#csv-download')]);
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text.startsWith(`${HEADER}\r\n`)).toBe(true);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    await expectCleanExcept(w);
    await w.context.close();
    return { ids: rows.map((r) => Number(r.id)), name: download.suggestedFilename(), rows };
  }

  const apiIds = async (query: string) => {
    const body = (await e.t.http.get(`/api/reports?${query}&limit=1000&sort=date`)).body;
    return (body.items as { id: number }[]).map((r) => r.id);
  };

  test('"Download CSV" of a filtered view gives exactly that view’s rows, every page of them', async () => {
    const cases: [string, string][] = [
      // kind filter (the table's), more rows than one page of the table
      ['/?party=Ukrainian%20forces&metric=killed&kind=incident', 'party=Ukrainian%20forces&metric=killed&kind=incident'],
      // dates and text
      ['/?party=Ukrainian%20forces&metric=killed&from=2021-03-01&to=2021-06-30&q=donetsk', 'party=Ukrainian%20forces&metric=killed&from=2021-03-01&to=2021-06-30&q=donetsk'],
      // shown and counted sources both chosen: the table lists the reports of either
      ['/?party=Ukrainian%20forces&metric=killed&source=AFP&count_source=Ukrainian%20army', 'party=Ukrainian%20forces&metric=killed&source=AFP&source=Ukrainian%20army'],
      // another party and metric
      ['/?party=Russian%20forces&metric=troops', 'party=Russian%20forces&metric=troops'],
    ];
    for (const [view, query] of cases) {
      const { ids, name, rows } = await downloadIds(view);
      const expected = await apiIds(query);
      expect([view, ids]).toEqual([view, expected]);
      expect(ids.length).toBeGreaterThan(0);
      expect(name).toMatch(/\.csv$/);
      // Cells as stored: quotes and line breaks survive.
      for (const r of rows) expect(r.party).toBe(new URLSearchParams(view.slice(1)).get('party'));
    }
    const first = await downloadIds(cases[0]![0]);
    expect(first.ids.length).toBeGreaterThan(20); // the table shows 20 a page; the CSV has them all
    expect(first.rows.find((r) => r.location === 'Luhansk, "LPR"')?.quote).toContain('\nline two, with a comma');
  });

  test('the import shows a dry run first (counts, nothing stored), then imports on confirmation', async () => {
    const w = await openPage(e.browser);
    await signInAs(w.page, e.t, e.base, 'Importer', '/?party=Civilians&metric=killed', 'editor');
    const before = await liveCount();
    const csv = [
      'source,party,metric,kind,date,value,quote',
      'OHCHR,Civilians,killed,incident,2021-08-01,4,"Four civilians, including a child, were killed"',
      'OHCHR,Civilians,killed,incident,2021-08-02,2,Two more',
      '',
    ].join('\r\n');
    await w.page.click('#import-open');
    const d = w.page.locator('#import-dialog');
    await d.waitFor({ state: 'visible' });
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('im-file');
    await w.page.setInputFiles('#im-file', { name: 'civilians.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await d.locator('#im-confirm').waitFor({ state: 'visible' });
    const result = w.page.locator('#im-result');
    expect(await result.locator('h3').textContent()).toBe('Dry run of civilians.csv: nothing stored yet');
    expect(await result.locator('[data-count=inserted]').textContent()).toBe('2 new reports would be added');
    expect(await result.locator('[data-count=updated]').textContent()).toBe('0 reports would be updated');
    expect(await result.locator('[data-count=unchanged]').textContent()).toBe('0 unchanged (already here)');
    expect(await liveCount()).toBe(before);
    await w.page.screenshot({ path: `${SCREENSHOTS}/import-dry-run-desktop.png` });

    await w.page.click('#im-confirm');
    await result.locator('.import-done').waitFor();
    expect(await result.locator('[data-count=inserted]').textContent()).toBe('2 new reports added');
    expect(await liveCount()).toBe(before + 2);
    const items = (await e.t.http.get('/api/reports?party=Civilians&metric=killed')).body.items;
    expect(items.map((r: { value: number; quote: string }) => [r.value, r.quote])).toEqual([
      [4, 'Four civilians, including a child, were killed'], [2, 'Two more']]);
    const hist = (await e.t.http.get(`/api/reports/${items[0].id}/history`)).body.items;
    expect(hist[0].who).toBe('Importer');
    await w.page.keyboard.press('Escape');
    await d.waitFor({ state: 'detached' });
    // The dashboard shows them without a reload.
    await w.page.locator(`#reports tr[data-report-id="${items[0].id}"]`).waitFor();

    // The same file again: all unchanged, nothing to confirm.
    await w.page.click('#import-open');
    await w.page.setInputFiles('#im-file', { name: 'civilians.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await result.locator('[data-count=unchanged]', { hasText: '2 unchanged' }).waitFor();
    expect(await w.page.isHidden('#im-confirm')).toBe(true);
    expect(await result.textContent()).toContain('Nothing would change.');
    await w.page.keyboard.press('Escape');
    await expectCleanExcept(w);
    await w.context.close();
  });

  test('the import shows rejected rows by line, and a file that is not CSV, and stores nothing', async () => {
    const w = await openPage(e.browser);
    await signInAs(w.page, e.t, e.base, 'Importer', '/', 'editor');
    const before = await liveCount();
    const bad = [
      'source,party,metric,kind,date,value,period_start',
      'AFP,Ukrainian forces,killed,tally,2021-12-20,70,2021-01-01',
      ',Ukrainian forces,killed,tally,2021-12-21,71,',
      'AFP,Ukrainian forces,killed,incident,2021-02-30,-1,',
      '',
    ].join('\r\n');
    await w.page.click('#import-open');
    await w.page.setInputFiles('#im-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const result = w.page.locator('#im-result');
    await result.locator('.import-rejected').waitFor();
    expect(await result.locator('h3').textContent()).toBe('2 rows rejected: nothing would be stored');
    const lines = await result.locator('.import-errors tbody tr').allTextContents();
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^3source/), expect.stringMatching(/^3period_start.*required for a tally/),
      expect.stringMatching(/^4date.*real date/), expect.stringMatching(/^4value.*0 or more/)]));
    expect(await w.page.isHidden('#im-confirm')).toBe(true);
    await w.page.screenshot({ path: `${SCREENSHOTS}/import-rejected-desktop.png` });

    await w.page.setInputFiles('#im-file', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('source,party,metric,kind,date,value\r\n"AFP,Ukrainian forces,killed,incident,2021-01-01,1\r\n') });
    await result.locator('h3', { hasText: 'Not a CSV file this tool can read' }).waitFor();
    expect(await result.textContent()).toContain('Nothing was stored.');
    expect(await liveCount()).toBe(before);
    await expectCleanExcept(w, [400, 422]);
    await w.context.close();

    // On a phone: the dry run fits the screen.
    const p = await openPage(e.browser, PHONE);
    await signInAs(p.page, e.t, e.base, 'Importer', '/', 'editor');
    await p.page.click('#import-open');
    await p.page.setInputFiles('#im-file', { name: 'more.csv', mimeType: 'text/csv', buffer: Buffer.from('source,party,metric,kind,date,value\r\nOHCHR,Civilians,wounded,incident,2021-09-01,3\r\n') });
    await p.page.locator('#im-confirm').waitFor({ state: 'visible' });
    const o = await overflow(p.page);
    expect(o.doc).toBeLessThanOrEqual(PHONE.width);
    for (const x of o.dialogs) expect(x.scroll).toBeLessThanOrEqual(x.client);
    await p.page.screenshot({ path: `${SCREENSHOTS}/import-dry-run-phone.png` });
    expect(await liveCount()).toBe(before);
    await p.context.close();
  });
  test('a dry run answered late, for a file no longer chosen, does not replace the next file\'s', async () => {
    const w = await openPage(e.browser);
    await signInAs(w.page, e.t, e.base, 'Late answers', '/?party=Civilians&metric=killed', 'editor');
    // The first file's dry run is held back until after the second file's has been shown.
    let first = true;
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => { releaseFirst = resolve; });
    let firstDone: () => void = () => undefined;
    const firstAnswered = new Promise<void>((resolve) => { firstDone = resolve; });
    await w.page.route((url) => url.pathname === '/api/import', async (route) => {
      if (!first) return route.continue();
      first = false;
      await firstHeld;
      await route.continue();
      firstDone();
    });
    const file = (n: number) => Buffer.from(['source,party,metric,kind,date,value',
      ...Array.from({ length: n }, (_, i) => `OHCHR,Civilians,killed,incident,2021-09-${String(i + 1).padStart(2, '0')},1`), ''].join('\r\n'));
    await w.page.click('#import-open');
    await w.page.setInputFiles('#im-file', { name: 'first.csv', mimeType: 'text/csv', buffer: file(5) });
    await w.page.locator('#im-result', { hasText: 'Checking first.csv' }).waitFor();
    await w.page.setInputFiles('#im-file', { name: 'second.csv', mimeType: 'text/csv', buffer: file(2) });
    const result = w.page.locator('#im-result');
    await result.locator('h3', { hasText: 'Dry run of second.csv' }).waitFor();
    releaseFirst();
    await firstAnswered;
    await w.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    // Before: the first file's answer, arriving last, replaced it ("Dry run of first.csv: 5 new …"),
    // while the Import button would have imported the second.
    expect(await result.locator('h3').textContent()).toBe('Dry run of second.csv: nothing stored yet');
    expect(await result.locator('[data-count=inserted]').textContent()).toBe('2 new reports would be added');
    await w.context.close();
  });
});
