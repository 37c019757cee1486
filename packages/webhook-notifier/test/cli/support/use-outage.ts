import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type PostgresFixture,
  truncateWebhookTables,
  usePostgres,
} from '../../kysely/support/postgres.js';
import { type SeededOutage, seedOutage } from './seed-outage.js';
import { type StatusReceiver, startStatusReceiver } from './status-receiver.js';

export interface OutageFixture {
  postgres: PostgresFixture;
  receiver: StatusReceiver;
  /** The environment of the command: `DATABASE_URL` of this file's database. */
  env: { DATABASE_URL: string };
  seeded: SeededOutage;
}

/**
 * A database for this test file with the outage of `seedOutage` seeded afresh before each
 * test, and the receiver that answered it.
 */
export function useOutage(): OutageFixture {
  const fixture = { postgres: usePostgres() } as OutageFixture;
  beforeAll(async () => {
    fixture.receiver = await startStatusReceiver();
    fixture.env = { DATABASE_URL: fixture.postgres.database.connectionString };
  });
  afterAll(() => fixture.receiver?.close());
  beforeEach(async () => {
    await truncateWebhookTables(fixture.postgres.db);
    fixture.receiver.requests.length = 0;
    fixture.seeded = await seedOutage(fixture.postgres.db, fixture.receiver);
  }, 60_000);
  return fixture;
}
