import { generateSecret } from '@dramarelay/receiver-verify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/index.js';
import { batchScenarios } from '../support/batch-scenarios.js';
import { useOrdersTable } from './support/orders-table.js';
import { usePostgres } from './support/postgres.js';
import { createSignal } from './support/signal.js';

const postgres = usePostgres();

describe('KyselyStore', () => {
  const { makeStore } = useOrdersTable(postgres);

  batchScenarios(makeStore);

  describe('enqueueMany and sendMany in transactions', () => {
    const endpoint = { id: 'ep_a', url: 'https://hooks.example.com/a', secrets: generateSecret() };
    const requests = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ({
        endpoint,
        eventType: 'order.paid',
        payload: { i: from + i },
      }));
    const count = async (table: string) => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(
        table,
      )}`.execute(postgres.db);
      return rows[0]!.n;
    };

    it('stores nothing and wakes nobody when the application transaction rolls back', async () => {
      const store = makeStore();
      const notifier = createNotifier({ store });
      await notifier.endpoints.create({
        tenant: 'acme',
        url: endpoint.url,
        secrets: endpoint.secrets,
      });
      const wakes = createSignal();
      const unsubscribe = await store.subscribe!(wakes.fire);
      const before = wakes.count;

      await expect(
        postgres.db.transaction().execute(async (tx) => {
          await tx.insertInto('orders').values({ id: 'order-1' }).execute();
          await notifier.enqueueMany(requests(4_500), { tx });
          await notifier.sendMany([{ tenant: 'acme', eventType: 'order.paid', payload: {} }], {
            tx,
          });
          throw new Error('the application changed its mind');
        }),
      ).rejects.toThrow('the application changed its mind');

      expect(await count('orders')).toBe(0);
      expect(await count('webhook_messages')).toBe(0);
      expect(await count('webhook_deliveries')).toBe(0);
      // Notifications arrive in commit order: a rolled-back one would come before this one.
      await notifier.enqueue(requests(1)[0]!);
      await wakes.reached(before + 1);
      expect(wakes.count).toBe(before + 1);
      await unsubscribe();
    });

    it('commits every chunk with the application write, and wakes the workers at commit', async () => {
      const store = makeStore();
      const notifier = createNotifier({ store });
      const wakes = createSignal();
      const unsubscribe = await store.subscribe!(wakes.fire);

      const receipts = await postgres.db.transaction().execute(async (tx) => {
        await tx.insertInto('orders').values({ id: 'order-1' }).execute();
        return notifier.enqueueMany(requests(4_500), { tx });
      });
      await wakes.reached(1);

      expect(receipts).toHaveLength(4_500);
      expect(await count('orders')).toBe(1);
      expect(await count('webhook_deliveries')).toBe(4_500);
      await notifier.enqueue(requests(1, 4_500)[0]!);
      await wakes.reached(2);
      expect(wakes.count).toBe(2);
      await unsubscribe();
    });

    it('stores nothing of a call without a transaction when a later chunk fails', async () => {
      const store = makeStore();
      const notifier = createNotifier({ store });
      // A send without a tenant that reached no endpoint holds the key with no delivery:
      // an inline enqueue repeating it is refused by the store, in the second chunk.
      await notifier.send({ eventType: 'order.paid', payload: {}, idempotencyKey: 'taken' });
      const batch = requests(4_500);
      batch[4_000] = { ...batch[4_000]!, idempotencyKey: 'taken' } as (typeof batch)[number];

      await expect(notifier.enqueueMany(batch)).rejects.toMatchObject({
        reason: 'invalid_idempotency_key',
      });
      expect(await count('webhook_messages')).toBe(1);
      expect(await count('webhook_deliveries')).toBe(0);
    });
  });
});
