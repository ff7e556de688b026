// The import dialog with a recipe, as a new user meets it (issue 13, "What it must show" 4): sign in,
// open Import, choose a sheet with unfamiliar columns, map them with the controls, see the preview change
// and an error appear beside a bad cell, fix the mapping, dry run, import, save the recipe, and import a
// second file with the saved recipe; then the same by keyboard alone, and on a phone.
import type { Page } from 'playwright-core';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { DESKTOP, PHONE, SCREENSHOTS, describeBrowser, openPage, startE2E, type E2E } from './browser';
import { expectCleanExcept, overflow, signInAs, tabTo } from './writing';

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const day = (y: number, m: number, d: number) => ({ value: utc(y, m, d), type: Date, format: 'dd/mm/yyyy' });
const text = (value: string) => ({ value, type: String });

/** A desk's weekly sheet: its own column names, reporters as codes, one figure written in words. */
function sheet(rows: [number, number, number, string, string | number, number | null, string][]): Promise<Buffer> {
  const data: SheetData = [
    [text('Week ending'), text('Reporter'), text('Dead'), text('Hurt'), text('Town')],
    ...rows.map(([y, m, d, who, dead, hurt, town]) => [day(y, m, d), text(who), typeof dead === 'number' ? dead : text(dead), hurt, text(town)]),
  ];
  return writeXlsxFile([{ sheet: 'Weekly', data }]).toBuffer();
}
const FIRST = () => sheet([
  [2024, 1, 7, 'OCHA', 12, 30, 'Kherson'],
  [2024, 1, 14, 'MOH', 'about 40', 95, 'Mykolaïv'],
  [2024, 1, 21, 'OCHA', 7, null, 'Zaporizhzhia, "south"'],
]);
const SECOND = () => sheet([
  [2024, 1, 28, 'OCHA', 9, 14, 'Kherson'],
  [2024, 2, 4, 'MOH', 'more than 50', 120, 'Odesa'],
]);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The whole dialog, unscrolled: the window made tall enough for it for the picture, then put back. */
async function dialogShot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => document.querySelector('#import-dialog .modal-body')!.scrollHeight + 200);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.locator('#import-dialog').screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  await page.setViewportSize(size);
}

