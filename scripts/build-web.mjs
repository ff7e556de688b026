// Bundles the dashboard (web/*.ts, chart.js, zod) into dist/web with esbuild; copies the static files.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'dist', 'web');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(path.join(root, 'web'))) {
  if (/\.(html|css|svg|png|ico|webmanifest)$/.test(f)) fs.copyFileSync(path.join(root, 'web', f), path.join(out, f));
}
await build({
  entryPoints: [path.join(root, 'web', 'main.ts')],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  outfile: path.join(out, 'app.js'),
  logLevel: 'warning',
});
