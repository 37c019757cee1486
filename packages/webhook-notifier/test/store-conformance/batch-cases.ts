import { beforeEach, describe, expect, it } from 'vitest';
import type { OperableTestStore } from './admin-fixtures.js';
import { at, claimHelpers, delivered, enqueueInput } from './fixtures.js';
import { newEndpoint, sendInput } from './routing-fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** `enqueueMany` and `sendMany`: many messages in one call, all or nothing. */
export function batchCases(suite: ConformanceSuite): void {
  describe('enqueueMany and sendMany', () => {
    let store: OperableTestStore;
    beforeEach(() => {
      store = suite.store();
    });
    const { claimIds } = claimHelpers(() => store);
    const enqueueMany = (...inputs: Parameters<OperableTestStore['enqueue']>[0][]) =>
      store.enqueueMany!(inputs);

    it('stores every message of the batch with its delivery, in input order', async () => {
      const entries = await enqueueMany(
        enqueueInput(1),
        enqueueInput(2, { endpointId: 'ep_b' }),
        enqueueInput(3),
      );

      expect(entries).toEqual([
        { messageId: 'msg_0001', deliveryId: 'dlv_0001', created: true },
        { messageId: 'msg_0002', deliveryId: 'dlv_0002', created: true },
        { messageId: 'msg_0003', deliveryId: 'dlv_0003', created: true },
      ]);
      expect(await store.getMessage('msg_0002')).toEqual(enqueueInput(2).message);
      expect(await store.getEndpoint('ep_b')).toMatchObject({ status: 'active' });
      expect(await claimIds('w', at(10))).toEqual(['dlv_0001', 'dlv_0002', 'dlv_0003']);
    });

    it('returns the first message for a key stored before or earlier in the same batch', async () => {
      await store.enqueue(enqueueInput(1, { key: 'order-1' }));
      const entries = await enqueueMany(
        enqueueInput(2, { key: 'order-1' }),
        enqueueInput(3, { key: 'order-3' }),
        enqueueInput(4, { key: 'order-3' }),
        enqueueInput(5),
      );

      expect(entries).toEqual([
        { messageId: 'msg_0001', deliveryId: 'dlv_0001', created: false },
        { messageId: 'msg_0003', deliveryId: 'dlv_0003', created: true },
        { messageId: 'msg_0003', deliveryId: 'dlv_0003', created: false },
        { messageId: 'msg_0005', deliveryId: 'dlv_0005', created: true },
      ]);
      expect(await store.getMessage('msg_0002')).toBeUndefined();
      expect(await store.getMessage('msg_0004')).toBeUndefined();
      expect(await store.countPending()).toBe(3);
    });

    it('stores nothing of a batch when one of its keys belongs to a send that reached no endpoint', async () => {
      await store.send(sendInput(1, 'task.completed', { tenant: null, key: 'order-1' }));
      await expect(
        enqueueMany(enqueueInput(2), enqueueInput(3, { key: 'order-1' })),
      ).rejects.toMatchObject({ reason: 'invalid_idempotency_key' });

      expect(await store.getMessage('msg_0002')).toBeUndefined();
      expect(await store.countPending()).toBe(0);
    });

    it('keeps the input order within an ordering key', async () => {
      await enqueueMany(
        ...[1, 2, 3, 4, 5].map((n) => enqueueInput(n, { orderingKey: 'k', now: at(10 - n) })),
      );

      const order: string[] = [];
      for (let round = 1; round <= 5; round++) {
        const [id] = await claimIds('w', at(100 * round));
        order.push(id!);
        await store.settle([delivered(id!, 'w', 1, at(100 * round))]);
      }
      expect(order).toEqual(['dlv_0001', 'dlv_0002', 'dlv_0003', 'dlv_0004', 'dlv_0005']);
    });

    it('fans each message of a sendMany out to the subscribed endpoints of its tenant only', async () => {
      await store.createEndpoint(newEndpoint('ep_a', { eventTypes: ['task.*'] }), at(0));
      await store.createEndpoint(newEndpoint('ep_b', { eventTypes: ['invoice.paid'] }), at(0));
      await store.createEndpoint(newEndpoint('ep_c', { tenant: 'globex' }), at(0));
      await store.createEndpoint(newEndpoint('ep_d'), at(0));
      await store.send(sendInput(1, 'task.completed', { key: 'k1' }));

      const entries = await store.sendMany!([
        sendInput(2, 'task.completed'),
        sendInput(3, 'invoice.paid', { key: 'k1' }),
        sendInput(4, 'invoice.paid', { tenant: 'initech' }),
        sendInput(5, 'invoice.paid', { key: 'k5', tenant: null }),
        sendInput(6, 'invoice.paid', { key: 'k5', tenant: null }),
      ]);

      expect(entries).toEqual([
        {
          messageId: 'msg_s0002',
          created: true,
          deliveries: [
            { id: 'dlv_s0002_000001', endpointId: 'ep_a' },
            { id: 'dlv_s0002_000002', endpointId: 'ep_d' },
          ],
        },
        {
          messageId: 'msg_s0001',
          created: false,
          deliveries: [
            { id: 'dlv_s0001_000001', endpointId: 'ep_a' },
            { id: 'dlv_s0001_000002', endpointId: 'ep_d' },
          ],
        },
        { messageId: 'msg_s0004', created: true, deliveries: [] },
        { messageId: 'msg_s0005', created: true, deliveries: [] },
        { messageId: 'msg_s0005', created: false, deliveries: [] },
      ]);
      expect(await store.getMessage('msg_s0003')).toBeUndefined();
      expect(await store.getMessage('msg_s0006')).toBeUndefined();
      expect(await store.countPending()).toBe(4);
    });

    it('wakes a subscriber for a batch that stored deliveries', async () => {
      let wakes = 0;
      const unsubscribe = await store.subscribe!(() => {
        wakes += 1;
      });
      await enqueueMany(enqueueInput(1), enqueueInput(2));
      await expect.poll(() => wakes, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      await unsubscribe();
    });
  });
}
