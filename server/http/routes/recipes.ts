// Import recipes saved on the server (DESIGN.md "Bringing data in: recipes"): list, read (or download as
// a file), create, replace with If-Match, delete, history. Editors read them; changing one needs an
// admin (the route table, server/http/access.ts, says who for each route). Shipped recipes
// (data/recipes) are listed and read like saved ones, and are read-only.
import { type Request, type Response } from 'express';
import { RecipeQuery } from '../../domain/queries';
import { RecipeCreate, RecipeName, RecipeUpdate, summaryOf, type SavedRecipe } from '../../domain/saved-recipe';
import type { RecipeWrite } from '../../db/store';
import { allRecipes, findRecipe, shippedRecipes } from '../../recipes';
import { ApiError, validationFailed } from '../errors';
import { whoOf } from '../../db/store/reports';
import type { GuardedRouter } from '../access';
import { authorOf } from '../auth';
import { actorNeeded, parseBody, parseIfMatch, parseQuery, requireJson, jsonBody, wholeRequest } from '../request';
import type { RouteContext } from './context';

/** The name in the path; `download` when it was asked for as NAME.json. */
function nameOf(req: Request): { name: string; download: boolean } {
  const raw = String(req.params.name ?? '');
  const download = raw.endsWith('.json');
  const r = RecipeName.safeParse(download ? raw.slice(0, -'.json'.length) : raw);
  if (!r.success) throw validationFailed({ name: r.error.issues.map((i) => i.message) }, 'path');
  return { name: r.data, download };
}

const location = (name: string) => `/api/recipes/${encodeURIComponent(name)}`;

function answer(res: Response, recipe: SavedRecipe, status = 200): void {
  res.status(status).setHeader('ETag', `"${recipe.revision}"`);
  res.json(recipe);
}

export function recipeRoutes(r: GuardedRouter, { store, writes }: RouteContext): void {
  const json = [requireJson, jsonBody];

  const refuseShipped = (name: string) => {
    if (shippedRecipes().has(name) && !store.getRecipe(name)) {
      throw new ApiError('forbidden', `"${name}" is shipped with conflict-tally and cannot be changed or deleted; save a copy under another name (POST /api/recipes).`);
    }
  };
  const written = (result: RecipeWrite, name: string): SavedRecipe => {
    if (result.status === 'not_found') throw new ApiError('not_found', `No saved recipe "${name}".`);
    if (result.status === 'exists') throw validationFailed({ name: [`is taken: a recipe "${name}" is saved already (change it with PUT ${location(name)})`] }, 'recipe');
    if (result.status === 'conflict') {
      throw new ApiError('conflict', `Recipe "${name}" was changed meanwhile: it is at revision ${result.current.revision}.`, undefined, { current: result.current });
    }
    return result.recipe;
  };

  r.get('/recipes', (_req, res) => {
    res.json({ items: allRecipes(store).map(summaryOf) });
  });

  r.get('/recipes/:name', (req, res) => {
    const { name, download } = nameOf(req);
    const q = parseQuery(RecipeQuery, req);
    const found = findRecipe(store, name);
    if (!found) throw new ApiError('not_found', `No recipe "${name}".`);
    if (download || q.download) {
      // The document alone, as saved: what `npm run import -- FILE --recipe=THIS_FILE` reads.
      res.setHeader('ETag', `"${found.revision}"`);
      res.attachment(`${name}.json`);
      res.type('application/json').send(`${JSON.stringify(found.recipe, null, 2)}\n`);
      return;
    }
    answer(res, found);
  });

  r.get('/recipes/:name/history', (req, res) => {
    const { name } = nameOf(req);
    const items = store.recipeHistory(name);
    if (!items) {
      if (shippedRecipes().has(name)) throw new ApiError('not_found', `"${name}" is a shipped recipe: it has no saved history.`);
      throw new ApiError('not_found', `No recipe "${name}".`);
    }
    res.json({ items });
  });

  r.post('/recipes', ...json, async (req, res) => {
    const body = parseBody(RecipeCreate, req.body, 'recipe');
    if (shippedRecipes().has(body.name)) {
      throw validationFailed({ name: [`is the name of a recipe shipped with conflict-tally: choose another`] }, 'recipe');
    }
    // Stored as sent (its own spelling), once the schema has passed it.
    const doc = (req.body as { recipe: unknown }).recipe;
    const who = whoOf(authorOf(actorNeeded(res)));
    const saved = written(await writes.run(() => store.createRecipe(body.name, doc, who)), body.name);
    res.location(location(saved.name));
    answer(res, saved, 201);
  });

  r.put('/recipes/:name', ...json, async (req, res) => {
    const { name } = nameOf(req);
    const ifMatch = parseIfMatch(req);
    parseBody(RecipeUpdate, req.body, 'recipe');
    refuseShipped(name);
    const doc = (req.body as { recipe: unknown }).recipe;
    const who = whoOf(authorOf(actorNeeded(res)));
    answer(res, written(await writes.run(() => store.updateRecipe(name, doc, who, ifMatch)), name));
  });

  r.delete('/recipes/:name', wholeRequest, async (req, res) => {
    const { name } = nameOf(req);
    const ifMatch = parseIfMatch(req);
    refuseShipped(name);
    const who = whoOf(authorOf(actorNeeded(res)));
    written(await writes.run(() => store.deleteRecipe(name, who, ifMatch)), name);
    res.status(204).end();
  });
}
