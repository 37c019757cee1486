import { beforeEach, describe, expect, it } from 'vitest';
import type { OperableTestStore } from './admin-fixtures.js';
import { at, claimHelpers, delivered, enqueueInput } from './fixtures.js';
import { newEndpoint, sendInput } from './routing-fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** Rate limits: a shared token bucket per endpoint, spent by the claim. */
export function rateLimitCases(suite: ConformanceSuite): void {
  describe('rate limits', () => {
    let store: OperableTestStore;
    beforeEach(() => {
      store = suite.store();
    });
    const { claimIds } = claimHelpers(() => store);
    async function backlog(from: number, count: number, endpointId: string) {
      for (let n = from; n < from + count; n++) {
        await store.enqueue(enqueueInput(n, { endpointId, now: at(0) }));
      }
    }

    it('keeps the limit on the endpoint, and removes it with null', async () => {
      await backlog(1, 1, 'ep_a');
      const limited = await store.updateEndpoint('ep_a', { rateLimit: { perSecond: 2.5 } });
      expect(limited?.rateLimit).toEqual({ perSecond: 2.5 });
      expect((await store.getEndpoint('ep_a'))?.rateLimit).toEqual({ perSecond: 2.5 });
      await store.updateEndpoint('ep_a', { rateLimit: null });
      expect((await store.getEndpoint('ep_a'))?.rateLimit ?? null).toBeNull();
    });

    it('keeps the limit a registered endpoint was created with, and applies it to what it is sent', async () => {
      const created = await store.createEndpoint(
        newEndpoint('ep_x', { rateLimit: { perSecond: 2 } }),
        at(0),
      );
      expect(created).toMatchObject({ rateLimit: { perSecond: 2 } });
      for (let n = 1; n <= 3; n++) await store.send(sendInput(n, 'task.completed'));

      expect(await claimIds('worker-a', at(1000))).toEqual(['dlv_s0001_000001']);
      await store.updateEndpointRecord('ep_x', { rateLimit: null });
      expect(await claimIds('worker-a', at(1000))).toEqual([
        'dlv_s0002_000001',
        'dlv_s0003_000001',
      ]);
    });

    it('hands out at most half a second of the limit at once, then what refills, to every worker together', async () => {
      await backlog(1, 20, 'ep_a');
      await store.updateEndpoint('ep_a', { rateLimit: { perSecond: 8 } });

      expect(await claimIds('worker-a', at(1000))).toHaveLength(4);
      expect(await claimIds('worker-b', at(1000))).toEqual([]);
      expect(await claimIds('worker-b', at(1249))).toHaveLength(1);
      expect(await claimIds('worker-a', at(1250))).toHaveLength(1);
      // A long quiet spell refills the bucket to its cap only.
      expect(await claimIds('worker-c', at(60_000), 20)).toHaveLength(4);
    });

    it('counts every attempt: a retry spends a token like a first attempt', async () => {
      await backlog(1, 3, 'ep_a');
      await store.updateEndpoint('ep_a', { rateLimit: { perSecond: 1 } });

      expect(await claimIds('worker-a', at(1000))).toEqual(['dlv_0001']);
      await store.release(['dlv_0001'], 'worker-a');
      expect(await claimIds('worker-a', at(1999))).toEqual([]);
      expect(await claimIds('worker-a', at(2000))).toEqual(['dlv_0001']);
    });

    it('does not slow other endpoints, even behind a long limited backlog', async () => {
      await backlog(1, 120, 'ep_a');
      await store.updateEndpoint('ep_a', { rateLimit: { perSecond: 2 } });
      await backlog(200, 3, 'ep_b');

      const first = await claimIds('worker-a', at(1000), 5);
      expect(first).toEqual(['dlv_0001', 'dlv_0200', 'dlv_0201', 'dlv_0202']);
      await store.settle(first.map((id) => delivered(id, 'worker-a', 1, at(1000))));
      expect(await claimIds('worker-a', at(1000), 5)).toEqual([]);
    });
  });
}
