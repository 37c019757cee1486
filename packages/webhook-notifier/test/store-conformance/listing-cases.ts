import { beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import { at, claimHelpers, delivered, enqueueInput, failed, retrying } from './fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** ListDeliveries, listAttempts, countPending. */
export function listingCases(suite: ConformanceSuite): void {
  describe('listing', () => {
    let store: DeliveryStore<never>;
    beforeEach(() => {
      store = suite.store();
    });
    const { claim } = claimHelpers(() => store);

    it('filters deliveries by status, endpoint and message, in id order', async () => {
      for (const n of [1, 2, 3, 4, 5]) {
        await store.enqueue(enqueueInput(n, { endpointId: n % 2 === 0 ? 'ep_even' : 'ep_odd' }));
      }
      await claim('worker-a', at(10), 2);
      await store.settle([
        delivered('dlv_0001', 'worker-a', 1, at(20)),
        failed('dlv_0002', 'worker-a', 1, at(20)),
      ]);

      const ids = async (options: Parameters<typeof store.listDeliveries>[0]) =>
        (await store.listDeliveries(options)).map((d) => d.id);
      expect(await ids({})).toEqual(['dlv_0001', 'dlv_0002', 'dlv_0003', 'dlv_0004', 'dlv_0005']);
      expect(await ids({ status: 'pending' })).toEqual(['dlv_0003', 'dlv_0004', 'dlv_0005']);
      expect(await ids({ status: 'failed' })).toEqual(['dlv_0002']);
      expect(await ids({ endpointId: 'ep_even' })).toEqual(['dlv_0002', 'dlv_0004']);
      expect(await ids({ endpointId: 'ep_odd', status: 'pending' })).toEqual([
        'dlv_0003',
        'dlv_0005',
      ]);
      expect(await ids({ messageId: 'msg_0004' })).toEqual(['dlv_0004']);
      expect(await ids({ status: 'cancelled' })).toEqual([]);
    });

    it('pages through deliveries with limit and after', async () => {
      for (let n = 1; n <= 7; n++) await store.enqueue(enqueueInput(n));

      const pages: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listDeliveries({ limit: 3, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        pages.push(page.map((d) => d.id));
        after = page.at(-1)?.id;
      }

      expect(pages).toEqual([
        ['dlv_0001', 'dlv_0002', 'dlv_0003'],
        ['dlv_0004', 'dlv_0005', 'dlv_0006'],
        ['dlv_0007'],
      ]);
    });

    it('returns 100 deliveries when no limit is given', async () => {
      for (let n = 1; n <= 101; n++) await store.enqueue(enqueueInput(n));
      const page = await store.listDeliveries();
      expect(page).toHaveLength(100);
      expect(page.at(-1)?.id).toBe('dlv_0100');
    });

    it('lists the attempts of a delivery oldest first', async () => {
      await store.enqueue(enqueueInput(1));
      await store.enqueue(enqueueInput(2, { now: at(100_000) }));
      const outcomes = [
        retrying('dlv_0001', 'worker-a', 1, at(10), at(100)),
        retrying('dlv_0001', 'worker-a', 2, at(100), at(300)),
        delivered('dlv_0001', 'worker-a', 3, at(300)),
      ];
      for (const [index, outcome] of outcomes.entries()) {
        await claim('worker-a', outcome.attempt.startedAt, 1);
        await store.settle([outcome]);
        expect(await store.getDelivery('dlv_0001')).toMatchObject({ attempts: index + 1 });
      }

      expect(await store.listAttempts('dlv_0001')).toEqual(outcomes.map((o) => o.attempt));
      expect(await store.listAttempts('dlv_0002')).toEqual([]);
      expect(await store.listAttempts('dlv_missing')).toEqual([]);
    });

    it('counts the pending backlog, leased or not', async () => {
      expect(await store.countPending()).toBe(0);
      for (const n of [1, 2, 3]) await store.enqueue(enqueueInput(n));
      await claim('worker-a', at(10), 2);
      expect(await store.countPending()).toBe(3);
      await store.settle([delivered('dlv_0001', 'worker-a', 1, at(20))]);
      expect(await store.countPending()).toBe(2);
    });
  });
}
