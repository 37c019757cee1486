import { beforeEach, describe, expect, it } from 'vitest';
import { type OperableTestStore, seedHistory } from './admin-fixtures.js';
import { at, claimHelpers, delivered, enqueueInput, retrying } from './fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

const empty = {
  messages: 0,
  deliveries: 0,
  delivered: 0,
  failed: 0,
  pending: 0,
  cancelled: 0,
  attempts: 0,
  firstAttempts: 0,
  firstAttemptsDelivered: 0,
  p50Ms: null,
  p95Ms: null,
  p99Ms: null,
};

/** `deliveryStats` and `prune`. */
export function statsPruneCases(suite: ConformanceSuite): void {
  describe('statistics and retention', () => {
    let store: OperableTestStore;
    beforeEach(() => {
      store = suite.store();
    });
    const { claim } = claimHelpers(() => store);

    it('reports the backlog, its oldest pending delivery and the endpoints by state at an instant', async () => {
      expect(await store.backlog(at(0))).toEqual({
        pending: 0,
        oldestPendingAt: null,
        endpoints: { active: 0, paused: 0, disabled: 0 },
      });
      await store.enqueue(enqueueInput(1, { endpointId: 'ep_a' }));
      await store.enqueue(enqueueInput(2, { endpointId: 'ep_b' }));
      await store.enqueue(enqueueInput(3, { endpointId: 'ep_c' }));
      await store.enqueue(enqueueInput(4, { endpointId: 'ep_d' }));
      await claim('worker-a', at(10), 1);
      await store.settle([delivered('dlv_0001', 'worker-a', 1, at(10))]);
      await store.updateEndpoint('ep_b', { pausedUntil: at(5_000) });
      await store.updateEndpoint('ep_c', { status: 'disabled', disabledCause: 'manual' });

      expect(await store.backlog(at(1_000))).toEqual({
        pending: 3,
        oldestPendingAt: at(2),
        endpoints: { active: 2, paused: 1, disabled: 1 },
      });
      // A pause that has run out is active again, though its pausedUntil is still set.
      expect((await store.backlog(at(5_000))).endpoints).toEqual({
        active: 3,
        paused: 0,
        disabled: 1,
      });
    });

    it('counts the window: deliveries by message creation, attempts by start, per endpoint and overall', async () => {
      await seedHistory(store);

      const stats = await store.deliveryStats({ since: at(2000), until: at(10_500) });

      expect(stats.overall).toEqual({
        ...empty,
        messages: 5,
        deliveries: 5,
        delivered: 1,
        failed: 2,
        pending: 2,
        attempts: 3,
        firstAttempts: 3,
        firstAttemptsDelivered: 2,
        p50Ms: 42,
        p95Ms: 42,
        p99Ms: 42,
      });
      expect(stats.endpoints.map((row) => [row.endpointId, row.deliveries, row.attempts])).toEqual([
        ['ep_a', 2, 2],
        ['ep_b', 3, 1],
      ]);
      const onlyB = await store.deliveryStats({
        since: at(0),
        until: at(20_000),
        endpointIds: ['ep_b'],
      });
      expect(onlyB.overall).toMatchObject({ deliveries: 3, delivered: 1, failed: 1, attempts: 2 });
      expect(onlyB.endpoints.map((row) => row.endpointId)).toEqual(['ep_b']);
    });

    it('interpolates latency percentiles as percentile_cont does, and reports an empty window as zeros', async () => {
      await store.enqueue(enqueueInput(1));
      const durations = [10, 20, 30, 40, 1000];
      for (const [index, durationMs] of durations.entries()) {
        await claim('worker-a', at(index * 100), 1);
        const outcome = retrying('dlv_0001', 'worker-a', index + 1, at(index * 100), at(0));
        await store.settle([{ ...outcome, attempt: { ...outcome.attempt, durationMs } }]);
      }

      const { overall } = await store.deliveryStats({ since: at(0), until: at(1000) });
      expect(overall).toMatchObject({ attempts: 5, firstAttempts: 1, firstAttemptsDelivered: 0 });
      expect(overall.p50Ms).toBe(30);
      expect(overall.p95Ms).toBeCloseTo(808, 9);
      expect(overall.p99Ms).toBeCloseTo(961.6, 9);
      expect(await store.deliveryStats({ since: at(5000), until: at(6000) })).toEqual({
        overall: empty,
        endpoints: [],
      });
    });

    it('prunes old finished messages with their deliveries and attempts, in bounded batches', async () => {
      await seedHistory(store);
      await store.enqueue(enqueueInput(7, { now: at(0), key: 'again' }));
      await claim('worker-a', at(12_000), 1);
      await store.settle([delivered('dlv_0007', 'worker-a', 1, at(12_000))]);
      const bounds = { deliveredBefore: at(3000), failedBefore: at(3500) };

      const first = await store.prune({ ...bounds, batchSize: 1, maxBatches: 2 });
      expect(first).toEqual({ ran: true, batches: 2, messages: 2, deliveries: 2, attempts: 2 });
      expect(await store.getMessage('msg_0007')).toBeUndefined();
      expect(await store.getMessage('msg_0001')).toBeUndefined();

      const second = await store.prune({ ...bounds, batchSize: 10, maxBatches: 10 });
      expect(second).toEqual({ ran: true, batches: 1, messages: 2, deliveries: 2, attempts: 2 });
      expect(await store.listAttempts('dlv_0003')).toEqual([]);
      const left = await store.searchDeliveries({ filter: {}, limit: 10 });
      expect(left.map((d) => d.id)).toEqual(['dlv_0006', 'dlv_0005', 'dlv_0004']);
      // A used idempotency key is free again once its message is gone.
      expect((await store.enqueue(enqueueInput(8, { key: 'again' }))).created).toBe(true);
      expect(await store.prune({ ...bounds, batchSize: 10, maxBatches: 10 })).toMatchObject({
        messages: 0,
      });
    });

    it('never prunes a message with a pending delivery, however old', async () => {
      await store.enqueue(enqueueInput(1, { now: at(0) }));
      const result = await store.prune({
        deliveredBefore: at(1e9),
        failedBefore: at(1e9),
        batchSize: 10,
        maxBatches: 10,
      });
      expect(result).toMatchObject({ ran: true, messages: 0 });
      expect(await store.getDelivery('dlv_0001')).toBeDefined();
    });

    it('forgets rotation secrets that expired, when pruning with a time', async () => {
      await store.enqueue(enqueueInput(1));
      await store.enqueue(enqueueInput(2, { endpointId: 'ep_b' }));
      await store.updateEndpoint('ep_a', {
        previousSecrets: ['old'],
        previousSecretsExpireAt: at(10),
      });
      await store.updateEndpoint('ep_b', {
        previousSecrets: ['old'],
        previousSecretsExpireAt: at(99),
      });

      const bounds = { deliveredBefore: at(0), failedBefore: at(0), batchSize: 1, maxBatches: 1 };
      await store.prune({ ...bounds, now: at(50) });

      expect(await store.getEndpoint('ep_a')).toMatchObject({
        previousSecrets: [],
        previousSecretsExpireAt: null,
      });
      expect(await store.getEndpoint('ep_b')).toMatchObject({ previousSecrets: ['old'] });
    });
  });
}
