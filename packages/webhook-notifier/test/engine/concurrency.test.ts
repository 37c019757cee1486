import { describe, expect, it, vi } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import { answerHeld, createFakeTransport } from '../support/fake-transport.js';
import { GreedyStore } from '../support/greedy-store.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

const url = (n: number) => `https://hooks-${n}.example.com/x`;

describe('concurrency caps', () => {
  it('claims no more per endpoint than its cap, so one busy endpoint does not fill a batch', async () => {
    const h = createHarness({ limits: { perEndpointConcurrency: 3 } });
    for (let n = 0; n < 10; n++) await h.enqueue({ n });
    const round = h.notifier.runOnce();
    await answerHeld(h.transport, 3);
    expect(await round).toMatchObject({ claimed: 3, delivered: 3 });
    expect(h.transport.maxInFlight).toBe(3);
  });

  it('runs at most perEndpointConcurrency sends to one endpoint even when the store hands over more', async () => {
    const transport = createFakeTransport();
    const store = new GreedyStore();
    const h = createHarness();
    const notifier = createNotifier({ store, transport, limits: { perEndpointConcurrency: 3 } });
    for (let n = 0; n < 10; n++) {
      await notifier.enqueue({
        endpoint: { url: ENDPOINT_URL, secrets: h.secret },
        eventType: 'a.b',
        payload: { n },
      });
    }
    const round = notifier.runOnce();
    await answerHeld(transport, 10);
    expect(await round).toMatchObject({ claimed: 10, delivered: 10 });
    expect(transport.maxInFlight).toBe(3);
  });

  it('runs at most globalConcurrency sends in all', async () => {
    const h = createHarness({ limits: { globalConcurrency: 4 } });
    for (let n = 0; n < 10; n++) await h.enqueue({ n }, { url: url(n) });
    const round = h.notifier.runOnce();
    await answerHeld(h.transport, 4);
    expect(await round).toMatchObject({ claimed: 4, delivered: 4 });
    expect(h.transport.maxInFlight).toBe(4);
  });

  it('keeps both caps while the running loop delivers a backlog across endpoints', async () => {
    const h = createHarness({
      limits: { globalConcurrency: 5, perEndpointConcurrency: 2, batchSize: 8 },
    });
    for (let n = 0; n < 30; n++) await h.enqueue({ n }, { url: url(n % 3) });
    let delivered = 0;
    const allDelivered = new Promise<void>((resolve) =>
      h.notifier.on('delivered', () => {
        if (++delivered === 30) resolve();
      }),
    );
    await h.notifier.start();
    await answerHeld(h.transport, 30);
    await allDelivered;
    await h.notifier.stop();

    expect(h.transport.maxInFlight).toBe(5);
    for (let n = 0; n < 3; n++) expect(h.transport.maxInFlightTo(url(n))).toBe(2);
    expect(await h.store.countPending()).toBe(0);
  });

  it('claims the next deliveries while the current ones run, up to twice its caps', async () => {
    const h = createHarness({
      limits: { globalConcurrency: 4, perEndpointConcurrency: 2, pollIntervalMs: 50_000 },
    });
    for (let n = 0; n < 20; n++) await h.enqueue({ n }, { url: url(n % 4) });
    await h.notifier.start();
    await h.transport.waitForRequests(4);
    const leased = async () =>
      (await h.store.listDeliveries({ status: 'pending' })).filter((d) => d.leaseOwner !== null);
    await vi.waitFor(async () => expect(await leased()).toHaveLength(8));
    expect(h.transport.inFlight).toBe(4);

    let delivered = 0;
    const allDelivered = new Promise<void>((resolve) =>
      h.notifier.on('delivered', () => {
        if (++delivered === 20) resolve();
      }),
    );
    await answerHeld(h.transport, 20);
    await allDelivered;
    await h.notifier.stop();
    expect(h.transport.maxInFlight).toBe(4);
    for (let n = 0; n < 4; n++) expect(h.transport.maxInFlightTo(url(n))).toBeLessThanOrEqual(2);
  });

  it('gives back the deliveries claimed ahead when it stops', async () => {
    const h = createHarness({ limits: { globalConcurrency: 2, pollIntervalMs: 50_000 } });
    for (let n = 0; n < 6; n++) await h.enqueue({ n }, { url: url(n) });
    await h.notifier.start();
    await h.transport.waitForRequests(2);
    const stopped = h.notifier.stop();
    await answerHeld(h.transport, 2);
    await stopped;
    expect(h.eventsNamed('delivered')).toHaveLength(2);
    const pending = await h.store.listDeliveries({ status: 'pending' });
    expect(pending).toHaveLength(4);
    expect(pending.every((d) => d.leaseOwner === null)).toBe(true);
  });

  it('keeps a single busy endpoint at its cap without waiting for the poll interval', async () => {
    const h = createHarness({ limits: { perEndpointConcurrency: 4, pollIntervalMs: 50_000 } });
    for (let n = 0; n < 25; n++) await h.enqueue({ n });
    let delivered = 0;
    const allDelivered = new Promise<void>((resolve) =>
      h.notifier.on('delivered', () => {
        if (++delivered === 25) resolve();
      }),
    );
    await h.notifier.start();
    await answerHeld(h.transport, 25);
    await allDelivered;
    await h.notifier.stop();
    expect(h.transport.maxInFlight).toBe(4);
  });
});
