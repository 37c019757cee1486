import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import type { DeliveredEvent, EngineErrorEvent } from '../../src/engine/events.js';
import type { DeliveryOutcome } from '../../src/store/delivery-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { answerHeld, createFakeTransport, response } from '../support/fake-transport.js';
import { GreedyStore } from '../support/greedy-store.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

afterEach(() => {
  vi.useRealTimers();
});

function nextEvent<T>(subscribe: (fn: (event: T) => void) => void): Promise<T> {
  return new Promise((resolve) => subscribe(resolve));
}

describe('the running loop', () => {
  it('delivers a message soon after enqueue, woken by the store rather than by polling', async () => {
    const h = createHarness({
      responder: () => response(200),
      limits: { pollIntervalMs: 50_000 },
    });
    await h.notifier.start();
    const delivered = nextEvent<DeliveredEvent>((fn) => h.notifier.on('delivered', fn));
    const { deliveryId } = await h.enqueue();
    expect((await delivered).deliveryId).toBe(deliveryId);
    await h.notifier.stop();
  });

  it('picks up a retry when it comes due, on the poll tick', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let status = 503;
    const h = createHarness({
      responder: () => response(status),
      limits: { pollIntervalMs: 1_000 },
    });
    const retried = nextEvent((fn) => h.notifier.on('retry.scheduled', fn));
    await h.enqueue();
    await h.notifier.start();
    await retried;

    status = 200;
    const delivered = nextEvent((fn) => h.notifier.on('delivered', fn));
    h.clock.advance(10_000);
    await vi.advanceTimersByTimeAsync(1_000);
    await delivered;
    expect(h.transport.requests).toHaveLength(2);
    await h.notifier.stop();
  });

  it('survives a store that fails to claim, and claims again on the next tick', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = new MemoryStore();
    const claimDue = store.claimDue.bind(store);
    let failures = 1;
    store.claimDue = (options) =>
      failures-- > 0 ? Promise.reject(new Error('db down')) : claimDue(options);
    const h = createHarness();
    const notifier = createNotifier({ store, transport: createFakeTransport(() => response(200)) });
    const errors: EngineErrorEvent[] = [];
    notifier.on('error', (e) => errors.push(e));
    await notifier.enqueue({
      endpoint: { url: ENDPOINT_URL, secrets: h.secret },
      eventType: 'a.b',
      payload: {},
    });
    const delivered = nextEvent((fn) => notifier.on('delivered', fn));
    await notifier.start();
    await vi.advanceTimersByTimeAsync(1_000);
    await delivered;
    expect(errors).toMatchObject([{ during: 'claim', error: { message: 'db down' } }]);
    await notifier.stop();
  });

  it('keeps outcomes when settling fails, and settles them after a short backoff, not on the poll tick', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = new MemoryStore();
    const settle = store.settle.bind(store);
    let failures = 1;
    store.settle = (outcomes: readonly DeliveryOutcome[]) =>
      failures-- > 0 ? Promise.reject(new Error('db down')) : settle(outcomes);
    const h = createHarness();
    const notifier = createNotifier({
      store,
      transport: createFakeTransport(() => response(200)),
      limits: { pollIntervalMs: 50_000 },
    });
    const failed = nextEvent<EngineErrorEvent>((fn) => notifier.on('error', fn));
    const { deliveryId } = await notifier.enqueue({
      endpoint: { url: ENDPOINT_URL, secrets: h.secret },
      eventType: 'a.b',
      payload: {},
    });
    await notifier.start();
    expect(await failed).toMatchObject({ during: 'settle' });
    expect((await store.getDelivery(deliveryId))!.status).toBe('pending');

    const delivered = nextEvent((fn) => notifier.on('delivered', fn));
    await vi.advanceTimersByTimeAsync(100);
    await delivered;
    expect((await store.getDelivery(deliveryId))!.status).toBe('delivered');
    await notifier.stop();
  });

  it('backs off while the store stays down: one settle error a second at most, however many outcomes wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = new MemoryStore();
    const settle = store.settle.bind(store);
    let down = true;
    let settleCalls = 0;
    store.settle = (outcomes: readonly DeliveryOutcome[]) => {
      settleCalls++;
      return down ? Promise.reject(new Error('db down')) : settle(outcomes);
    };
    const h = createHarness();
    const notifier = createNotifier({
      store,
      transport: createFakeTransport(() => response(200)),
      limits: { pollIntervalMs: 1_000 },
    });
    const errors: EngineErrorEvent[] = [];
    notifier.on('error', (event) => errors.push(event));
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) {
      const receipt = await notifier.enqueue({
        endpoint: { url: ENDPOINT_URL, secrets: h.secret },
        eventType: 'a.b',
        payload: { n },
      });
      ids.push(receipt.deliveryId);
    }
    await notifier.start();
    await vi.advanceTimersByTimeAsync(10_000);
    // 100, 200, 400, 800 ms, then once a second: 4 + 9 retries after the first failure.
    expect(settleCalls).toBeLessThanOrEqual(15);
    expect(errors.every((event) => event.during === 'settle')).toBe(true);
    expect(errors.length).toBe(settleCalls);

    down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    for (const id of ids) expect((await store.getDelivery(id))!.status).toBe('delivered');
    await notifier.stop();
  });

  it('starts once however often start() is called', async () => {
    const h = createHarness({ responder: () => response(200) });
    let subscriptions = 0;
    const subscribe = h.store.subscribe.bind(h.store);
    h.store.subscribe = (fn) => {
      subscriptions++;
      return subscribe(fn);
    };
    await Promise.all([h.notifier.start(), h.notifier.start()]);
    await h.notifier.start();
    expect(subscriptions).toBe(1);
    await h.notifier.stop();
  });

  it('polls when the store offers no wake-ups', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = new MemoryStore();
    Object.defineProperty(store, 'subscribe', { value: undefined });
    const h = createHarness();
    const notifier = createNotifier({ store, transport: createFakeTransport(() => response(200)) });
    await notifier.start();
    const delivered = nextEvent((fn) => notifier.on('delivered', fn));
    await notifier.enqueue({
      endpoint: { url: ENDPOINT_URL, secrets: h.secret },
      eventType: 'a.b',
      payload: {},
    });
    await vi.advanceTimersByTimeAsync(1_000);
    await delivered;
    await notifier.stop();
  });
});

