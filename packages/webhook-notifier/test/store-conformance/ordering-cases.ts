import { beforeEach, describe, expect, it } from 'vitest';
import type { OperableTestStore } from './admin-fixtures.js';
import {
  at,
  claimHelpers,
  delivered,
  enqueueInput,
  failed,
  LEASE_MS,
  retrying,
} from './fixtures.js';
import { newEndpoint, sendInput } from './routing-fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** Ordering keys: one delivery at a time per (endpoint, key), in enqueue order. */
export function orderingCases(suite: ConformanceSuite): void {
  describe('ordering keys', () => {
    let store: OperableTestStore;
    beforeEach(() => {
      store = suite.store();
    });
    const { claimIds } = claimHelpers(() => store);
    const ordered = (n: number, orderingKey: string, endpointId = 'ep_a') =>
      store.enqueue(enqueueInput(n, { orderingKey, endpointId }));

    it('keeps the key on the delivery', async () => {
      const { delivery } = await ordered(1, 'order-7');
      expect(delivery.orderingKey).toBe('order-7');
      expect((await store.getDelivery('dlv_0001'))?.orderingKey).toBe('order-7');
      await store.enqueue(enqueueInput(2));
      expect((await store.getDelivery('dlv_0002'))?.orderingKey ?? null).toBeNull();
    });

    it('hands out one delivery per key at a time, the earliest first; other keys and unkeyed ones go beside it', async () => {
      await ordered(1, 'k1');
      await ordered(2, 'k1');
      await ordered(3, 'k2');
      await store.enqueue(enqueueInput(4));
      await ordered(5, 'k1');
      await store.enqueue(enqueueInput(6));

      expect(await claimIds('worker-a', at(10))).toEqual([
        'dlv_0001',
        'dlv_0003',
        'dlv_0004',
        'dlv_0006',
      ]);
      // The heads are in flight: nobody gets the next of their key.
      expect(await claimIds('worker-b', at(10))).toEqual([]);

      await store.settle([delivered('dlv_0001', 'worker-a', 1, at(20))]);
      expect(await claimIds('worker-b', at(30))).toEqual(['dlv_0002']);
      await store.settle([delivered('dlv_0002', 'worker-b', 1, at(40))]);
      expect(await claimIds('worker-b', at(50))).toEqual(['dlv_0005']);
    });

    it('holds the next delivery while an earlier one waits for its retry, and while its lease runs', async () => {
      await ordered(1, 'k1');
      await ordered(2, 'k1');
      expect(await claimIds('worker-a', at(10))).toEqual(['dlv_0001']);
      // A lease that expires gives the same head back, never the next one.
      expect(await claimIds('worker-b', at(10 + LEASE_MS))).toEqual(['dlv_0001']);
      await store.settle([retrying('dlv_0001', 'worker-b', 1, at(10 + LEASE_MS), at(100_000))]);

      expect(await claimIds('worker-a', at(99_999))).toEqual([]);
      expect(await claimIds('worker-a', at(100_000))).toEqual(['dlv_0001']);
      await store.settle([delivered('dlv_0001', 'worker-a', 2, at(100_000))]);
      expect(await claimIds('worker-a', at(100_001))).toEqual(['dlv_0002']);
    });

    it('moves on past a delivery that failed for good', async () => {
      await ordered(1, 'k1');
      await ordered(2, 'k1');
      await claimIds('worker-a', at(10));
      await store.settle([failed('dlv_0001', 'worker-a', 1, at(10))]);

      expect(await claimIds('worker-a', at(20))).toEqual(['dlv_0002']);
    });

    it('orders each endpoint on its own: the same key on two endpoints is two queues', async () => {
      await ordered(1, 'k1', 'ep_a');
      await ordered(2, 'k1', 'ep_b');
      await ordered(3, 'k1', 'ep_a');

      expect(await claimIds('worker-a', at(10))).toEqual(['dlv_0001', 'dlv_0002']);
    });

    it('puts a redelivered delivery at the end of its key, never beside one in flight', async () => {
      await ordered(1, 'k1');
      await ordered(2, 'k1');
      await ordered(3, 'k1');
      await claimIds('worker-a', at(10));
      await store.settle([failed('dlv_0001', 'worker-a', 1, at(10))]);
      expect(await claimIds('worker-a', at(20))).toEqual(['dlv_0002']);

      await store.redeliver('dlv_0001', at(30));
      expect(await claimIds('worker-b', at(30))).toEqual([]);
      await store.settle([delivered('dlv_0002', 'worker-a', 1, at(40))]);
      expect(await claimIds('worker-b', at(50))).toEqual(['dlv_0003']);
      await store.settle([delivered('dlv_0003', 'worker-b', 1, at(60))]);
      expect(await claimIds('worker-b', at(70))).toEqual(['dlv_0001']);
    });

    it("gives a send's deliveries its key: each endpoint reached orders them on its own", async () => {
      await store.createEndpoint(newEndpoint('ep_x'), at(0));
      await store.createEndpoint(newEndpoint('ep_y'), at(0));
      const first = await store.send(sendInput(1, 'task.completed', { orderingKey: 'k1' }));
      await store.send(sendInput(2, 'task.completed', { orderingKey: 'k1' }));

      expect(first.deliveries.map((delivery) => delivery.orderingKey)).toEqual(['k1', 'k1']);
      expect(await claimIds('worker-a', at(10))).toEqual(['dlv_s0001_000001', 'dlv_s0001_000002']);
      await store.settle([delivered('dlv_s0001_000001', 'worker-a', 1, at(20))]);
      expect(await claimIds('worker-a', at(30))).toEqual(['dlv_s0002_000001']);
    });

    it('lets a released head go first again', async () => {
      await ordered(1, 'k1');
      await ordered(2, 'k1');
      await claimIds('worker-a', at(10));
      await store.release(['dlv_0001'], 'worker-a');

      expect(await claimIds('worker-b', at(20))).toEqual(['dlv_0001']);
    });
  });
}
