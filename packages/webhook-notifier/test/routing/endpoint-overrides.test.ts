import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { answerHeld, createFakeTransport, response } from '../support/fake-transport.js';
import { createHarness } from '../support/harness.js';

const url = (name: string) => `https://${name}.example.com/hook`;

async function sendMany(h: ReturnType<typeof createHarness>, count: number) {
  for (let n = 0; n < count; n++) {
    await h.notifier.send({ tenant: 'acme', eventType: 'task.completed', payload: { n } });
  }
}

describe('per-endpoint overrides', () => {
  it("gives an endpoint's attempts its own timeout, others the notifier's", async () => {
    const h = createHarness({ responder: () => response(204), limits: { timeoutMs: 15_000 } });
    await h.notifier.endpoints.create({
      tenant: 'acme',
      url: url('slow'),
      secrets: h.secret,
      timeoutMs: 2_500,
    });
    await h.notifier.endpoints.create({ tenant: 'acme', url: url('plain'), secrets: h.secret });
    await sendMany(h, 1);
    await h.notifier.runOnce();

    const timeouts = Object.fromEntries(h.transport.requests.map((r) => [r.url, r.timeoutMs]));
    expect(timeouts).toEqual({ [url('slow')]: 2_500, [url('plain')]: 15_000 });
  });

  it("keeps an endpoint's timeout under a worker's shorter lease", async () => {
    const store = new MemoryStore();
    const transport = createFakeTransport(() => response(204));
    const creator = createNotifier({ store, limits: { leaseMs: 120_000, timeoutMs: 15_000 } });
    await creator.endpoints.create({
      tenant: 'acme',
      url: url('a'),
      secrets: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      timeoutMs: 90_000,
    });
    await creator.send({ tenant: 'acme', eventType: 'task.completed', payload: {} });
    const worker = createNotifier({
      store,
      transport,
      limits: { leaseMs: 30_000, timeoutMs: 10_000 },
    });

    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    expect(transport.requests[0]?.timeoutMs).toBe(29_999);
  });

  it('runs no more attempts at once to an endpoint than its own concurrency', async () => {
    const h = createHarness({ limits: { perEndpointConcurrency: 8 } });
    await h.notifier.endpoints.create({
      tenant: 'acme',
      url: url('a'),
      secrets: h.secret,
      concurrency: 2,
    });
    await sendMany(h, 10);

    await h.notifier.start();
    await answerHeld(h.transport, 10);
    await h.notifier.stop();

    expect(h.transport.requests).toHaveLength(10);
    expect(h.transport.maxInFlightTo(url('a'))).toBe(2);
  });

  it("runs more attempts at once to an endpoint whose concurrency is above the notifier's", async () => {
    const h = createHarness({ limits: { perEndpointConcurrency: 2 } });
    await h.notifier.endpoints.create({
      tenant: 'acme',
      url: url('a'),
      secrets: h.secret,
      concurrency: 4,
    });
    await sendMany(h, 12);

    await h.notifier.start();
    await h.transport.waitForRequests(4);
    expect(h.transport.inFlight).toBe(4);
    await answerHeld(h.transport, 12);
    await h.notifier.stop();

    expect(h.transport.maxInFlightTo(url('a'))).toBe(4);
  });
});
