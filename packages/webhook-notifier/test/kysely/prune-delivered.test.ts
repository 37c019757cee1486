import { beforeEach, describe, expect, it } from 'vitest';
import { createKyselyStore, pruneDelivered } from '../../src/kysely/index.js';
import { at, enqueueInput } from '../store-conformance/fixtures.js';
import { truncateWebhookTables, usePostgres } from './support/postgres.js';

const postgres = usePostgres({ schemas: ['notifier'] });

describe('pruneDelivered', () => {
  beforeEach(async () => {
    await truncateWebhookTables(postgres.db);
    await truncateWebhookTables(postgres.db, 'notifier');
  });

  async function seed(schema?: string) {
    const store = createKyselyStore(postgres.db, schema === undefined ? {} : { schema });
    // 1-5 old and delivered, 6 old and pending, 7 old and failed, 8 recent and delivered.
    for (let n = 1; n <= 8; n++) {
      await store.enqueue(enqueueInput(n, { now: at(n === 8 ? 100_000 : n) }));
    }
    await store.claimDue({ now: at(200_000), limit: 8, workerId: 'w', leaseMs: 1000 });
    const attempt = (n: number, statusCode: number) => ({
      deliveryId: `dlv_000${n}`,
      attempt: 1,
      startedAt: at(200_000),
      durationMs: 5,
      statusCode,
      errorClass: statusCode === 200 ? null : ('http_status' as const),
      error: null,
      responseHeaders: {},
      responseExcerpt: null,
    });
    await store.settle(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => {
        const base = { deliveryId: `dlv_000${n}`, workerId: 'w' };
        if (n === 6) {
          return {
            ...base,
            attempt: attempt(n, 503),
            status: 'pending',
            nextAttemptAt: at(9e9),
            error: '503',
          };
        }
        if (n === 7) return { ...base, attempt: attempt(n, 400), status: 'failed', error: '400' };
        return { ...base, attempt: attempt(n, 200), status: 'delivered' };
      }),
    );
    return store;
  }

  it('deletes old delivered messages with their deliveries and attempts, in batches', async () => {
    const store = await seed();

    const deleted = await pruneDelivered(postgres.db, { olderThan: at(50_000), batchSize: 2 });

    expect(deleted).toBe(5);
    const remaining = (await store.listDeliveries()).map((d) => d.id);
    expect(remaining).toEqual(['dlv_0006', 'dlv_0007', 'dlv_0008']);
    expect(await store.getMessage('msg_0001')).toBeUndefined();
    expect(await store.listAttempts('dlv_0001')).toEqual([]);
    expect(await store.listAttempts('dlv_0008')).toHaveLength(1);
    expect(await pruneDelivered(postgres.db, { olderThan: at(50_000) })).toBe(0);
  });

  it('prunes the tables of the schema it is given', async () => {
    const store = await seed('notifier');

    expect(await pruneDelivered(postgres.db, { olderThan: at(50_000), schema: 'notifier' })).toBe(
      5,
    );
    expect(await store.countPending()).toBe(1);
  });

  it('refuses a batch size that would never finish', async () => {
    await expect(pruneDelivered(postgres.db, { olderThan: at(0), batchSize: 0 })).rejects.toThrow(
      TypeError,
    );
  });
});
