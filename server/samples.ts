// The real sample series shipped in data/samples/ (README there: provenance and licence), loaded
// through the import path like the seed: a second load changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from './db/store';
import { importCsv, type ImportResult } from './csv/import';
import { fromRoot } from './paths';

const SAMPLES_DIR = fromRoot('data', 'samples');

/** The samples by the name the command takes. */
export const SAMPLES = {
  gaza: { file: 'gaza-daily.csv', about: 'Gaza: the Ministry of Health\'s and the Government Media Office\'s daily cumulative figures since 7 Oct 2023' },
  lebanon: { file: 'lebanon-daily.csv', about: 'Lebanon: the Ministry of Public Health\'s cumulative figures, a count restarted on 2 Mar 2026' },
} as const;
export type SampleName = keyof typeof SAMPLES;

export const isSampleName = (name: string): name is SampleName => Object.hasOwn(SAMPLES, name);

export function loadSample(store: Store, name: SampleName, who = 'sample'): Promise<ImportResult> {
  return importCsv(store, fs.readFileSync(path.join(SAMPLES_DIR, SAMPLES[name].file)), { who });
}
