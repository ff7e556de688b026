// The import dialog while a large import is stored (the bulk path in the import worker, held before its
// commit by the test hook): the upload's progress, then the server's phase with how far it is; the
// dashboard keeps answering meanwhile; a write from the page is told the import is being stored.
import { DESKTOP, PHONE, SCREENSHOTS, describeBrowser, openPage, settled, startE2E, type E2E } from './browser';
import { expectCleanExcept, signInAs } from './writing';

describeBrowser('the import dialog\'s progress in Chromium', () => {
  let e: E2E;
  const flag = new SharedArrayBuffer(4);
  let holding: () => void = () => undefined;
  const release = () => {
    Atomics.store(new Int32Array(flag), 0, 1);
    Atomics.notify(new Int32Array(flag), 0);
  };

  beforeAll(async () => {
    e = await startE2E({ bulkRows: 200, holdImports: { flag, onHolding: () => holding() } });
  }, 60_000);
  afterAll(async () => {
    release();
    await e?.close();
  });

  test('the upload, then the server\'s phases; the page keeps answering; the result once committed', async () => {
    const w = await openPage(e.browser, DESKTOP);
    const { page } = w;
    await signInAs(page, e.t, e.base, 'Desk importer', '/?party=Civilians&metric=killed');
    const rows = Array.from({ length: 3000 }, (_, i) => `OHCHR,Civilians,killed,incident,2022-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${(i % 9) + 1},Report ${i}`);
    const csv = `source,party,metric,kind,date,value,quote\r\n${rows.join('\r\n')}\r\n`;
    const held = new Promise<void>((resolve) => { holding = resolve; });

    await page.click('#import-open');
    await page.setInputFiles('#im-file', { name: 'ohchr-2022.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // The file is our CSV: a dry run first (small: stored on the server's thread), then the import.
    await page.locator('#im-confirm').waitFor({ state: 'visible' });
    await page.click('#im-confirm');
    await held;
    const text = page.locator('#im-progress-text');
    await page.waitForFunction(() => /^Bringing the figures up to date: \d+ of \d+ steps/.test(document.querySelector('#im-progress-text')?.textContent ?? ''));
    expect(await page.locator('#im-progress').isVisible()).toBe(true);
    // Held before its commit, the last phase told is complete: no time to go is claimed for it.
    expect(await text.textContent()).toMatch(/^Bringing the figures up to date: (\d+) of \1 steps$/);
    await page.screenshot({ path: `${SCREENSHOTS}/import-progress-desktop.png` });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SCREENSHOTS}/import-progress-phone.png` });
    await page.setViewportSize(DESKTOP);

    // Meanwhile the dashboard answers from the last committed state, and a write is told to wait.
    const series = await e.t.http.get('/api/series?party=Civilians&metric=killed');
    expect(series.status).toBe(200);
    const busy = await e.t.http.post('/api/reports').set(e.t.auth).send({ source: 'AFP', party: 'Civilians', metric: 'killed', kind: 'incident', date: '2022-05-01', value: 1 });
    expect([busy.status, busy.body.error]).toEqual([503, 'busy']);

    release();
    await page.locator('#im-result .import-done').waitFor();
    expect(await page.locator('#im-result [data-count=inserted]').textContent()).toBe('3,000 new reports added');
    expect(await page.locator('#im-progress').isHidden()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await settled(page)).toBe('ready');
    await expectCleanExcept(w);
  });
});