describeBrowser('import with a recipe in Chromium', () => {
  let e: E2E;
  const reports = (source: string) => e.t.db.prepare(`SELECT date, source, party, metric, kind, value, qualifier, location FROM reports
    WHERE deleted = 0 AND source = ? ORDER BY date, metric`).raw(true).all(source);

  beforeAll(async () => {
    e = await startE2E();
  }, 60_000);
  afterAll(async () => {
    await e?.close();
  });

  const previewRows = (page: Page) => page.locator('#im-preview-table tbody tr').count();

  async function chooseFile(page: Page, name: string, buffer: Buffer) {
    await page.setInputFiles('#im-file', { name, mimeType: XLSX, buffer });
    await page.locator('#recipe-editor').waitFor();
    await page.locator('#im-preview-stats').waitFor();
  }

  test('a new user maps a sheet, sees the preview and an error beside its cell, fixes it, imports, saves the recipe and reuses it', async () => {
    const w = await openPage(e.browser, DESKTOP);
    const { page } = w;
    await signInAs(page, e.t, e.base, 'Desk editor');
    await page.click('#import-open');
    await chooseFile(page, 'weekly.xlsx', await FIRST());
    // The file's columns are offered with their values; no figure is read yet, and the preview says so.
    expect(await page.locator('#im-preview-problem').textContent()).toContain('A template reads no figure');
    expect(await page.locator('#re-date-column option').allTextContents()).toEqual(['— choose a column', 'Week ending (2024-01-07, 2024-01-14, …)',
      'Reporter (OCHA, MOH)', 'Dead (12, about 40, …)', 'Hurt (30, 95)', 'Town (Kherson, Mykolaïv, …)']);

    await page.selectOption('#re-date-mode', 'column');
    await page.selectOption('#re-date-column', 'Week ending');
    await page.selectOption('#re-source-mode', 'column');
    await page.selectOption('#re-source-column', 'Reporter');
    await page.check('#re-source-usemap');
    expect(await page.inputValue('#re-source-map')).toBe('OCHA = \nMOH = ');
    await page.fill('#re-source-map', 'OCHA = UN OCHA\nMOH = Ukrainian Ministry of Health');
    await page.selectOption('#re-party-mode', 'fixed');
    await page.fill('#re-party-fixed', 'Civilians');
    await page.selectOption('#re-kind-mode', 'fixed');
    await page.selectOption('#re-kind-fixed', 'incident');
    await page.selectOption('#re-location-mode', 'column');
    await page.selectOption('#re-location-column', 'Town');
    await page.selectOption('#re-t0-value', 'Dead');
    // The preview changes: two reports, and the figure in words is an error beside its cell.
    await page.locator('#im-preview-table .preview-bad').waitFor();
    expect(await previewRows(page)).toBe(3);
    expect(await page.locator('#im-preview-table tr.preview-error-row').textContent()).toBe('3killed“about 40” in column Dead"about 40" is a figure stated in words: read the figure as text ("figure": { "read": "text" })');
    await dialogShot(page, 'recipe-editor-error-desktop');

    // Fix the mapping: figures as stated; and a second report per row for the injured.
    await page.selectOption('#re-read', 'text');
    await page.locator('#im-preview-table .preview-bad').waitFor({ state: 'detached' });
    await page.click('#re-add-template');
    await page.fill('#re-t1-name', 'wounded');
    await page.selectOption('#re-t1-value', 'Hurt');
    await page.selectOption('#re-t1-metric', 'wounded');
    await page.locator('#im-preview-stats', { hasText: '5 reports' }).waitFor();
    expect(await previewRows(page)).toBe(5);
    expect(await page.locator('#im-preview-table tbody tr').first().textContent()).toBe('2killed2024-01-07dayUN OCHACivilianskilledincident12exactKherson');
    await dialogShot(page, 'recipe-editor-preview-desktop');

    await page.click('#im-dry-run');
    await page.locator('#im-result [data-count=inserted]', { hasText: '5 new reports would be added' }).waitFor();
    expect(reports('UN OCHA')).toEqual([]);
    await dialogShot(page, 'recipe-dry-run-desktop');
    await page.click('#im-confirm');
    await page.locator('#im-result .import-done').waitFor();
    expect(reports('UN OCHA')).toEqual([
      ['2024-01-07', 'UN OCHA', 'Civilians', 'killed', 'incident', 12, 'exact', 'Kherson'],
      ['2024-01-07', 'UN OCHA', 'Civilians', 'wounded', 'incident', 30, 'exact', 'Kherson'],
      ['2024-01-21', 'UN OCHA', 'Civilians', 'killed', 'incident', 7, 'exact', 'Zaporizhzhia, "south"'],
    ]);
    expect(reports('Ukrainian Ministry of Health')).toEqual([
      ['2024-01-14', 'Ukrainian Ministry of Health', 'Civilians', 'killed', 'incident', 40, 'about', 'Mykolaïv'],
      ['2024-01-14', 'Ukrainian Ministry of Health', 'Civilians', 'wounded', 'incident', 95, 'exact', 'Mykolaïv'],
    ]);

    // Save the recipe: a bad name is refused beside the field, a good one is saved.
    await page.click('#im-save');
    await page.fill('#im-save-name', 'Weekly Sheet');
    await page.click('#im-save-confirm');
    await page.locator('#im-save-name-error', { hasText: 'lower-case letters' }).waitFor();
    await page.fill('#im-save-name', 'weekly-sheet');
    await page.click('#im-save-confirm');
    await page.locator('#im-saved').waitFor();
    const saved = (await e.t.http.get('/api/recipes/weekly-sheet').set(e.t.auth)).body;
    expect(saved.recipe).toEqual({
      format: 'xlsx',
      defaults: { party: 'Civilians', kind: 'incident' },
      fields: { date: 'Week ending', source: { column: 'Reporter', map: { OCHA: 'UN OCHA', MOH: 'Ukrainian Ministry of Health' } }, location: 'Town' },
      figure: { read: 'text' },
      templates: [{ name: 'killed', defaults: { metric: 'killed' }, fields: { value: 'Dead' } }, { name: 'wounded', defaults: { metric: 'wounded' }, fields: { value: 'Hurt' } }],
    });
    await page.keyboard.press('Escape');

    // Next week's sheet, with the saved recipe.
    await page.click('#import-open');
    await chooseFile(page, 'weekly-2.xlsx', await SECOND());
    await page.selectOption('#im-recipe', 'weekly-sheet');
    await page.locator('#im-preview-stats', { hasText: '4 reports' }).waitFor();
    expect(await page.isHidden('#im-editor')).toBe(true);
    await page.click('#im-dry-run');
    await page.locator('#im-result [data-count=inserted]', { hasText: '4 new reports would be added' }).waitFor();
    await page.click('#im-confirm');
    await page.locator('#im-result .import-done').waitFor();
    expect(reports('Ukrainian Ministry of Health').length).toBe(4);
    expect((await e.t.http.get(`/api/reports/${e.t.db.prepare("SELECT id FROM reports WHERE location = 'Odesa' AND metric = 'killed'").pluck().get()}/history`)).body.items[0].who).toBe('Desk editor');
    await expectCleanExcept(w, [400]);
    await w.context.close();
  }, 90_000);
});

