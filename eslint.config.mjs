// Lint: typescript-eslint's recommended rules; type-checking itself is `tsc --noEmit`.
// The import boundaries of the layout (docs/architecture.md) are rules here, so a stray import fails
// `npm run check`: server/domain/ imports nothing from Node, the database or express (the browser
// bundle takes its schemas from it), and web/ imports only server/domain/ of the server.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'stream', 'http', 'https', 'url', 'util', 'buffer', 'child_process', 'events', 'zlib'];

/** server/domain/ (at `up`, the way out of the folder of `files`): shared with the browser. */
function domainRule(files, up) {
  const noNode = 'server/domain/ is shared with the browser: no Node modules.';
  return {
    files: [files],
    rules: {
      'no-restricted-imports': ['error', {
        paths: NODE_BUILTINS.filter((n) => !n.includes('*')).map((name) => ({ name, message: noNode })),
        patterns: [
          { group: ['node:*'], message: noNode },
          { group: ['better-sqlite3', 'express', 'express-*', 'helmet', 'pino', 'pino-*', 'csv-parse', 'csv-parse/*'], message: 'server/domain/ imports nothing from the database, express or Node-only libraries.' },
          { group: [`${up}*`, `!${up}domain`, `!${up}domain/*`], message: 'server/domain/ imports only from server/domain/.' },
        ],
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test-output/', 'bench-output/', 'coverage/', 'tmp-exp/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  domainRule('server/domain/**/*.ts', '../'),
  // The answers' shapes, one folder down: `../../` is outside server/domain/.
  domainRule('server/domain/api/**/*.ts', '../../'),
  {
    files: ['web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*'], message: 'web/ runs in the browser.' },
          { group: ['../server/*', '!../server/domain', '../server/domain/../*'], message: 'web/ imports only server/domain/ of the server.' },
          { group: ['better-sqlite3', 'express', 'pino', 'helmet'], message: 'web/ runs in the browser.' },
        ],
      }],
    },
  },
);
