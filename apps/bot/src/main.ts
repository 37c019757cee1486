import { fileURLToPath } from 'node:url';
import { runWebhooksCli } from '@dramarelay/webhook-notifier/cli';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { ensureFirstApiKey, runKeysCommand } from './cli/keys.js';
import { type AppConfig, ConfigError, loadConfig } from './config.js';
import { createDatabase, type Db } from './database/database.js';
import { openEmbeddedPostgres } from './database/embedded-postgres.js';
import { migrateAll } from './database/migrate.js';
import { createLogger } from './logger.js';

/** The only place that reads the environment. */
async function main(argv: string[]): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee apps/bot/README.md for every variable.\n`);
    return 1;
  }
  // `webhooks --json` output is for scripts: the app's info lines (stdout) stay out of it.
  const logger = createLogger(argv[0] === 'webhooks' ? 'error' : config.logLevel);
  const print = (line: string) => process.stdout.write(`${line}\n`);

  const database = await openDatabase(config, logger);
  const db = createDatabase({
    connectionString: database.connectionString,
    onIdleError: (error) => logger.warn({ err: error }, 'an idle database connection failed'),
  });
  try {
    await migrateAll(db);
    if (argv[0] === 'keys') {
      return await runKeysCommand(argv.slice(1), { db, now: () => new Date(), print });
    }
    if (argv[0] === 'webhooks') {
      return await runWebhooksCli(argv.slice(1), {
        db,
        programName: 'webhooks',
        ssrf: { allow: config.callbackAllowHosts, httpsOnly: config.callbackHttpsOnly },
      });
    }
    await ensureFirstApiKey({ db, now: () => new Date(), print });
    await serveUntilSignal(config, db, database.connectionString, logger);
    return 0;
  } finally {
    await db.destroy();
    await database.stop();
  }
}

async function openDatabase(config: AppConfig, logger: Logger) {
  if (config.databaseUrl) {
    return { connectionString: config.databaseUrl, stop: async () => {} };
  }
  const dataDir = config.dataDir ?? fileURLToPath(new URL('../.data', import.meta.url));
  logger.info({ dataDir }, 'DATABASE_URL is not set: using an embedded PostgreSQL');
  return openEmbeddedPostgres({
    dataDir,
    port: config.embeddedPostgresPort,
    log: (message) => logger.debug({ component: 'postgres' }, message),
  });
}

async function serveUntilSignal(
  config: AppConfig,
  db: Db,
  connectionString: string,
  logger: Logger,
): Promise<void> {
  const app = createApp({ config, db, logger, listenConnectionString: connectionString });
  if (!app.bot) {
    logger.info(
      'TELEGRAM_BOT_TOKEN is not set: the API and the delivery worker run without the Telegram bot; set it (a token from @BotFather) to enable the bot',
    );
  }
  const server = serve({ fetch: app.api.fetch, port: config.port, hostname: config.host }, (info) =>
    logger.info({ port: info.port, host: config.host }, 'HTTP API listening'),
  );
  await app.start();

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'shutting down');
  // A second signal, or a shutdown that hangs, ends the process anyway.
  const force = () => process.exit(1);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  setTimeout(force, 30_000).unref();

  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
  await app.stop();
  logger.info('stopped');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
