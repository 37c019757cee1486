import { describe } from 'vitest';
import { createKyselyStore } from '../../src/kysely/index.js';
import { describeStoreConformance } from '../store-conformance/store-conformance.js';
import { truncateWebhookTables, usePostgres } from './support/postgres.js';

const postgres = usePostgres({ schemas: ['webhooks'] });

describeStoreConformance('KyselyStore', async () => {
  await truncateWebhookTables(postgres.db);
  const listen = { connectionString: postgres.database.connectionString };
  return { store: createKyselyStore(postgres.db, { listen }) };
});

describe('with a schema option', () => {
  describeStoreConformance('KyselyStore in schema "webhooks"', async () => {
    await truncateWebhookTables(postgres.db, 'webhooks');
    const listen = { connectionString: postgres.database.connectionString };
    return {
      store: createKyselyStore(postgres.db, {
        schema: 'webhooks',
        notifyChannel: 'webhooks_wake',
        listen,
      }),
    };
  });
});
