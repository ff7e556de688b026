// The entry point: read the configuration, open the database, seed it when new, listen.
import fs from 'node:fs';
import type { Server } from 'node:http';
import pino from 'pino';
import { ConfigError, readConfig, type Config } from './config';
import { MigrationError, openDatabase, type DB } from './db/connection';
import { createStore } from './db/store';
import { createApp } from './http/app';
import { seedIfNew } from './seed';
import { resolveBootstrapToken } from './token';
import { firstAdminInvitation, type IssuedInvitation } from './accounts/accounts';

function fail(message: string): never {
  process.stderr.write(`conflict-tally: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  const logger = pino({ level: config.LOG_LEVEL });

  let db: DB;
  try {
    // Only an existing database's upgrade is worth a line: a new one migrates in milliseconds.
    const existing = config.TALLY_DB !== ':memory:' && fs.existsSync(config.TALLY_DB);
    db = openDatabase(config.TALLY_DB, {
      onMigration: (m, done) => {
        if (!existing) return;
        process.stderr.write(done === null
          ? `conflict-tally: upgrading ${config.TALLY_DB}: ${m.name} (a large database can take a minute)…\n`
          : `conflict-tally: ${m.name} applied in ${(done.ms / 1000).toFixed(1)} s\n`);
      },
    });
  } catch (e) {
    if (e instanceof MigrationError) fail(`cannot open ${config.TALLY_DB}: ${e.message}`);
    fail(`cannot open the database ${config.TALLY_DB}: ${(e as Error).message}`);
  }

  // Compared pairs of tallies are computed by the server: after an upgrade (or writes by another
  // process while it was stopped) they are brought up to date before the first request.
  const started = Date.now();
  let told = started;
  createStore(db).catchUpPairs((done, of) => {
    // A line a second at most, and only when there is much to compare.
    if (of >= 10_000 && (done === of || Date.now() - told >= 1000)) {
      told = Date.now();
      process.stderr.write(`conflict-tally: comparing tallies: ${done.toLocaleString('en')} of ${of.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    }
  });

  if (config.TALLY_SEED === 'on') {
    const seeded = await seedIfNew(createStore(db));
    if (seeded) logger.info({ inserted: seeded.inserted }, 'new database: loaded the seed reports');
  }

  let bootstrap: ReturnType<typeof resolveBootstrapToken>;
  try {
    bootstrap = resolveBootstrapToken(config.TALLY_TOKEN, config.TALLY_DB);
  } catch (e) {
    fail((e as Error).message);
  }
  const store = createStore(db);
  // A database without accounts gets a one-time link for its first admin (each start while none has
  // been made prints a new one and voids the last). With TALLY_TOKEN set, automation makes accounts.
  let firstAdmin: IssuedInvitation | undefined;
  if (!store.hasAnyAccount() && !config.TALLY_TOKEN) firstAdmin = firstAdminInvitation(store);

  // The audit log keeps 400 days: pruned now and once a day.
  const pruned = store.pruneAudit();
  if (pruned > 0) logger.info({ pruned }, 'audit log: entries older than 400 days removed');
  setInterval(() => store.pruneAudit(), 24 * 60 * 60 * 1000).unref();

  const app = createApp(db, {
    token: bootstrap?.token, logger, importLimitBytes: config.TALLY_IMPORT_LIMIT_MB * 1024 * 1024,
    importXlsxLimitBytes: config.TALLY_IMPORT_XLSX_LIMIT_MB * 1024 * 1024,
    readMode: config.TALLY_READ, trustProxy: config.TALLY_TRUST_PROXY, bulkRows: config.TALLY_BULK_ROWS,
    embedOrigins: config.TALLY_EMBED_ORIGINS,
  });
  const server: Server = app.listen(config.PORT, config.HOST);
  server.on('error', (e: NodeJS.ErrnoException) => {
    fail(e.code === 'EADDRINUSE' ? `port ${config.PORT} on ${config.HOST} is in use (set PORT)` : e.message);
  });
  server.on('listening', () => {
    const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
    const url = `http://${host}:${config.PORT}/`;
    logger.info({ url, db: config.TALLY_DB, read: config.TALLY_READ, bootstrap_token: bootstrap ? 'set' : 'none' }, 'conflict-tally is listening');
    process.stdout.write(`conflict-tally: dashboard at ${url}\n`);
    // The link is printed to the terminal only, never to the log; it works once, for 7 days.
    if (firstAdmin) {
      process.stdout.write(`conflict-tally: no account yet. Open this link to create the first admin account (it works once, until ${firstAdmin.expires_at.slice(0, 10)}):\n  ${url.replace(/\/$/, '')}${firstAdmin.path}\n`);
    } else if (!store.hasAnyAccount()) {
      process.stdout.write('conflict-tally: no account yet: create the first admin with  npm run account -- add NAME --role admin  (or POST /api/accounts with TALLY_TOKEN)\n');
    }
  });

  // Stop taking requests, let those in flight finish (a write committed but not yet answered would
  // otherwise look failed to its client, which might send it again), then close; force after 10 s.
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    server.close(() => {
      db.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => fail(`could not start: ${(e as Error).message ?? String(e)}`));