const KEYBOARD_FIRST = () => sheet([
  [2025, 3, 2, 'OCHA', 3, 8, 'Sumy'],
  [2025, 3, 9, 'MOH', 'at least 11', 20, 'Kharkiv'],
]);
const KEYBOARD_SECOND = () => sheet([[2025, 3, 16, 'MOH', 5, 9, 'Sumy']]);

/** Tabs to a control and types the start of the option wanted (a closed <select> picks by typing). */
async function pick(page: Page, id: string, typed: string): Promise<void> {
  await tabTo(page, id, 300);
  await page.keyboard.type(typed);
  await page.keyboard.press('Tab');
}

describeBrowser('import with a recipe by keyboard alone, and on a phone', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  }, 60_000);
  afterAll(async () => {
    await e?.close();
  });

  test('the same flow by keyboard alone', async () => {
    const w = await openPage(e.browser, DESKTOP);
    const { page } = w;
    await signInAs(page, e.t, e.base, 'Keyboard user');
    await tabTo(page, 'import-open', 100);
    await page.keyboard.press('Enter');
    await page.locator('#import-dialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('im-file');
    // Choosing the file is the system's own dialog; everything after it is keys.
    await page.setInputFiles('#im-file', { name: 'weekly.xlsx', mimeType: XLSX, buffer: await KEYBOARD_FIRST() });
    await page.locator('#im-preview-stats').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('im-recipe');

    await pick(page, 're-date-mode', 'from');
    await pick(page, 're-date-column', 'Week');
    await pick(page, 're-source-mode', 'from');
    await pick(page, 're-source-column', 'Rep');
    await page.keyboard.press('Space'); // the focus moved on to "Map the column's values"
    expect(await page.isChecked('#re-source-usemap')).toBe(true);
    await tabTo(page, 're-source-map');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('OCHA = UN OCHA\nMOH = Ukrainian Ministry of Health');
    await pick(page, 're-party-mode', 'the');
    await tabTo(page, 're-party-fixed');
    await page.keyboard.type('Civilians');
    await pick(page, 're-kind-mode', 'the');
    await pick(page, 're-kind-fixed', 'inc');
    await pick(page, 're-location-mode', 'from');
    await pick(page, 're-location-column', 'Town');
    await pick(page, 're-read', 'as');
    await pick(page, 're-t0-value', 'Dead');
    await tabTo(page, 're-add-template', 300);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('re-t1-name');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('wounded');
    await pick(page, 're-t1-value', 'Hurt');
    await pick(page, 're-t1-metric', 'w');
    await page.locator('#im-preview-stats', { hasText: '4 reports' }).waitFor();

    await tabTo(page, 'im-dry-run', 300);
    await page.keyboard.press('Enter');
    await page.locator('#im-result [data-count=inserted]', { hasText: '4 new reports would be added' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('im-confirm');
    await page.keyboard.press('Enter');
    await page.locator('#im-result .import-done').waitFor();
    expect(e.t.db.prepare("SELECT count(*) FROM reports WHERE location IN ('Sumy', 'Kharkiv')").pluck().get()).toBe(4);
    expect(e.t.db.prepare("SELECT value, qualifier FROM reports WHERE location = 'Kharkiv' AND metric = 'killed'").raw(true).get()).toEqual([11, 'at_least']);

    await tabTo(page, 'im-save', 20, true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('im-save-name');
    await page.keyboard.type('keyboard-sheet');
    await page.keyboard.press('Enter');
    await page.locator('#im-saved').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#import-dialog').waitFor({ state: 'detached' });

    // The second file, with the saved recipe.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-open');
    await page.keyboard.press('Enter');
    await page.setInputFiles('#im-file', { name: 'weekly-2.xlsx', mimeType: XLSX, buffer: await KEYBOARD_SECOND() });
    await page.locator('#im-preview-stats').waitFor();
    await page.keyboard.type('keyb');
    await page.locator('#im-preview-stats', { hasText: '2 reports' }).waitFor();
    await tabTo(page, 'im-dry-run', 300);
    await page.keyboard.press('Enter');
    await page.locator('#im-result [data-count=inserted]', { hasText: '2 new reports would be added' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#im-result .import-done').waitFor();
    expect(e.t.db.prepare("SELECT count(*) FROM reports WHERE location IN ('Sumy', 'Kharkiv')").pluck().get()).toBe(6);
    await expectCleanExcept(w);
    await w.context.close();
  }, 120_000);

  test('on a phone (390 px), as an editor: the editor, the preview and the dry run fit the screen; no "Save recipe" (an admin\'s)', async () => {
    const w = await openPage(e.browser, PHONE);
    const { page } = w;
    await signInAs(page, e.t, e.base, 'Phone user', '/', 'editor');
    await page.click('#import-open');
    await page.setInputFiles('#im-file', { name: 'weekly.xlsx', mimeType: XLSX, buffer: await FIRST() });
    await page.locator('#im-preview-stats').waitFor();
    await page.selectOption('#im-recipe', 'keyboard-sheet');
    await page.locator('#im-preview-stats', { hasText: '5 reports' }).waitFor();
    await page.selectOption('#im-recipe', '');
    await page.selectOption('#re-date-mode', 'column');
    await page.selectOption('#re-date-column', 'Week ending');
    await page.selectOption('#re-t0-value', 'Dead');
    await page.locator('#im-preview-table .preview-bad').first().waitFor();
    // Before: offered, then "Not saved: forbidden".
    expect(await page.locator('#im-save').isHidden()).toBe(true);
    const o = await overflow(page);
    expect(o.doc).toBeLessThanOrEqual(PHONE.width);
    for (const x of o.dialogs) expect(x.scroll).toBeLessThanOrEqual(x.client);
    await dialogShot(page, 'recipe-editor-phone');
    await page.locator('#im-preview').screenshot({ path: `${SCREENSHOTS}/recipe-preview-phone.png` });
    await page.selectOption('#im-recipe', 'keyboard-sheet');
    await page.locator('#im-preview-stats', { hasText: '5 reports' }).waitFor();
    await page.click('#im-dry-run');
    await page.locator('#im-result [data-count=inserted]').waitFor();
    const o2 = await overflow(page);
    for (const x of o2.dialogs) expect(x.scroll).toBeLessThanOrEqual(x.client);
    await dialogShot(page, 'recipe-dry-run-phone');
    await page.locator('#im-result').screenshot({ path: `${SCREENSHOTS}/recipe-dry-run-result-phone.png` });
    await expectCleanExcept(w);
    await w.context.close();
  }, 90_000);
});
