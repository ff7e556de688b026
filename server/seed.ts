// The seed: DESIGN.md's nine reports from the France 24 / AFP / Reuters article of 2 December 2021.
import fs from 'node:fs';
import type { Store } from './db/store';
import { importCsv, type ImportResult } from './csv/import';
import { fromRoot } from './paths';

export const SEED_FILE = fromRoot('data', 'seed.csv');

/** Loads the seed through the import path: rows already present are `unchanged`, never duplicated. */
export function loadSeed(store: Store, file = SEED_FILE): Promise<ImportResult> {
  return importCsv(store, fs.readFileSync(file), { who: 'seed' });
}

/** A database that has never held a report (none live, none deleted) gets the seed. */
export async function seedIfNew(store: Store, file = SEED_FILE): Promise<ImportResult | undefined> {
  if (store.hasAnyReport()) return undefined;
  return loadSeed(store, file);
}
