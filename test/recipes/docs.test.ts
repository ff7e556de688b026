// docs/recipes.md stays true: every recipe shown is valid, and the json and ndjson examples map to the
// reports the page says.
import fs from 'node:fs';
import path from 'node:path';
import { parseRecipe, type Recipe } from '../../server/domain/recipe';
import { mapFile } from '../../server/recipes';
import { collect } from './support';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'recipes.md'), 'utf8');
const blocks = [...DOC.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => m[2]!);
const recipeBlocks = blocks.filter((b) => /^\{\s*"format"/.test(b.trim()) || /^\{\n\s+"format"/.test(b));

function valid(text: string): Recipe {
  const r = parseRecipe(JSON.parse(text));
  if (!r.ok) throw new Error(`${text}\n${JSON.stringify(r.fields)}`);
  return r.recipe;
}

test('every recipe on the page is valid', () => {
  expect(recipeBlocks.length).toBe(4);
  for (const b of recipeBlocks) valid(b);
});

test('the json example: a series nested under data.rows', async () => {
  const data = blocks.find((b) => b.includes('"meta"'))!;
  const r = valid(recipeBlocks.find((b) => b.includes('"path": "data.rows"'))!);
  expect(await collect(mapFile(r, data).records)).toEqual([{
    ok: true, line: 1, template: 'report',
    input: { party: 'Civilians', kind: 'tally', period_start: '2023-10-07', metric: 'killed', date: '2024-04-30', date_precision: 'day', source: 'UN OCHA', value: 34, qualifier: 'at_least' },
  }]);
});

test('the ndjson example', async () => {
  const data = blocks.find((b) => b.startsWith('{"date"'))!;
  const r = valid(recipeBlocks.find((b) => b.includes('"format": "ndjson"'))!);
  const got = await collect(mapFile(r, data).records);
  expect(got.map((x) => (x.ok ? [x.line, x.input.event, x.input.value, x.input.location] : x))).toEqual([[1, 'e-17', 3, 'Donetsk'], [2, 'e-18', 2, 'Donetsk']]);
});
