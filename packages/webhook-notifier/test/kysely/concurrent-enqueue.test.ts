import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKyselyStore } from '../../src/kysely/index.js';
import { enqueueInput } from '../store-conformance/fixtures.js';
import { connect, truncateWebhookTables, usePostgres } from './support/postgres.js';
import { createSignal } from './support/signal.js';

const postgres = usePostgres();
const ROUNDS = 50;

describe('concurrent outbox transactions enqueueing to the same new endpoints', () => {
  beforeEach(() => truncateWebhookTables(postgres.db));

  it('never deadlock in opposite order: both commit, every round', async () => {
    const store = createKyselyStore(postgres.db);
    const errors: unknown[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = [`ep_a${round}`, `ep_b${round}`];
      // Each transaction enqueues to its first endpoint, waits until the other has too,
      // then enqueues to its second: the order that locked the endpoints crosswise.
      const firstDone = [createSignal(), createSignal()];
      const run = (mine: 0 | 1, order: [string, string]) =>
        postgres.db.transaction().execute(async (tx) => {
          await store.enqueue(enqueueInput(round * 4 + mine * 2, { endpointId: order[0] }), tx);
          firstDone[mine]!.fire();
          await firstDone[1 - mine]!.reached(1);
          await store.enqueue(enqueueInput(round * 4 + mine * 2 + 1, { endpointId: order[1] }), tx);
        });
      const outcomes = await Promise.allSettled([run(0, [a, b]), run(1, [b, a])]);
      for (const outcome of outcomes)
        if (outcome.status === 'rejected') errors.push(outcome.reason);
    }
    expect(errors).toEqual([]);
    const { rows } = await sql<{ n: string }>`select count(*) as n from webhook_deliveries`.execute(
      postgres.db,
    );
    expect(Number(rows[0]!.n)).toBe(ROUNDS * 4);
  }, 60_000);

  it('updates a changed endpoint without holding its row for the transaction', async () => {
    const store = createKyselyStore(postgres.db);
    await store.enqueue(enqueueInput(1, { endpointId: 'ep_x' }));
    const other = connect(postgres.database.connectionString, { max: 1 });
    try {
      await postgres.db.transaction().execute(async (tx) => {
        await store.enqueue(
          enqueueInput(2, { endpointId: 'ep_x', url: 'https://moved.example.com/h' }),
          tx,
        );
        // Another transaction may change the same endpoint meanwhile without waiting for this one.
        await other.transaction().execute(async (tx2) => {
          await store.enqueue(
            enqueueInput(3, { endpointId: 'ep_x', url: 'https://again.example.com/h' }),
            tx2,
          );
        });
      });
    } finally {
      await other.destroy();
    }
    const endpoint = await store.getEndpoint('ep_x');
    expect(endpoint?.url).toBe('https://again.example.com/h');
  });

  it('does not hang when the transaction holds the last connection of the pool: writes the endpoint there', async () => {
    const single = connect(postgres.database.connectionString, { max: 1 });
    try {
      const store = createKyselyStore(single);
      const receipt = await single
        .transaction()
        .execute((tx) => store.enqueue(enqueueInput(1, { endpointId: 'ep_pool' }), tx));
      expect(receipt.created).toBe(true);
      expect(await store.getEndpoint('ep_pool')).toMatchObject({ id: 'ep_pool' });
    } finally {
      await single.destroy();
    }
  });

  it('stores the endpoint of a rolled-back transaction (configuration), but not its message', async () => {
    const store = createKyselyStore(postgres.db);
    await expect(
      postgres.db.transaction().execute(async (tx) => {
        await store.enqueue(enqueueInput(1, { endpointId: 'ep_new' }), tx);
        throw new Error('changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect(await store.getDelivery('dlv_0001')).toBeUndefined();
    expect(await store.getEndpoint('ep_new')).toBeDefined();
  });
});
