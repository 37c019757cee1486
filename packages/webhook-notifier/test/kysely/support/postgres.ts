import { getTestDatabase, type TestDatabase } from '@dramarelay/test-utils';
import { Kysely, type KyselyPlugin, type LogEvent, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrateWebhookTables } from '../../../src/kysely/index.js';

export interface PostgresFixture {
  database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: an application database of any shape
  db: Kysely<any>;
}

/** A Kysely instance over `pg` for a connection string; destroy it when done. */
export function connect(
  connectionString: string,
  options: { plugins?: KyselyPlugin[]; log?: (event: LogEvent) => void; max?: number } = {},
  // biome-ignore lint/suspicious/noExplicitAny: an application database of any shape
): Kysely<any> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 8 });
  // An idle client is cut off when a test database is dropped at teardown, a busy one when
  // a test cuts the database off: not a failure (the query in hand rejects).
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely({
    dialect: new PostgresDialect({ pool }),
    plugins: options.plugins ?? [],
    ...(options.log === undefined ? {} : { log: options.log }),
  });
}

/**
 * A fresh database for this test file with the notifier's tables migrated (also into the
 * given extra schemas); torn down after the file.
 */
export function usePostgres(options: { schemas?: string[] } = {}): PostgresFixture {
  const fixture = {} as PostgresFixture;
  beforeAll(async () => {
    fixture.database = await getTestDatabase();
    fixture.db = connect(fixture.database.connectionString);
    await migrateWebhookTables(fixture.db);
    for (const schema of options.schemas ?? []) await migrateWebhookTables(fixture.db, { schema });
  }, 120_000);
  afterAll(async () => {
    await fixture.db?.destroy();
    await fixture.database?.close();
  });
  return fixture;
}

/** Empty the notifier's tables (in a schema, if given) between tests. */
// biome-ignore lint/suspicious/noExplicitAny: an application database of any shape
export async function truncateWebhookTables(db: Kysely<any>, schema?: string): Promise<void> {
  const table = (name: string) => (schema === undefined ? sql.id(name) : sql.id(schema, name));
  await sql`truncate ${table('webhook_attempts')}, ${table('webhook_deliveries')}, ${table(
    'webhook_messages',
  )}, ${table('webhook_endpoints')}`.execute(db);
}
