import { CamelCasePlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselyStore } from '../../src/kysely/index.js';
import { at, enqueueInput } from '../store-conformance/fixtures.js';
import { connect, usePostgres } from './support/postgres.js';

const postgres = usePostgres();

describe("the application's Kysely plugins", () => {
  let camel: ReturnType<typeof connect>;
  beforeAll(() => {
    camel = connect(postgres.database.connectionString, { plugins: [new CamelCasePlugin()] });
  });
  afterAll(() => camel.destroy());

  it('are ignored by the store, in its own queries and inside the caller transaction', async () => {
    const store = createKyselyStore(camel);

    await camel.transaction().execute((tx) => store.enqueue(enqueueInput(1), tx));
    const [claimed] = await store.claimDue({ now: at(10), limit: 1, workerId: 'w', leaseMs: 1000 });

    expect(claimed?.delivery).toMatchObject({ id: 'dlv_0001', nextAttemptAt: at(1) });
    expect(await store.getDelivery('dlv_0001')).toMatchObject({ leaseOwner: 'w' });
  });
});
