// Where the project's own files are, whether this code runs from the source tree (tsx, the tests) or
// bundled into dist/ (npm start): the project's root is the nearest folder above that holds
// package.json, and every path is taken from it.
import fs from 'node:fs';
import path from 'node:path';

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}: conflict-tally's files cannot be found`);
  }
}

export const PROJECT_ROOT = projectRoot(__dirname);

/** A path inside the project: `fromRoot('data', 'seed.csv')`. */
export const fromRoot = (...parts: string[]): string => path.join(PROJECT_ROOT, ...parts);
