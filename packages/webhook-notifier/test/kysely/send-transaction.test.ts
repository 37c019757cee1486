import type { Transaction } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/index.js';
import { at } from '../store-conformance/fixtures.js';
import { newEndpoint, sendInput } from '../store-conformance/routing-fixtures.js';
import { useOrdersTable } from './support/orders-table.js';
import { usePostgres } from './support/postgres.js';
import { createSignal } from './support/signal.js';

const postgres = usePostgres();
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('send and endpoint records inside the application transaction', () => {
  const { makeStore } = useOrdersTable(postgres);

  it('reaches no one and wakes nobody when the transaction of a fan-out rolls back', async () => {
    const store = makeStore();
    for (const id of ['ep_a', 'ep_b', 'ep_c']) await store.createEndpoint(newEndpoint(id), at(0));
    const wakes = createSignal();
    const unsubscribe = await store.subscribe!(wakes.fire);

    await expect(
      postgres.db.transaction().execute(async (tx) => {
        await tx.insertInto('orders').values({ id: 'order-1' }).execute();
        const sent = await store.send(sendInput(1, 'task.completed', { key: 'order-1' }), tx);
        expect(sent.deliveries).toHaveLength(3);
        throw new Error('the application changed its mind');
      }),
    ).rejects.toThrow('the application changed its mind');

    expect(await store.getMessage('msg_s0001')).toBeUndefined();
    expect(await store.countPending()).toBe(0);
    expect(await store.claimDue({ now: at(1e9), limit: 10, workerId: 'w', leaseMs: 1000 })).toEqual(
      [],
    );
    // The key is free again, and notifications arrive in commit order: had the rolled-back
    // one been sent, it would arrive before this one.
    const retried = await store.send(sendInput(2, 'task.completed', { key: 'order-1' }));
    expect(retried).toMatchObject({ created: true, message: { id: 'msg_s0002' } });
    await wakes.reached(1);
    expect(wakes.count).toBe(1);
    await unsubscribe();
  });

  it("waits for a concurrent transaction sending under the tenant's key, then returns its message and deliveries", async () => {
    const store = makeStore();
    await store.createEndpoint(newEndpoint('ep_a'), at(0));
    await store.createEndpoint(newEndpoint('ep_b'), at(0));
    const first = await postgres.db.startTransaction().execute();
    const sent = await store.send(sendInput(1, 'task.completed', { key: 'order-1' }), first);

    const second = store.send(sendInput(2, 'task.completed', { key: 'order-1' }));
    const otherTenant = await store.send(
      sendInput(3, 'task.completed', { key: 'order-1', tenant: 'globex' }),
    );
    await first.commit().execute();

    expect(await second).toEqual({ ...sent, created: false });
    expect(otherTenant.created).toBe(true);
    expect(await store.countPending()).toBe(2);
  });

  it('commits the fan-out with the application write, through the notifier', async () => {
    const store = makeStore();
    const notifier = createNotifier({ store });
    await notifier.endpoints.create({
      tenant: 'acme',
      url: 'https://a.example.com/',
      secrets: secret,
    });
    await notifier.endpoints.create({
      tenant: 'acme',
      url: 'https://b.example.com/',
      secrets: secret,
    });

    const receipt = await postgres.db.transaction().execute(async (tx) => {
      await tx.insertInto('orders').values({ id: 'order-1' }).execute();
      return notifier.send(
        { tenant: 'acme', eventType: 'order.paid', payload: { id: 'order-1' } },
        { tx },
      );
    });

    expect(receipt.deliveries).toHaveLength(2);
    for (const { deliveryId } of receipt.deliveries) {
      expect(await store.getDelivery(deliveryId)).toMatchObject({ status: 'pending' });
    }
  });

  it('creates, updates and deletes endpoint records with the transaction, or not at all', async () => {
    const store = makeStore();
    const notifier = createNotifier({ store });
    // biome-ignore lint/suspicious/noExplicitAny: the application's database, whatever it is
    const rollback = (work: (tx: Transaction<any>) => Promise<unknown>) =>
      expect(
        postgres.db.transaction().execute(async (tx) => {
          await work(tx);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');

    await rollback((tx) =>
      notifier.endpoints.create(
        { id: 'ep_a', url: 'https://a.example.com/', secrets: secret },
        { tx },
      ),
    );
    expect(await notifier.endpoints.get('ep_a')).toBeUndefined();

    await notifier.endpoints.create({
      id: 'ep_a',
      tenant: 'acme',
      url: 'https://a.example.com/',
      secrets: secret,
    });
    await notifier.send({ tenant: 'acme', eventType: 'task.completed', payload: {} });
    await rollback(async (tx) => {
      await notifier.endpoints.update('ep_a', { description: 'changed' }, { tx });
      expect(await notifier.endpoints.delete('ep_a', { tx })).toBe(true);
    });
    expect(await notifier.endpoints.get('ep_a')).toMatchObject({ description: null });
    expect(await store.countPending()).toBe(1);
  });

  it('keeps a duplicate from aborting the transaction it was tried in', async () => {
    const store = makeStore();
    const notifier = createNotifier({ store });
    const definition = { tenant: 'acme', url: 'https://a.example.com/', secrets: secret };
    await notifier.endpoints.create(definition);

    await postgres.db.transaction().execute(async (tx) => {
      await expect(notifier.endpoints.create(definition, { tx })).rejects.toMatchObject({
        reason: 'duplicate_endpoint',
        field: 'url',
      });
      await tx.insertInto('orders').values({ id: 'order-1' }).execute();
    });
    expect(await postgres.db.selectFrom('orders').select('id').execute()).toEqual([
      { id: 'order-1' },
    ]);
  });
});
