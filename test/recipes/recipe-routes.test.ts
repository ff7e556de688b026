// Saved recipes over HTTP: list, read, download, create, replace with If-Match, delete, history; the
// shipped ones listed and read-only; every bad input a 400 naming its field, changing nothing.
import fs from 'node:fs';
import path from 'node:path';
import { counts, testApp, type TestApp } from '../helpers';

const SHIPPED = ['gaza-daily', 'lebanon-daily'].map((name) => ({
  name, doc: JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'data', 'recipes', `${name}.json`), 'utf8')) as Record<string, unknown>,
}));

/** A recipe in its own compact spelling ("source": "Quelle"), which is what is kept. */
const DESK = {
  format: 'csv', delimiter: ';',
  defaults: { party: 'Civilians', kind: 'incident', metric: 'killed' },
  fields: { date: { column: 'Datum', format: 'dd.MM.yyyy' }, source: 'Quelle', value: 'Getötet' },
  figure: { read: 'text', decimal_mark: ',' },
  key: ['source', 'date'],
};

const recipeCount = (t: TestApp) => t.db.prepare('SELECT count(*) FROM recipes').pluck().get() as number;

describe('recipe routes', () => {
  let t: TestApp;
  beforeAll(() => {
    t = testApp();
  });
  afterAll(() => t.close());

  test('reading recipes needs a writer, as changing them does', async () => {
    for (const [method, url] of [['get', '/api/recipes'], ['get', '/api/recipes/gaza-daily'], ['get', '/api/recipes/gaza-daily.json'], ['get', '/api/recipes/gaza-daily/history'],
      ['post', '/api/recipes'], ['put', '/api/recipes/x'], ['delete', '/api/recipes/x']] as const) {
      const res = await t.http[method](url).send(method === 'get' ? undefined : { name: 'x', recipe: DESK });
      expect([url, res.status, res.body.error]).toEqual([url, 401, 'unauthorized']);
    }
  });

  test('the shipped recipes are listed and read like saved ones, with revision 0', async () => {
    const list = await t.http.get('/api/recipes').set(t.auth);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: SHIPPED.map(({ name, doc }) => ({ name, format: 'json', description: doc.description, revision: 0, updated_at: null, shipped: true })),
    });
    const one = await t.http.get('/api/recipes/gaza-daily').set(t.auth);
    expect(one.body).toEqual({ name: 'gaza-daily', recipe: SHIPPED[0]!.doc, revision: 0, created_at: null, updated_at: null, shipped: true });
    const dl = await t.http.get('/api/recipes/lebanon-daily.json').set(t.auth);
    expect(dl.headers['content-disposition']).toBe('attachment; filename=lebanon-daily.json');
    expect(dl.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(dl.text).toBe(`${JSON.stringify(SHIPPED[1]!.doc, null, 2)}\n`);
  });

  test('create, read, download, replace with If-Match, delete: each change a revision, nothing erased', async () => {
    const created = await t.http.post('/api/recipes').set(t.auth).send({ name: 'desk-sheet', recipe: DESK });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/api/recipes/desk-sheet');
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toEqual({ name: 'desk-sheet', recipe: DESK, revision: 1, created_at: expect.any(String), updated_at: created.body.created_at, shipped: false });

    const read = await t.http.get('/api/recipes/desk-sheet').set(t.auth);
    expect(read.body).toEqual(created.body);
    expect(read.headers.etag).toBe('"1"');
    const dl = await t.http.get('/api/recipes/desk-sheet?download=1').set(t.auth);
    expect(dl.headers['content-disposition']).toBe('attachment; filename=desk-sheet.json');
    expect(JSON.parse(dl.text)).toEqual(DESK);

    const changed = { ...DESK, delimiter: ',' };
    const stale = await t.http.put('/api/recipes/desk-sheet').set(t.auth).set('If-Match', '"7"').send({ recipe: changed });
    expect(stale.status).toBe(412);
    expect(stale.body).toEqual({ error: 'conflict', message: 'Recipe "desk-sheet" was changed meanwhile: it is at revision 1.', current: created.body });
    const put = await t.http.put('/api/recipes/desk-sheet').set(t.auth).set('If-Match', '1').send({ recipe: changed });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'desk-sheet', recipe: changed, revision: 2 });
    // The same document again: no change, no revision.
    const again = await t.http.put('/api/recipes/desk-sheet').set(t.auth).send({ recipe: changed });
    expect(again.body.revision).toBe(2);

    const list = await t.http.get('/api/recipes').set(t.auth);
    expect(list.body.items.map((r: { name: string; revision: number; shipped: boolean }) => [r.name, r.revision, r.shipped])).toEqual([
      ['desk-sheet', 2, false], ['gaza-daily', 0, true], ['lebanon-daily', 0, true]]);

    expect((await t.http.delete('/api/recipes/desk-sheet').set(t.auth).set('If-Match', '1')).status).toBe(412);
    const del = await t.http.delete('/api/recipes/desk-sheet').set(t.auth).set('If-Match', '2');
    expect(del.status).toBe(204);
    expect((await t.http.get('/api/recipes/desk-sheet').set(t.auth)).status).toBe(404);
    const history = await t.http.get('/api/recipes/desk-sheet/history').set(t.auth);
    expect(history.body.items.map((h: { revision: number; action: string; who: string; recipe: unknown }) => [h.revision, h.action, h.who, h.recipe])).toEqual([
      [1, 'create', 'bootstrap token', DESK], [2, 'update', 'bootstrap token', changed], [3, 'delete', 'bootstrap token', changed]]);

    // The name is free again: a new recipe, with a history of its own.
    const anew = await t.http.post('/api/recipes').set(t.auth).send({ name: 'desk-sheet', recipe: DESK });
    expect(anew.body.revision).toBe(1);
    expect((await t.http.get('/api/recipes/desk-sheet/history').set(t.auth)).body.items.map((h: { action: string }) => h.action)).toEqual(['create']);
    expect(t.db.prepare('SELECT count(*) FROM recipes').pluck().get()).toBe(2);
  });

  test.each([
    ['an unknown key in the recipe', { name: 'a', recipe: { ...DESK, fields: { ...DESK.fields, sorce: 'Quelle' } } }, { 'recipe.fields.sorce': ['unknown field'] }],
    ['a bad date pattern', { name: 'a', recipe: { ...DESK, fields: { ...DESK.fields, date: { column: 'Datum', format: 'DD.MM.YYYY' } } } },
      { 'recipe.fields.date.format': ['"DD.MM.YYYY": use yyyy (calendar year), not YYYY (week-numbering year)'] }],
    ['a name with capitals and spaces', { name: 'Desk Sheet', recipe: DESK }, { name: ['must be lower-case letters, digits, - and _, starting with a letter or digit (e.g. "desk-sheet-2024")'] }],
    ['no recipe', { name: 'a' }, { recipe: ['must be a JSON object'] }],
    ['a shipped recipe\'s name', { name: 'gaza-daily', recipe: DESK }, { name: ['is the name of a recipe shipped with conflict-tally: choose another'] }],
    ['an unknown key in the body', { name: 'a', recipe: DESK, extra: 1 }, { extra: ['unknown field'] }],
  ])('%s: 400 naming it, nothing stored', async (_what, body, fields) => {
    const before = recipeCount(t);
    const res = await t.http.post('/api/recipes').set(t.auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'validation_failed', message: `The recipe has an invalid field: ${Object.keys(fields)[0]}.`, fields });
    expect(recipeCount(t)).toBe(before);
  });

  test('a name saved already is taken; a shipped recipe cannot be changed or deleted', async () => {
    await t.http.post('/api/recipes').set(t.auth).send({ name: 'taken', recipe: DESK });
    const twice = await t.http.post('/api/recipes').set(t.auth).send({ name: 'taken', recipe: DESK });
    expect(twice.status).toBe(400);
    expect(twice.body.fields).toEqual({ name: ['is taken: a recipe "taken" is saved already (change it with PUT /api/recipes/taken)'] });
    for (const res of [await t.http.put('/api/recipes/gaza-daily').set(t.auth).send({ recipe: DESK }), await t.http.delete('/api/recipes/gaza-daily').set(t.auth)]) {
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('"gaza-daily" is shipped with conflict-tally and cannot be changed or deleted; save a copy under another name (POST /api/recipes).');
    }
    expect((await t.http.put('/api/recipes/nothing-here').set(t.auth).send({ recipe: DESK })).status).toBe(404);
    expect((await t.http.get('/api/recipes/Bad%20Name').set(t.auth)).body.fields).toEqual({ name: [expect.stringMatching(/^must be lower-case letters/)] });
  });

  test('a saved recipe imports by its name, as the body\'s ?recipe= and as a form field', async () => {
    await t.http.post('/api/recipes').set(t.auth).send({ name: 'desk-import', recipe: DESK });
    const file = 'Datum;Quelle;Getötet\r\n07.10.2023;Ukrinform;about 40\r\n08.10.2023;AFP;1,2 Mio\r\n';
    const before = counts(t.db).reports;
    const res = await t.http.post('/api/import?recipe=desk-import').set(t.auth).type('text/csv').send(file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: [], dry_run: false, stats: { rows: 2, blank: 0, filtered: 0, empty_figures: 0, reports: 2, rejected: 0 } });
    const form = await t.http.post('/api/import').set(t.auth).field('recipe', 'desk-import').attach('file', Buffer.from(file), 'desk.csv');
    expect(form.body).toMatchObject({ inserted: 0, unchanged: 2 });
    expect(counts(t.db).reports).toBe(before + 2);
    const unknown = await t.http.post('/api/import?recipe=no-such').set(t.auth).type('text/csv').send(file);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual({ recipe: ['no recipe is named "no-such" (GET /api/recipes lists them); or send the recipe itself as JSON'] });
  });
});
