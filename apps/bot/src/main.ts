import type { Server as HttpServer } from 'node:http';
import type { Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runWebhooksCli } from '@dramarelay/webhook-notifier/cli';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from 'pino';
import { answerMalformedRequestsWithJson } from './api/malformed-request.js';
import { createApp } from './app.js';
import { ensureFirstApiKey, runKeysCommand } from './cli/keys.js';
import { type AppConfig, ConfigError, loadConfig } from './config.js';
import { createDatabase, type Db } from './database/database.js';
import { openEmbeddedPostgres } from './database/embedded-postgres.js';
import { migrateAll } from './database/migrate.js';
import { createLogger } from './logger.js';
import { checkDatabase } from './startup/check-database.js';
import { listenHttp } from './startup/listen-http.js';
import { describeFatal } from './startup/startup-error.js';
import { waitForStopSignal } from './startup/stop-signal.js';

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
  const stopSignal = waitForStopSignal({
    force: (signal) => {
      logger.warn({ signal }, 'asked to stop again: stopping at once');
      process.exit(1);
    },
  });

  let stopping = false;
  void stopSignal.then(() => {
    stopping = true;
  });

  const database = await openDatabase(config, logger, () => stopping);
  const db = createDatabase({
    connectionString: database.connectionString,
    onConnectionError: (error) =>
      // Once stopping, the database going away (`pnpm` ends every descendant process when its
      // script is interrupted) is expected, not a fault.
      stopping
        ? logger.debug({ err: error }, 'a database connection closed while stopping')
        : logger.warn({ err: error }, 'a database connection failed'),
  });
  try {
    await checkDatabase(db, config.databaseUrl);
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
    await serveUntilSignal(config, db, database.connectionString, logger, stopSignal);
    return 0;
  } finally {
    await db.destroy();
    await database.stop();
  }
}

async function openDatabase(config: AppConfig, logger: Logger, stopping: () => boolean) {
  if (config.databaseUrl) {
    return { connectionString: config.databaseUrl, stop: async () => {} };
  }
  const dataDir = config.dataDir ?? fileURLToPath(new URL('../.data', import.meta.url));
  logger.info({ dataDir }, 'DATABASE_URL is not set: using an embedded PostgreSQL');
  const embedded = await openEmbeddedPostgres({
    dataDir,
    port: config.embeddedPostgresPort,
    log: (message) => logger.debug({ component: 'postgres' }, message),
    notice: (message) => logger.info(message),
    onUnexpectedExit: (reason) =>
      stopping()
        ? logger.debug(
            { reason },
            'the embedded PostgreSQL was stopped from outside while stopping',
          )
        : logger.error({ reason }, 'the embedded PostgreSQL stopped while the app was running'),
  });
  return {
    connectionString: embedded.connectionString,
    async stop() {
      if (await embedded.stop()) logger.info('embedded PostgreSQL stopped');
    },
  };
}

async function serveUntilSignal(
  config: AppConfig,
  db: Db,
  connectionString: string,
  logger: Logger,
  stopSignal: Promise<NodeJS.Signals>,
): Promise<void> {
  const app = createApp({ config, db, logger, listenConnectionString: connectionString });
  if (!app.bot) {
    logger.info(
      'TELEGRAM_BOT_TOKEN is not set: the API and the delivery worker run without the Telegram bot; set it (a token from @BotFather) to enable the bot',
    );
  }
  const server = createAdaptorServer({ fetch: app.api.fetch, hostname: config.host });
  answerMalformedRequestsWithJson(server as HttpServer);
  const port = await listenHttp(server as Server, config.port, config.host);
  logger.info({ port, host: config.host }, 'HTTP API listening');
  try {
    await app.start();
  } catch (error) {
    // Whatever failed to start, what did start is stopped so that the process can end.
    server.close();
    await app.stop().catch(() => {});
    throw error;
  }

  const signal = await stopSignal;
  logger.info({ signal }, 'shutting down');
  // A shutdown that hangs ends the process anyway (a second signal does too, see above).
  setTimeout(() => process.exit(1), 30_000).unref();

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
    process.stderr.write(describeFatal(error));
    process.exitCode = 1;
  },
);