describe('stop()', () => {
  it('lets in-flight attempts finish, hands back the unstarted ones, and settles everything', async () => {
    const transport = createFakeTransport();
    const store = new GreedyStore();
    const h = createHarness();
    const notifier = createNotifier({
      store,
      transport,
      workerId: 'w1',
      limits: { perEndpointConcurrency: 2 },
    });
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      const receipt = await notifier.enqueue({
        endpoint: { url: ENDPOINT_URL, secrets: h.secret },
        eventType: 'a.b',
        payload: { n },
      });
      ids.push(receipt.deliveryId);
    }
    await notifier.start();
    await transport.waitForRequests(2);
    const stopped = notifier.stop();
    await answerHeld(transport, 2);
    expect(await stopped).toEqual({ abandoned: 0 });

    const deliveries = await Promise.all(ids.map((id) => store.getDelivery(id)));
    expect(deliveries.map((d) => d!.status)).toEqual([
      'delivered',
      'delivered',
      'pending',
      'pending',
      'pending',
    ]);
    expect(deliveries.every((d) => d!.leaseOwner === null)).toBe(true);
    expect(transport.requests).toHaveLength(2);
    expect(transport.closed).toBe(false);

    // Handed back, not lost: another worker delivers them right away.
    const other = createNotifier({ store, transport: createFakeTransport(() => response(200)) });
    expect(await other.runOnce()).toMatchObject({ delivered: 3 });
  });

  it('gives up waiting after its timeout and reports the attempts still running', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = createHarness();
    await h.enqueue({ n: 1 });
    await h.enqueue({ n: 2 });
    await h.notifier.start();
    await h.transport.waitForRequests(2);
    const stopped = h.notifier.stop({ timeoutMs: 5_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await stopped).toEqual({ abandoned: 2 });

    // Late answers are dropped: the leases will expire and the messages be sent again.
    for (const held of h.transport.held.splice(0)) held.respond(response(200));
    expect(await h.store.countPending()).toBe(2);
    expect(h.eventsNamed('delivered')).toEqual([]);
  });

  it('refuses start() and runOnce() after stop(), and stops only once', async () => {
    const h = createHarness();
    const first = h.notifier.stop();
    expect(h.notifier.stop()).toBe(first);
    await first;
    await expect(h.notifier.start()).rejects.toThrow(
      /^@dramarelay\/webhook-notifier: start\(\) was called after stop\(\)/,
    );
    await expect(h.notifier.runOnce()).rejects.toBeInstanceOf(TypeError);
  });

  it('still accepts enqueue after stop(): another process may deliver', async () => {
    const h = createHarness();
    await h.notifier.stop();
    await expect(h.enqueue()).resolves.toMatchObject({ created: true });
  });
});
