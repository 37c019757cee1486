import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/index.js';
import { at, enqueueInput } from '../store-conformance/fixtures.js';
import { useOrdersTable } from './support/orders-table.js';
import { usePostgres } from './support/postgres.js';
import { startReceiver } from './support/receiver.js';
import { createSignal } from './support/signal.js';

const postgres = usePostgres();

describe('enqueue inside the application transaction (outbox)', () => {
  const { makeStore } = useOrdersTable(postgres);
  const orderCount = async () =>
    (await postgres.db.selectFrom('orders').select('id').execute()).length;

  it('stores nothing, claims nothing and wakes nobody when the transaction rolls back', async () => {
    const store = makeStore();
    const wakes = createSignal();
    const unsubscribe = await store.subscribe!(wakes.fire);

    await expect(
      postgres.db.transaction().execute(async (tx) => {
        await tx.insertInto('orders').values({ id: 'order-1' }).execute();
        await store.enqueue(enqueueInput(1), tx);
        throw new Error('the application changed its mind');
      }),
    ).rejects.toThrow('the application changed its mind');

    expect(await orderCount()).toBe(0);
    expect(await store.getMessage('msg_0001')).toBeUndefined();
    expect(await store.getDelivery('dlv_0001')).toBeUndefined();
    // The endpoint is configuration, written by a statement of its own: it stays, unused.
    expect(await store.getEndpoint('ep_a')).toMatchObject({ id: 'ep_a' });
    expect(await store.countPending()).toBe(0);
    expect(await store.claimDue({ now: at(1e9), limit: 10, workerId: 'w', leaseMs: 1000 })).toEqual(
      [],
    );

    // Notifications arrive in commit order: had the rolled-back one been sent, it would
    // arrive before this one.
    await store.enqueue(enqueueInput(2));
    await wakes.reached(1);
    expect(wakes.count).toBe(1);
    await unsubscribe();
  });

  it("commits the message together with the application's write", async () => {
    const store = makeStore();
    const wakes = createSignal();
    const unsubscribe = await store.subscribe!(wakes.fire);

    await postgres.db.transaction().execute(async (tx) => {
      await tx.insertInto('orders').values({ id: 'order-1' }).execute();
      const result = await store.enqueue(enqueueInput(1), tx);
      expect(result.created).toBe(true);
    });
    await wakes.reached(1);

    expect(await orderCount()).toBe(1);
    expect(await store.getDelivery('dlv_0001')).toMatchObject({ status: 'pending' });
    await unsubscribe();
  });

  it('waits for a concurrent transaction holding the same idempotency key, then returns its message', async () => {
    const store = makeStore();
    const first = await postgres.db.startTransaction().execute();
    await store.enqueue(enqueueInput(1, { key: 'order-1' }), first);

    const second = store.enqueue(enqueueInput(2, { key: 'order-1' }));
    await first.commit().execute();

    const result = await second;
    expect(result.created).toBe(false);
    expect(result.message.id).toBe('msg_0001');
    expect(await store.countPending()).toBe(1);
  });

  it('enqueues under a key again once the transaction that held it rolled back', async () => {
    const store = makeStore();
    const first = await postgres.db.startTransaction().execute();
    await store.enqueue(enqueueInput(1, { key: 'order-1' }), first);

    const second = store.enqueue(enqueueInput(2, { key: 'order-1' }));
    await first.rollback().execute();

    const result = await second;
    expect(result.created).toBe(true);
    expect(result.message.id).toBe('msg_0002');
    expect(await store.getMessage('msg_0001')).toBeUndefined();
  });

  it('a running notifier sends the committed message and never the rolled-back one', async () => {
    const receiver = await startReceiver();
    const store = makeStore();
    const notifier = createNotifier({ store, ssrf: { allow: ['127.0.0.1'] } });
    const endpoint = { url: receiver.url, secrets: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
    await notifier.start();
    try {
      await expect(
        postgres.db.transaction().execute(async (tx) => {
          await notifier.enqueue({ endpoint, eventType: 'order.paid', payload: { n: 1 } }, { tx });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const kept = await postgres.db
        .transaction()
        .execute((tx) =>
          notifier.enqueue({ endpoint, eventType: 'order.paid', payload: { n: 2 } }, { tx }),
        );

      await receiver.arrivals(1);
      await notifier.stop();

      expect(receiver.received.map((r) => [r.webhookId, r.body.toString()])).toEqual([
        [kept.messageId, '{"n":2}'],
      ]);
      expect(await store.listDeliveries()).toEqual([
        expect.objectContaining({ id: kept.deliveryId, status: 'delivered' }),
      ]);
    } finally {
      await notifier.stop();
      await receiver.close();
    }
  });
});
