// `npm run build` when a test needs its output (the dashboard's bundle, dist/server.js) and a source
// file is newer than it: `npm test` builds first, a single test file run by hand may not have.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const OUTPUTS = [path.join(ROOT, 'dist', 'web', 'app.js'), path.join(ROOT, 'dist', 'server.js'), path.join(ROOT, 'dist', 'import-worker.js')];

function newestUnder(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const built = Math.min(...OUTPUTS.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  if (built >= Math.max(newestUnder(path.join(ROOT, 'web')), newestUnder(path.join(ROOT, 'server')))) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}
