import { beforeEach, describe, expect, it } from 'vitest';
import type { EndpointPatch } from '../../src/store/delivery-store.js';
import { type OperableTestStore, seedHistory } from './admin-fixtures.js';
import { at, claimHelpers, delivered, enqueueInput, retrying } from './fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

/** `DeliveryAdminStore`: endpoint health, the delivery log, replay, statistics, retention. */
export function adminStoreCases(suite: ConformanceSuite): void {
  describe('operator queries', () => {
    let store: OperableTestStore;
    beforeEach(() => {
      store = suite.store();
    });
    const { claim, claimIds } = claimHelpers(() => store);

    it('lists endpoints in id order, a page at a time, with their pending counts and last attempt times', async () => {
      await seedHistory(store);
      await store.enqueue(enqueueInput(7, { endpointId: 'ep_c' }));

      const all = await store.listEndpoints({ limit: 10 });
      expect(ids(all)).toEqual(['ep_a', 'ep_b', 'ep_c']);
      expect(all.map((e) => e.pendingCount)).toEqual([1, 1, 1]);
      expect(all[0]).toMatchObject({
        lastSuccessAt: at(10_000),
        lastFailureAt: at(10_000),
        consecutiveFailures: 1,
        disabledCause: null,
      });
      expect(all[1]).toMatchObject({ lastSuccessAt: at(10_000), lastFailureAt: at(11_000) });
      expect(all[2]).toMatchObject({ lastSuccessAt: null, lastFailureAt: null });
      expect(ids(await store.listEndpoints({ limit: 1, after: 'ep_a' }))).toEqual(['ep_b']);
      expect(ids(await store.listEndpoints({ limit: 10, ids: ['ep_c', 'ep_x', 'ep_a'] }))).toEqual([
        'ep_a',
        'ep_c',
      ]);
      expect(await store.listEndpoints({ limit: 10, ids: [] })).toEqual([]);
    });

    it('keeps the last success and failure times across batches, never moving them back', async () => {
      await store.enqueue(enqueueInput(1));
      await store.enqueue(enqueueInput(2));
      await claim('worker-a', at(10), 2);
      await store.settle([
        retrying('dlv_0001', 'worker-a', 1, at(500), at(600)),
        delivered('dlv_0002', 'worker-a', 1, at(400)),
      ]);
      await claim('worker-a', at(600), 1);
      await store.settle([delivered('dlv_0001', 'worker-a', 2, at(300))]);

      expect(await store.getEndpoint('ep_a')).toMatchObject({
        lastSuccessAt: at(400),
        lastFailureAt: at(500),
      });
    });

    it('stores URL, scheme, secrets, rotation and disable fields given to updateEndpoint', async () => {
      await store.enqueue(enqueueInput(1));
      const patch: EndpointPatch = {
        url: 'https://new.example.com/hook',
        scheme: 'legacy',
        secrets: ['s3cret'],
        previousSecrets: ['old'],
        previousSecretsExpireAt: at(9_000),
        status: 'disabled',
        disabledCause: 'manual',
        disabledReason: 'moving',
        disabledAt: at(5),
      };

      expect(await store.updateEndpoint('ep_a', patch)).toMatchObject(patch);
      expect(await store.getEndpoint('ep_a')).toMatchObject(patch);
      const [claimed] = await claim('worker-a', at(10));
      expect(claimed).toBeUndefined();
      await store.updateEndpoint('ep_a', { status: 'active' });
      const [again] = await claim('worker-a', at(10));
      expect(again?.endpoint).toMatchObject({ url: patch.url, previousSecrets: ['old'] });
    });

    it('lists deliveries across endpoints newest first, filtered, with keyset pages', async () => {
      await seedHistory(store);
      const search = (filter: Parameters<typeof store.searchDeliveries>[0]['filter'], limit = 10) =>
        store.searchDeliveries({ filter, limit }).then(ids);

      expect(await search({})).toEqual([
        'dlv_0006',
        'dlv_0005',
        'dlv_0004',
        'dlv_0003',
        'dlv_0002',
        'dlv_0001',
      ]);
      expect(await search({ statuses: ['failed', 'pending'], endpointIds: ['ep_a'] })).toEqual([
        'dlv_0005',
        'dlv_0003',
      ]);
      expect(await search({ since: at(2000), until: at(4000) })).toEqual(['dlv_0003', 'dlv_0002']);
      expect(await search({ eventType: 'nothing.here' })).toEqual([]);
      const [first] = await store.searchDeliveries({ filter: {}, limit: 1 });
      expect(first).toMatchObject({
        id: 'dlv_0006',
        eventType: 'task.completed',
        status: 'pending',
      });
      const next = await store.searchDeliveries({
        filter: {},
        limit: 2,
        before: { createdAt: at(4000), id: 'dlv_0004' },
      });
      expect(ids(next)).toEqual(['dlv_0003', 'dlv_0002']);
    });

    it('breaks ties in creation time by delivery id', async () => {
      for (const n of [1, 2, 3]) await store.enqueue(enqueueInput(n, { now: at(0) }));
      const page = await store.searchDeliveries({
        filter: {},
        limit: 5,
        before: { createdAt: at(0), id: 'dlv_0003' },
      });
      expect(ids(page)).toEqual(['dlv_0002', 'dlv_0001']);
    });

    it('replays matching deliveries in id order, skips disabled endpoints, and never touches pending ones', async () => {
      await seedHistory(store);
      await store.updateEndpoint('ep_b', { status: 'disabled' });

      expect(await store.countReplayable({ status: 'failed' })).toEqual({
        matched: 1,
        onDisabledEndpoints: 1,
      });
      expect(await store.countReplayable({ status: 'delivered', since: at(2000) })).toEqual({
        matched: 0,
        onDisabledEndpoints: 1,
      });
      const batch = await store.replayBatch({ status: 'failed' }, { limit: 10, now: at(50_000) });
      expect(batch).toEqual({ replayed: 1, last: 'dlv_0003' });
      expect(await store.getDelivery('dlv_0003')).toMatchObject({
        status: 'pending',
        attemptBase: 1,
        nextAttemptAt: at(50_000),
        updatedAt: at(50_000),
      });
      expect(await store.getDelivery('dlv_0004')).toMatchObject({ status: 'failed' });
      expect(await store.replayBatch({ status: 'failed' }, { limit: 10, now: at(50_000) })).toEqual(
        { replayed: 0, last: null },
      );
      expect(await claimIds('worker-b', at(50_000))).toEqual(['dlv_0005', 'dlv_0003']);
    });

    it('replays in batches after the given id', async () => {
      for (let n = 1; n <= 5; n++) await store.enqueue(enqueueInput(n));
      await claim('worker-a', at(10), 5);
      await store.settle(
        [1, 2, 3, 4, 5].map((n) => delivered(`dlv_000${n}`, 'worker-a', 1, at(20))),
      );
      const filter = { status: 'delivered' } as const;

      const first = await store.replayBatch(filter, { limit: 2, now: at(30) });
      const second = await store.replayBatch(filter, { limit: 2, now: at(30), after: 'dlv_0002' });

      expect(first).toEqual({ replayed: 2, last: 'dlv_0002' });
      expect(second).toEqual({ replayed: 2, last: 'dlv_0004' });
      expect(await store.countPending()).toBe(4);
    });
  });
}
