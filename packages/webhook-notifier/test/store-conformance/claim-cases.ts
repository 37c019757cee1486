import { beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import { at, claimHelpers, enqueueInput, LEASE_MS } from './fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** ClaimDue: order, limits, leases, endpoint filters. */
export function claimCases(suite: ConformanceSuite): void {
  describe('claimDue', () => {
    let store: DeliveryStore<never>;
    beforeEach(() => {
      store = suite.store();
    });
    const { claim, claimIds } = claimHelpers(() => store);

    it('leases the earliest due deliveries first, up to the limit, with message and endpoint', async () => {
      for (const n of [3, 1, 4, 2, 5]) await store.enqueue(enqueueInput(n));

      const claimed = await claim('worker-a', at(10), 3);

      expect(claimed.map((c) => c.delivery.id)).toEqual(['dlv_0001', 'dlv_0002', 'dlv_0003']);
      const [first] = claimed;
      expect(first?.delivery).toMatchObject({
        leaseOwner: 'worker-a',
        leaseExpiresAt: at(10 + LEASE_MS),
        status: 'pending',
      });
      expect(first?.message).toEqual(enqueueInput(1).message);
      expect(first?.endpoint).toMatchObject({ id: 'ep_a', status: 'active' });
      expect(first?.endpoint.secrets).toEqual(enqueueInput(1).endpoint.secrets);
      expect(await store.getDelivery('dlv_0001')).toMatchObject({ leaseOwner: 'worker-a' });
      expect(await claimIds('worker-b', at(10))).toEqual(['dlv_0004', 'dlv_0005']);
    });

    it('leaves deliveries that are not due yet', async () => {
      await store.enqueue(enqueueInput(1, { now: at(1000) }));
      expect(await claimIds('worker-a', at(999))).toEqual([]);
      expect(await claimIds('worker-a', at(1000))).toEqual(['dlv_0001']);
    });

    it('excludes leased deliveries until the lease expires, then hands them to another worker', async () => {
      await store.enqueue(enqueueInput(1));
      expect(await claimIds('worker-a', at(10))).toEqual(['dlv_0001']);

      expect(await claimIds('worker-b', at(10))).toEqual([]);
      expect(await claimIds('worker-a', at(10 + LEASE_MS - 1))).toEqual([]);
      expect(await claimIds('worker-b', at(10 + LEASE_MS))).toEqual(['dlv_0001']);
      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        leaseOwner: 'worker-b',
        leaseExpiresAt: at(10 + 2 * LEASE_MS),
      });
    });

    it('skips the endpoints it is told to skip', async () => {
      await store.enqueue(enqueueInput(1, { endpointId: 'ep_a' }));
      await store.enqueue(enqueueInput(2, { endpointId: 'ep_b' }));
      await store.enqueue(enqueueInput(3, { endpointId: 'ep_c' }));

      expect(await claimIds('worker-a', at(10), 10, { skipEndpointIds: ['ep_a', 'ep_c'] })).toEqual(
        ['dlv_0002'],
      );
      expect(await claimIds('worker-a', at(10), 10, { skipEndpointIds: [] })).toEqual([
        'dlv_0001',
        'dlv_0003',
      ]);
    });

    it('takes at most perEndpointLimit deliveries of one endpoint into a batch', async () => {
      for (const n of [1, 2, 3, 4]) await store.enqueue(enqueueInput(n, { endpointId: 'ep_a' }));
      for (const n of [5, 6]) await store.enqueue(enqueueInput(n, { endpointId: 'ep_b' }));

      expect(await claimIds('worker-a', at(10), 4, { perEndpointLimit: 2 })).toEqual([
        'dlv_0001',
        'dlv_0002',
        'dlv_0005',
        'dlv_0006',
      ]);
      expect(await claimIds('worker-a', at(10), 4, { perEndpointLimit: 2 })).toEqual([
        'dlv_0003',
        'dlv_0004',
      ]);
    });

    it('claims nothing for a paused endpoint until the pause ends', async () => {
      await store.enqueue(enqueueInput(1));
      await store.updateEndpoint('ep_a', { pausedUntil: at(5000) });

      expect(await claimIds('worker-a', at(4999))).toEqual([]);
      expect(await claimIds('worker-a', at(5000))).toEqual(['dlv_0001']);
    });

    it('claims nothing for a disabled endpoint until it is enabled again', async () => {
      await store.enqueue(enqueueInput(1));
      const disabled = await store.updateEndpoint('ep_a', {
        status: 'disabled',
        disabledReason: 'HTTP 410 Gone',
      });
      expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'HTTP 410 Gone' });

      expect(await claimIds('worker-a', at(10))).toEqual([]);
      await store.updateEndpoint('ep_a', { status: 'active', disabledReason: null });
      expect(await claimIds('worker-a', at(10))).toEqual(['dlv_0001']);
    });
  });
}
