// What the recipe tests share: a recipe document parsed (a test's own recipe must be valid, or the test
// stops there, naming the fields), and every item of a mapping or a reader gathered in order.
import { parseRecipe, type Recipe } from '../../server/domain/recipe';

export function validRecipe(doc: unknown): Recipe {
  const r = parseRecipe(doc);
  if (!r.ok) throw new Error(`not a valid recipe: ${JSON.stringify(r.fields)}`);
  return r.recipe;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}
