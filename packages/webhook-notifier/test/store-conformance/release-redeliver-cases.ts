import { beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import { at, claimHelpers, enqueueInput, failed, retrying } from './fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** Release and redeliver. */
export function releaseRedeliverCases(suite: ConformanceSuite): void {
  describe('release and redeliver', () => {
    let store: DeliveryStore<never>;
    beforeEach(() => {
      store = suite.store();
    });
    const { claim, claimIds } = claimHelpers(() => store);

    it("gives back this worker's leases, untouched, and nobody else's", async () => {
      await store.enqueue(enqueueInput(1));
      await store.enqueue(enqueueInput(2));
      await claim('worker-a', at(10));

      await store.release(['dlv_0001', 'dlv_0002'], 'worker-b');
      expect(await claimIds('worker-b', at(10))).toEqual([]);

      await store.release(['dlv_0001'], 'worker-a');
      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        status: 'pending',
        attempts: 0,
        leaseOwner: null,
        leaseExpiresAt: null,
        nextAttemptAt: at(1),
      });
      expect(await claimIds('worker-b', at(10))).toEqual(['dlv_0001']);
    });

    it('restarts a failed delivery: pending, due now, schedule counted from its attempts so far', async () => {
      await store.enqueue(enqueueInput(1));
      for (const [n, time] of [
        [1, 10],
        [2, 1000],
      ] as const) {
        await claim('worker-a', at(time));
        await store.settle([retrying('dlv_0001', 'worker-a', n, at(time), at(1000))]);
      }
      await claim('worker-a', at(2000));
      await store.settle([failed('dlv_0001', 'worker-a', 3, at(2000))]);

      const restarted = await store.redeliver('dlv_0001', at(50_000));

      expect(restarted).toMatchObject({
        status: 'pending',
        attempts: 3,
        attemptBase: 3,
        nextAttemptAt: at(50_000),
        leaseOwner: null,
        updatedAt: at(50_000),
      });
      expect(await store.getDelivery('dlv_0001')).toEqual(restarted);
      expect(await store.countPending()).toBe(1);
      expect(await claimIds('worker-b', at(49_999))).toEqual([]);
      expect(await claimIds('worker-b', at(50_000))).toEqual(['dlv_0001']);
    });

    it('takes a delivery away from the worker holding it, whose late outcome then changes nothing', async () => {
      await store.enqueue(enqueueInput(1));
      await claim('worker-a', at(10));

      await store.redeliver('dlv_0001', at(20));
      await store.settle([failed('dlv_0001', 'worker-a', 1, at(15))]);

      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        status: 'pending',
        leaseOwner: null,
      });
      expect(await claimIds('worker-b', at(20))).toEqual(['dlv_0001']);
    });
  });
}
