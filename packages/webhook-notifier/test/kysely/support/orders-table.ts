import { sql } from 'kysely';
import { beforeAll, beforeEach } from 'vitest';
import { createKyselyStore } from '../../../src/kysely/index.js';
import { type PostgresFixture, truncateWebhookTables } from './postgres.js';

/**
 * An application table (`orders`) beside the notifier's, both emptied before each test, and
 * a store that listens: for tests of writes made in the application's transaction.
 */
export function useOrdersTable(postgres: PostgresFixture) {
  beforeAll(async () => {
    await sql`create table orders (id text primary key)`.execute(postgres.db);
  });
  beforeEach(async () => {
    await truncateWebhookTables(postgres.db);
    await sql`truncate orders`.execute(postgres.db);
  });
  return {
    makeStore: () =>
      createKyselyStore(postgres.db, {
        listen: { connectionString: postgres.database.connectionString },
      }),
  };
}
