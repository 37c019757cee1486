import { describe, expect, it } from 'vitest';
import { retryPresets } from '../../src/retry/retry-policy.js';
import { response } from '../support/fake-transport.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

const START = Date.UTC(2026, 0, 1);

describe('410 Gone', () => {
  it('fails the delivery, disables the endpoint, and holds its later messages until re-enabled', async () => {
    let status = 410;
    const h = createHarness({ responder: () => response(status) });
    const first = await h.enqueue({ n: 1 });
    expect(await h.notifier.runOnce()).toMatchObject({ failed: 1 });

    expect((await h.store.getDelivery(first.deliveryId))!.status).toBe('failed');
    expect(h.eventsNamed('failed')[0]).toMatchObject({ statusCode: 410, reason: 'endpoint_gone' });
    expect(h.eventsNamed('endpoint.disabled')).toEqual([
      { endpointId: ENDPOINT_URL, cause: 'gone', reason: 'the endpoint answered 410 Gone' },
    ]);
    expect(await h.store.getEndpoint(ENDPOINT_URL)).toMatchObject({ status: 'disabled' });

    const second = await h.enqueue({ n: 2 });
    expect(await h.notifier.runOnce()).toMatchObject({ claimed: 0 });
    expect(h.transport.requests).toHaveLength(1);

    status = 200;
    const info = await h.notifier.enableEndpoint(ENDPOINT_URL);
    expect(info).toMatchObject({ id: ENDPOINT_URL, status: 'active', disabledReason: null });
    expect(info).not.toHaveProperty('secrets');
    expect(await h.notifier.runOnce()).toMatchObject({ delivered: 1 });
    expect((await h.store.getDelivery(second.deliveryId))!.status).toBe('delivered');
  });

  it('refuses to enable an unknown endpoint with reason not_found', async () => {
    const h = createHarness();
    await expect(h.notifier.enableEndpoint('nope')).rejects.toMatchObject({ reason: 'not_found' });
  });
});

describe('circuit breaker', () => {
  it('pauses an endpoint after 5 failures, then lets one probe through after the cooldown', async () => {
    let status = 503;
    const h = createHarness({ responder: () => response(status), retry: retryPresets.original });
    for (let n = 0; n < 6; n++) await h.enqueue({ n });

    expect(await h.notifier.runOnce()).toMatchObject({ claimed: 6, retried: 6 });
    expect(h.eventsNamed('endpoint.paused')).toEqual([
      { endpointId: ENDPOINT_URL, pausedUntil: new Date(START + 30_000), consecutiveFailures: 6 },
    ]);

    h.clock.advance(10_000);
    expect(await h.notifier.runOnce()).toMatchObject({ claimed: 0 });

    // Cooldown over: one probe fails, the others go back untouched and the pause grows.
    h.clock.set(START + 30_000);
    expect(await h.notifier.runOnce()).toMatchObject({ claimed: 6, retried: 1, released: 5 });
    expect(h.transport.requests).toHaveLength(7);
    expect(h.eventsNamed('endpoint.paused')[1]).toMatchObject({
      pausedUntil: new Date(START + 60_000),
      consecutiveFailures: 7,
    });

    // The next probe succeeds: the endpoint is closed again and everything flows.
    status = 200;
    h.clock.set(START + 60_000);
    expect(await h.notifier.runOnce()).toMatchObject({ claimed: 6, delivered: 6 });
    expect(await h.store.getEndpoint(ENDPOINT_URL)).toMatchObject({
      consecutiveFailures: 0,
      failingSince: null,
      pausedUntil: null,
    });
  });

  it('lets the pause grow with the outage, up to its cap', async () => {
    const h = createHarness({
      responder: () => response(500),
      retry: { schedule: Array(20).fill(1_000), jitter: 'none' },
      breaker: { failureThreshold: 1, cooldownMs: 1_000, maxCooldownMs: 8_000 },
    });
    await h.enqueue();
    const pauses: number[] = [];
    for (let round = 0; round < 6; round++) {
      await h.notifier.runOnce();
      const { pausedUntil } = (await h.store.getEndpoint(ENDPOINT_URL))!;
      pauses.push(pausedUntil!.getTime() - h.clock.now());
      h.clock.set(pausedUntil!);
    }
    expect(pauses).toEqual([1_000, 1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('disables an endpoint that keeps failing past the window, with an operator event', async () => {
    const h = createHarness({
      responder: () => response(500),
      retry: { schedule: Array(10).fill(3_600_000), jitter: 'none' },
      breaker: { failureThreshold: 100, disableAfterMs: 3 * 3_600_000 },
    });
    const { deliveryId } = await h.enqueue();
    for (let round = 0; round < 5; round++) {
      await h.notifier.runOnce();
      h.clock.advance(3_600_000);
    }
    expect(h.transport.requests).toHaveLength(4);
    expect(h.eventsNamed('endpoint.disabled')).toEqual([
      {
        endpointId: ENDPOINT_URL,
        cause: 'failing',
        reason: 'failing since 2026-01-01T00:00:00.000Z (4 attempts)',
      },
    ]);
    expect((await h.store.getDelivery(deliveryId))!.status).toBe('pending');

    await h.notifier.enableEndpoint(ENDPOINT_URL);
    expect(await h.store.getEndpoint(ENDPOINT_URL)).toMatchObject({
      status: 'active',
      consecutiveFailures: 0,
      failingSince: null,
    });
  });

  it('forgets earlier failures after a success', async () => {
    let status = 500;
    const h = createHarness({ responder: () => response(status), retry: retryPresets.original });
    await h.enqueue();
    await h.notifier.runOnce();
    expect((await h.store.getEndpoint(ENDPOINT_URL))!.consecutiveFailures).toBe(1);
    status = 200;
    h.clock.advance(5_000);
    await h.notifier.runOnce();
    expect((await h.store.getEndpoint(ENDPOINT_URL))!.consecutiveFailures).toBe(0);
  });
});
