// Configuration from the environment, validated once at start-up: every bad variable named at once.
import { z } from 'zod';

const port = z.string().regex(/^\d{1,5}$/, 'must be a port number').transform(Number)
  .pipe(z.number().min(1, 'must be a port number from 1 to 65535').max(65535, 'must be a port number from 1 to 65535'));

const ConfigSchema = z.object({
  PORT: z.preprocess((v) => (v === '' ? undefined : v), port.optional().default(3000)),
  HOST: z.preprocess((v) => (v === '' ? undefined : v),
    z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address').optional().default('127.0.0.1')),
  TALLY_DB: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional().default('data/tally.db')),
  TALLY_TOKEN: z.preprocess((v) => (v === '' ? undefined : v),
    z.string().min(16, 'must be at least 16 characters').regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').optional()),
  TALLY_SEED: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['on', 'off'], { error: 'must be on or off' }).optional().default('on')),
  TALLY_IMPORT_LIMIT_MB: z.preprocess((v) => (v === '' ? undefined : v),
    z.string().regex(/^\d{1,6}$/, 'must be a whole number of megabytes').transform(Number)
      .pipe(z.number().min(1, 'must be at least 1')).optional().default(50)),
  // A workbook is read whole: about 41 MB of memory per MB of .xlsx (docs/decisions/0009-recipes.md).
  TALLY_IMPORT_XLSX_LIMIT_MB: z.preprocess((v) => (v === '' ? undefined : v),
    z.string().regex(/^\d{1,6}$/, 'must be a whole number of megabytes').transform(Number)
      .pipe(z.number().min(1, 'must be at least 1')).optional().default(10)),
  TALLY_BULK_ROWS: z.preprocess((v) => (v === '' ? undefined : v),
    z.string().regex(/^\d{1,9}$/, 'must be a whole number of rows').transform(Number)
      .pipe(z.number().min(1, 'must be at least 1')).optional().default(20_000)),
  LOG_LEVEL: z.preprocess((v) => (v === '' ? undefined : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).optional().default('info')),
});

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`bad configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = ConfigSchema.safeParse(env);
  if (!r.success) {
    throw new ConfigError(r.error.issues.map((i) => {
      const name = String(i.path[0]);
      // A secret's value is never echoed, even a wrong one.
      const shown = name === 'TALLY_TOKEN' ? '' : `=${JSON.stringify(env[name] ?? '')}`;
      return `${name}${shown}: ${i.message}`;
    }));
  }
  return r.data;
}
