import { beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import { at, enqueueInput, HEALTHY_ENDPOINT } from './fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** Enqueue, idempotency keys, endpoint upserts. */
export function enqueueCases(suite: ConformanceSuite): void {
  describe('enqueue', () => {
    let store: DeliveryStore<never>;
    beforeEach(() => {
      store = suite.store();
    });

    it('stores the message bytes, a pending delivery due now and an active endpoint', async () => {
      const input = enqueueInput(1);
      const result = await store.enqueue(input);

      expect(result.created).toBe(true);
      expect(result.message).toEqual(input.message);
      expect(result.delivery).toEqual({
        id: 'dlv_0001',
        messageId: 'msg_0001',
        endpointId: 'ep_a',
        status: 'pending',
        attempts: 0,
        attemptBase: 0,
        nextAttemptAt: at(1),
        leaseOwner: null,
        leaseExpiresAt: null,
        lastError: null,
        lastStatusCode: null,
        lastAttemptAt: null,
        createdAt: at(1),
        updatedAt: at(1),
      });
      expect(await store.getMessage('msg_0001')).toEqual(input.message);
      expect(await store.getDelivery('dlv_0001')).toEqual(result.delivery);
      expect(await store.getEndpoint('ep_a')).toEqual({
        ...input.endpoint,
        ...HEALTHY_ENDPOINT,
        registered: false,
        tenant: null,
        eventTypes: [],
        description: null,
        metadata: {},
        timeoutMs: null,
        concurrency: null,
        deletedAt: null,
      });
    });

    it('returns undefined for unknown ids', async () => {
      expect(await store.getMessage('msg_missing')).toBeUndefined();
      expect(await store.getDelivery('dlv_missing')).toBeUndefined();
      expect(await store.getEndpoint('ep_missing')).toBeUndefined();
      expect(await store.updateEndpoint('ep_missing', { status: 'disabled' })).toBeUndefined();
      expect(await store.redeliver('dlv_missing', at(0))).toBeUndefined();
    });

    it('returns the first message and delivery when an idempotency key repeats', async () => {
      const first = await store.enqueue(enqueueInput(1, { key: 'order-42' }));
      const again = await store.enqueue(enqueueInput(2, { key: 'order-42' }));

      expect(again.created).toBe(false);
      expect(again.message).toEqual(first.message);
      expect(again.delivery).toEqual(first.delivery);
      expect(await store.getMessage('msg_0002')).toBeUndefined();
      expect(await store.getDelivery('dlv_0002')).toBeUndefined();
      expect(await store.countPending()).toBe(1);
    });

    it('never deduplicates messages without an idempotency key', async () => {
      await store.enqueue(enqueueInput(1));
      const second = await store.enqueue(enqueueInput(2));
      expect(second.created).toBe(true);
      expect(await store.countPending()).toBe(2);
    });

    it("updates an endpoint's URL and secrets but keeps its health on a later enqueue", async () => {
      await store.enqueue(enqueueInput(1));
      await store.updateEndpoint('ep_a', { consecutiveFailures: 3, failingSince: at(5) });
      const next = enqueueInput(2, { url: 'https://moved.example.com/hook' });
      next.endpoint.secrets = ['whsec_new', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'];
      await store.enqueue(next);

      expect(await store.getEndpoint('ep_a')).toMatchObject({
        url: 'https://moved.example.com/hook',
        secrets: ['whsec_new', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
        consecutiveFailures: 3,
        failingSince: at(5),
      });
    });
  });
}
