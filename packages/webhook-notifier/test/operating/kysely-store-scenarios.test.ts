import { createKyselyStore } from '../../src/kysely/index.js';
import { truncateWebhookTables, usePostgres } from '../kysely/support/postgres.js';
import { describeOperatingScenarios } from './operating-scenarios.js';

const postgres = usePostgres();

describeOperatingScenarios('KyselyStore', async () => {
  await truncateWebhookTables(postgres.db);
  return { store: createKyselyStore(postgres.db) };
});
