import { generateSecret } from '@dramarelay/receiver-verify';
import { createFakeClock } from '@dramarelay/test-utils';
import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import type { EngineErrorEvent } from '../../src/engine/events.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createFakeTransport, response } from '../support/fake-transport.js';
import { GreedyStore } from '../support/greedy-store.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

const request = (n = 0) => ({
  endpoint: { url: ENDPOINT_URL, secrets: generateSecret() },
  eventType: 'a.b',
  payload: { n },
});

describe('resilience', () => {
  it('fails at once, sending nothing, when a stored secret can no longer sign', async () => {
    const h = createHarness({ responder: () => response(200) });
    const { deliveryId } = await h.enqueue();
    // Corrupt the stored secret behind the notifier's back, as a bad migration might.
    const claimDue = h.store.claimDue.bind(h.store);
    h.store.claimDue = async (options) =>
      (await claimDue(options)).map((c) => ({
        ...c,
        endpoint: { ...c.endpoint, secrets: ['whsec_!!'] },
      }));
    expect(await h.notifier.runOnce()).toMatchObject({ failed: 1 });
    expect(h.transport.requests).toHaveLength(0);
    const [attempt] = await h.store.listAttempts(deliveryId);
    expect(attempt).toMatchObject({ errorClass: 'signing', statusCode: null });
    expect(attempt!.error).toMatch(/^signing failed: /);
    expect(attempt!.error).not.toContain('whsec_!!');
  });

  it('gives back a waiting delivery whose lease would run out during its attempt', async () => {
    const clock = createFakeClock();
    const transport = createFakeTransport();
    const store = new GreedyStore();
    const notifier = createNotifier({
      store,
      transport,
      clock,
      limits: { perEndpointConcurrency: 1 },
    });
    const first = await notifier.enqueue(request(1));
    const second = await notifier.enqueue(request(2));
    const round = notifier.runOnce();
    await transport.waitForRequests(1);
    clock.advance(60_000 - 15_000 + 1);
    transport.held[0]!.respond(response(200));
    expect(await round).toMatchObject({ claimed: 2, delivered: 1, released: 1 });
    expect((await store.getDelivery(first.deliveryId))!.status).toBe('delivered');
    expect(await store.getDelivery(second.deliveryId)).toMatchObject({
      status: 'pending',
      leaseOwner: null,
    });
  });

  it('reports a store that fails to give leases back, and carries on', async () => {
    const store = new GreedyStore();
    store.release = () => Promise.reject(new Error('release failed'));
    const transport = createFakeTransport();
    const notifier = createNotifier({ store, transport, limits: { perEndpointConcurrency: 1 } });
    const errors: EngineErrorEvent[] = [];
    notifier.on('error', (e) => errors.push(e));
    await notifier.enqueue(request(1));
    await notifier.enqueue(request(2));
    await notifier.start();
    await transport.waitForRequests(1);
    const stopped = notifier.stop();
    transport.held[0]!.respond(response(200));
    expect(await stopped).toEqual({ abandoned: 0 });
    expect(errors).toMatchObject([{ during: 'release', error: { message: 'release failed' } }]);
  });

  it('reports a store that fails to update an endpoint, after settling the delivery', async () => {
    const store = new MemoryStore();
    store.updateEndpoint = () => Promise.reject(new Error('update failed'));
    const notifier = createNotifier({ store, transport: createFakeTransport(() => response(410)) });
    const errors: EngineErrorEvent[] = [];
    notifier.on('error', (e) => errors.push(e));
    const { deliveryId } = await notifier.enqueue(request());
    expect(await notifier.runOnce()).toMatchObject({ failed: 1 });
    expect((await store.getDelivery(deliveryId))!.status).toBe('failed');
    expect(errors).toMatchObject([{ during: 'endpoint_update' }]);
  });

  it('gives a delivery back when the clock itself fails mid-attempt', async () => {
    let broken = false;
    const clock = {
      now: () => {
        if (broken) throw new Error('clock broke');
        return Date.UTC(2026, 0, 1);
      },
    };
    const store = new MemoryStore();
    const transport = createFakeTransport(() => {
      broken = true;
      return response(200);
    });
    const notifier = createNotifier({ store, transport, clock });
    const errors: EngineErrorEvent[] = [];
    notifier.on('error', (e) => errors.push(e));
    const { deliveryId } = await notifier.enqueue(request());
    const summary = await notifier.runOnce();
    broken = false;
    expect(summary).toMatchObject({ claimed: 1, released: 1 });
    expect(errors).toMatchObject([{ during: 'attempt', error: { message: 'clock broke' } }]);
    expect(await store.getDelivery(deliveryId)).toMatchObject({
      status: 'pending',
      leaseOwner: null,
    });
  });

  it('drops the wake-up subscription when stop() comes while start() is still subscribing', async () => {
    const store = new MemoryStore();
    let unsubscribed = 0;
    let finishSubscribe!: () => void;
    store.subscribe = () =>
      new Promise((resolve) => {
        finishSubscribe = () =>
          resolve(async () => {
            unsubscribed++;
          });
      });
    const transport = createFakeTransport(() => response(200));
    const notifier = createNotifier({ store, transport, limits: { pollIntervalMs: 1 } });
    const started = notifier.start();
    const stopped = notifier.stop();
    finishSubscribe();
    await started;
    await stopped;
    expect(unsubscribed).toBe(1);
  });

  it('accepts a store whose settle() reports nothing (an older store)', async () => {
    const store = new MemoryStore();
    const settle = store.settle.bind(store);
    store.settle = async (outcomes) => {
      await settle(outcomes);
      return undefined as never;
    };
    const notifier = createNotifier({ store, transport: createFakeTransport(() => response(500)) });
    await notifier.enqueue(request());
    expect(await notifier.runOnce()).toMatchObject({ retried: 1 });
  });
});
