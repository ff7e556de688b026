// Lint: typescript-eslint's recommended rules; type-checking itself is `tsc --noEmit`.
// The import boundaries of the layout (docs/architecture.md) are rules here, so a stray import fails
// `npm run check`: server/domain/ imports nothing from Node, the database or express (the browser
// bundle takes its schemas from it), and web/ imports only server/domain/ of the server.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'stream', 'http', 'https', 'url', 'util', 'buffer', 'child_process', 'events', 'zlib'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test-output/', 'bench-output/', 'coverage/', 'tmp-exp/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: NODE_BUILTINS.filter((n) => !n.includes('*')).map((name) => ({ name, message: 'server/domain/ is shared with the browser: no Node modules.' })),
        patterns: [
          { group: ['node:*'], message: 'server/domain/ is shared with the browser: no Node modules.' },
          { group: ['better-sqlite3', 'express', 'express-*', 'helmet', 'pino', 'pino-*', 'csv-parse', 'csv-parse/*'], message: 'server/domain/ imports nothing from the database, express or Node-only libraries.' },
          { group: ['../*', '!../domain', '!../domain/*'], message: 'server/domain/ imports only from server/domain/.' },
        ],
      }],
    },
  },
  {
    // The answers' shapes, one folder down: `../` is still server/domain/.
    files: ['server/domain/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: NODE_BUILTINS.filter((n) => !n.includes('*')).map((name) => ({ name, message: 'server/domain/ is shared with the browser: no Node modules.' })),
        patterns: [
          { group: ['node:*'], message: 'server/domain/ is shared with the browser: no Node modules.' },
          { group: ['better-sqlite3', 'express', 'express-*', 'helmet', 'pino', 'pino-*', 'csv-parse', 'csv-parse/*'], message: 'server/domain/ imports nothing from the database, express or Node-only libraries.' },
          { group: ['../../*', '!../../domain', '!../../domain/*'], message: 'server/domain/ imports only from server/domain/.' },
        ],
      }],
    },
  },
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
