// Configuration from the environment, validated once at start-up: every bad variable named at once.
import net from 'node:net';
import { z } from 'zod';

const port = z.string().regex(/^\d{1,5}$/, 'must be a port number').transform(Number)
  .pipe(z.number().min(1, 'must be a port number from 1 to 65535').max(65535, 'must be a port number from 1 to 65535'));

// express's `trust proxy` names: loopback (127.0.0.1/8, ::1/128), linklocal, uniquelocal.
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** Why one entry of TALLY_TRUST_PROXY is not an address, a subnet or one of express's names. */
function proxyProblem(entry: string): string | undefined {
  if (PROXY_NAMES.includes(entry)) return undefined;
  const [address, bits, extra] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address, a subnet (address/bits) or one of ${PROXY_NAMES.join(', ')}`;
  if (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > (family === 4 ? 32 : 128))) return `"${entry}" has a prefix length that is not 0–${family === 4 ? 32 : 128}`;
  return undefined;
}

/** The proxies whose X-Forwarded-For names the client (comma-separated); each bad entry named. */
const trustProxy = z.string().transform((v, ctx) => {
  const entries = v.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const e of entries) {
    const problem = proxyProblem(e);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}: name the proxy's address or subnet, for example 127.0.0.1 for an nginx on this machine` });
  }
  return entries;
});

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
  // Sites allowed to show this server's charts in an <iframe> (GET /embed), besides its own pages.
  TALLY_EMBED_ORIGINS: z.preprocess((v) => (v === undefined ? '' : v), z.string().transform((v, ctx) => {
    const origins = v.split(/[\s,]+/).filter((o) => o !== '');
    for (const o of origins) {
      if (o !== '*' && !isOrigin(o)) {
        ctx.addIssue({ code: 'custom', message: `"${o}" is not an origin: write scheme://host[:port], e.g. https://news.example.org, separated by commas (or * for any site)` });
      }
    }
    return origins;
  })),
  // A workbook is read whole: about 41 MB of memory per MB of .xlsx (docs/decisions/0009-recipes.md).
  TALLY_IMPORT_XLSX_LIMIT_MB: z.preprocess((v) => (v === '' ? undefined : v),
    z.string().regex(/^\d{1,6}$/, 'must be a whole number of megabytes').transform(Number)
      .pipe(z.number().min(1, 'must be at least 1')).optional().default(10)),
  TALLY_BULK_ROWS: z.preprocess((v) => (v === '' ? undefined : v),
    z.string().regex(/^\d{1,9}$/, 'must be a whole number of rows').transform(Number)
      .pipe(z.number().min(1, 'must be at least 1')).optional().default(20_000)),
  TALLY_READ: z.preprocess((v) => (v === '' ? undefined : v),
    z.enum(['public', 'accounts'], { error: 'must be public or accounts' }).optional().default('public')),
  TALLY_TRUST_PROXY: z.preprocess((v) => (v === '' ? undefined : v), trustProxy.optional().default([])),
  LOG_LEVEL: z.preprocess((v) => (v === '' ? undefined : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).optional().default('info')),
});

/** An origin as a browser sends it: http(s), a host, perhaps a port; no path, query or user. */
function isOrigin(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

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
