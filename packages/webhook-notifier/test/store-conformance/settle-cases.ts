import { beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import {
  at,
  claimHelpers,
  delivered,
  enqueueInput,
  failed,
  LEASE_MS,
  retrying,
} from './fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** Settle: delivery states, attempts, lease takeovers, endpoint failure runs. */
export function settleCases(suite: ConformanceSuite): void {
  describe('settle', () => {
    let store: DeliveryStore<never>;
    beforeEach(() => {
      store = suite.store();
    });
    const { claim, claimIds } = claimHelpers(() => store);

    it('marks a delivered delivery done, records the attempt and frees the lease', async () => {
      await store.enqueue(enqueueInput(1));
      await claim('worker-a', at(10));
      const outcome = delivered('dlv_0001', 'worker-a', 1, at(20));

      const result = await store.settle([outcome]);

      expect(result).toEqual({ failingEndpoints: [] });
      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        status: 'delivered',
        attempts: 1,
        leaseOwner: null,
        leaseExpiresAt: null,
        lastError: null,
        lastStatusCode: 200,
        lastAttemptAt: at(20),
        updatedAt: at(20 + 42),
      });
      expect(await store.listAttempts('dlv_0001')).toEqual([outcome.attempt]);
      expect(await store.countPending()).toBe(0);
      expect(await claimIds('worker-b', at(10 + 2 * LEASE_MS))).toEqual([]);
    });

    it('reschedules a retry and claims it again only when it is due', async () => {
      await store.enqueue(enqueueInput(1));
      await claim('worker-a', at(10));

      await store.settle([retrying('dlv_0001', 'worker-a', 1, at(20), at(5000))]);

      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        status: 'pending',
        attempts: 1,
        nextAttemptAt: at(5000),
        leaseOwner: null,
        lastError: 'HTTP 503',
        lastStatusCode: 503,
      });
      expect(await claimIds('worker-b', at(4999))).toEqual([]);
      expect(await claimIds('worker-b', at(5000))).toEqual(['dlv_0001']);
    });

    it('marks a delivery failed and keeps its error', async () => {
      await store.enqueue(enqueueInput(1));
      await claim('worker-a', at(10));

      await store.settle([failed('dlv_0001', 'worker-a', 1, at(20))]);

      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'HTTP 400',
        lastStatusCode: 400,
        leaseOwner: null,
      });
      expect(await store.countPending()).toBe(0);
      expect(await claimIds('worker-b', at(10 + 2 * LEASE_MS))).toEqual([]);
    });

    it('settles a mixed batch in one call', async () => {
      for (const n of [1, 2, 3]) await store.enqueue(enqueueInput(n, { endpointId: `ep_${n}` }));
      await claim('worker-a', at(10));

      await store.settle([
        delivered('dlv_0001', 'worker-a', 1, at(20)),
        retrying('dlv_0002', 'worker-a', 1, at(21), at(900)),
        failed('dlv_0003', 'worker-a', 1, at(22)),
      ]);

      const statuses = (await store.listDeliveries()).map((d) => [d.id, d.status]);
      expect(statuses).toEqual([
        ['dlv_0001', 'delivered'],
        ['dlv_0002', 'pending'],
        ['dlv_0003', 'failed'],
      ]);
      expect(await store.countPending()).toBe(1);
    });

    it('appends the attempt of a worker whose lease was taken over, but leaves the delivery to the new owner', async () => {
      await store.enqueue(enqueueInput(1));
      await claim('worker-a', at(10));
      await claim('worker-b', at(10 + LEASE_MS));
      const late = delivered('dlv_0001', 'worker-a', 1, at(20));

      await store.settle([late]);

      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        status: 'pending',
        attempts: 0,
        leaseOwner: 'worker-b',
        leaseExpiresAt: at(10 + 2 * LEASE_MS),
      });
      expect(await store.listAttempts('dlv_0001')).toEqual([late.attempt]);

      const own = delivered('dlv_0001', 'worker-b', 2, at(10 + LEASE_MS + 5));
      await store.settle([own]);
      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        status: 'delivered',
        attempts: 2,
        leaseOwner: null,
      });
      expect(await store.listAttempts('dlv_0001')).toEqual([late.attempt, own.attempt]);
    });

    it('ignores a stale outcome of a lease the same worker has since claimed again', async () => {
      await store.enqueue(enqueueInput(1));
      const [first] = await claim('worker-a', at(10));
      const [second] = await claim('worker-a', at(10 + LEASE_MS));
      const stale = {
        ...retrying('dlv_0001', 'worker-a', 1, at(20), at(20 + 300_000)),
        leaseExpiresAt: first!.delivery.leaseExpiresAt,
      };
      const fresh = {
        ...delivered('dlv_0001', 'worker-a', 2, at(10 + LEASE_MS + 5)),
        leaseExpiresAt: second!.delivery.leaseExpiresAt,
      };

      await store.settle([stale]);
      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        status: 'pending',
        attempts: 0,
        leaseOwner: 'worker-a',
        leaseExpiresAt: at(10 + 2 * LEASE_MS),
      });
      await store.settle([fresh]);

      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        status: 'delivered',
        attempts: 2,
        leaseOwner: null,
      });
      expect(await store.listAttempts('dlv_0001')).toEqual([stale.attempt, fresh.attempt]);
    });

    it("keeps the endpoint's failure run and reports the endpoints whose run grew", async () => {
      for (const n of [1, 2, 3, 4]) await store.enqueue(enqueueInput(n));
      await claim('worker-a', at(10));

      const first = await store.settle([
        retrying('dlv_0001', 'worker-a', 1, at(100), at(9000)),
        retrying('dlv_0002', 'worker-a', 1, at(101), at(9000)),
      ]);

      const failingSince = { consecutiveFailures: 2, failingSince: at(100) };
      expect(first.failingEndpoints).toEqual([
        expect.objectContaining({ id: 'ep_a', ...failingSince }),
      ]);
      expect(await store.getEndpoint('ep_a')).toMatchObject(failingSince);

      await store.updateEndpoint('ep_a', { pausedUntil: at(10) });
      const second = await store.settle([
        failed('dlv_0003', 'worker-a', 1, at(102)),
        delivered('dlv_0004', 'worker-a', 1, at(103)),
      ]);
      expect(second.failingEndpoints).toEqual([]);
      expect(await store.getEndpoint('ep_a')).toMatchObject({
        consecutiveFailures: 0,
        failingSince: null,
        pausedUntil: null,
      });
    });

    it('counts failures after the last success of a batch, in outcome order', async () => {
      for (const n of [1, 2, 3]) await store.enqueue(enqueueInput(n));
      await claim('worker-a', at(10));

      const result = await store.settle([
        failed('dlv_0001', 'worker-a', 1, at(100)),
        delivered('dlv_0002', 'worker-a', 1, at(101)),
        failed('dlv_0003', 'worker-a', 1, at(102)),
      ]);

      const run = { consecutiveFailures: 1, failingSince: at(102) };
      expect(result.failingEndpoints).toEqual([expect.objectContaining({ id: 'ep_a', ...run })]);
      expect(await store.getEndpoint('ep_a')).toMatchObject(run);
    });

    it('accepts an empty batch', async () => {
      expect(await store.settle([])).toEqual({ failingEndpoints: [] });
    });
  });
}
