// Bundles the dashboard and the embeddable chart (web/*.ts, chart.js, zod) into dist/web with esbuild;
// copies the static files. Also bundles the import worker (server/import/worker.ts, a worker thread)
// into dist/import-worker.js.
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
// zod re-exports every locale through its namespace object (`z.locales`), which no bundler can drop;
// the page speaks English only, so the locale index resolves to English alone. This cuts the bundle
// by about a quarter, which the browser would otherwise parse on every load.
const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) =>
      ({ contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(args.path), 'en.js'))};`, resolveDir: path.dirname(args.path) }));
  },
};
/** What both browser bundles share: ES2022 modules, minified, with source maps, zod in English. */
const browser = { plugins: [englishOnlyZodLocales], bundle: true, format: 'esm', target: ['es2022'], minify: true, sourcemap: true, logLevel: 'warning' };
await build({
  ...browser,
  // The dashboard (app.js) and the embeddable chart (embed.js); chart code they share is a chunk.
  entryPoints: { app: path.join(root, 'web', 'main.ts'), embed: path.join(root, 'web', 'embed.ts') },
  // The writing tools (and zod) are a chunk of their own, loaded on first use (web/writing.ts).
  splitting: true,
  outdir: out,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
});
// The sign-in page of a private instance: one file of its own (no shared chunks), so that an anonymous
// visitor is served it and nothing of the dashboard (server/http/app.ts, SIGN_IN_ASSETS).
await build({ ...browser, entryPoints: [path.join(root, 'web', 'sign-in-page.ts')], outfile: path.join(out, 'sign-in.js') });

/** Server-side code: Node 20, CommonJS, the packages loaded from node_modules. */
const node = { bundle: true, platform: 'node', format: 'cjs', target: ['node20'], packages: 'external', sourcemap: true, logLevel: 'warning' };
await build({ ...node, entryPoints: [path.join(root, 'server', 'index.ts')], outfile: path.join(root, 'dist', 'server.js') });
// The import worker runs in a worker thread of the server, which loads plain JavaScript.
await build({ ...node, entryPoints: [path.join(root, 'server', 'import', 'worker.ts')], outfile: path.join(root, 'dist', 'import-worker.js') });
