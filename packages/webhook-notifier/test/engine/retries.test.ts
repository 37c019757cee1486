import { seededRandom } from '@dramarelay/test-utils';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../src/http/transport.js';
import { retryPresets } from '../../src/retry/retry-policy.js';
import { response } from '../support/fake-transport.js';
import { createHarness } from '../support/harness.js';

const START = Date.UTC(2026, 0, 1);
const iso = (date: Date | undefined) => date?.toISOString();

/** Runs rounds at each scheduled time until the delivery leaves `pending`. */
async function runToTheEnd(h: ReturnType<typeof createHarness>, deliveryId: string) {
  const scheduled: string[] = [];
  for (let round = 0; round < 20; round++) {
    await h.notifier.runOnce();
    const delivery = (await h.store.getDelivery(deliveryId))!;
    if (delivery.status !== 'pending') return { delivery, scheduled };
    scheduled.push(iso(delivery.nextAttemptAt)!);
    h.clock.set(delivery.nextAttemptAt);
  }
  throw new Error('still pending after 20 rounds');
}

describe('retry schedule', () => {
  it('retries on the Standard Webhooks schedule with seeded jitter, at exact times', async () => {
    const h = createHarness({ responder: () => response(503) });
    const { deliveryId } = await h.enqueue();
    const { delivery, scheduled } = await runToTheEnd(h, deliveryId);

    expect(scheduled).toEqual([
      '2026-01-01T00:00:05.202Z',
      '2026-01-01T00:04:58.997Z',
      '2026-01-01T00:39:12.772Z',
      '2026-01-01T02:47:21.606Z',
      '2026-01-01T07:08:20.266Z',
      '2026-01-01T17:14:43.199Z',
      '2026-01-02T02:20:17.682Z',
    ]);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, lastError: 'HTTP 503' });
    expect(h.eventsNamed('failed')).toMatchObject([{ attempt: 8, reason: 'attempts_exhausted' }]);
  });

  it('keeps the original 5 s, 25 s, 125 s promise, then marks the delivery failed', async () => {
    const h = createHarness({ responder: () => response(500), retry: retryPresets.original });
    const { deliveryId } = await h.enqueue();
    const { delivery, scheduled } = await runToTheEnd(h, deliveryId);

    expect(scheduled.map((at) => Date.parse(at) - START)).toEqual([5_000, 30_000, 155_000]);
    expect(delivery.status).toBe('failed');
    expect(await h.store.listAttempts(deliveryId)).toHaveLength(4);
  });

  it('spreads retries with full jitter from the injected random source', async () => {
    const h = createHarness({
      responder: () => response(500),
      retry: { schedule: [5_000, 25_000, 125_000], jitter: 'full' },
      random: seededRandom(7),
    });
    const { deliveryId } = await h.enqueue();
    const { scheduled } = await runToTheEnd(h, deliveryId);
    expect(scheduled).toEqual([
      '2026-01-01T00:00:00.059Z',
      '2026-01-01T00:00:01.608Z',
      '2026-01-01T00:02:03.721Z',
    ]);
  });

  it('logs every attempt with its status code, error and duration', async () => {
    let call = 0;
    const h = createHarness({
      responder: () => {
        h.clock.advance(250);
        return response(
          ++call === 1 ? 502 : 200,
          { 'x-request-id': 'r-1', 'set-cookie': 's=1' },
          'ok',
        );
      },
      retry: retryPresets.original,
    });
    const { deliveryId } = await h.enqueue();
    await h.notifier.runOnce();
    h.clock.advance(5_000);
    await h.notifier.runOnce();

    expect(await h.store.listAttempts(deliveryId)).toEqual([
      {
        deliveryId,
        attempt: 1,
        startedAt: new Date(START),
        durationMs: 250,
        statusCode: 502,
        errorClass: 'http_status',
        error: 'HTTP 502',
        responseHeaders: { 'x-request-id': 'r-1' },
        responseExcerpt: 'ok',
      },
      {
        deliveryId,
        attempt: 2,
        startedAt: new Date(START + 5_250),
        durationMs: 250,
        statusCode: 200,
        errorClass: null,
        error: null,
        responseHeaders: { 'x-request-id': 'r-1' },
        responseExcerpt: 'ok',
      },
    ]);
    expect(await h.store.getDelivery(deliveryId)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 200,
      lastError: null,
    });
  });
});

describe('Retry-After', () => {
  it('retries a 503 after Retry-After seconds when that is longer than the schedule step', async () => {
    const h = createHarness({ responder: () => response(503, { 'retry-after': '120' }) });
    const { deliveryId } = await h.enqueue();
    await h.notifier.runOnce();
    expect(iso((await h.store.getDelivery(deliveryId))!.nextAttemptAt)).toBe(
      '2026-01-01T00:02:00.000Z',
    );
    expect(h.eventsNamed('retry.scheduled')[0]!.nextAttemptAt).toEqual(new Date(START + 120_000));
  });

  it('retries a 429 at the HTTP date given in Retry-After', async () => {
    const retryAt = 'Thu, 01 Jan 2026 00:10:00 GMT';
    const h = createHarness({ responder: () => response(429, { 'retry-after': retryAt }) });
    const { deliveryId } = await h.enqueue();
    await h.notifier.runOnce();
    expect(iso((await h.store.getDelivery(deliveryId))!.nextAttemptAt)).toBe(
      '2026-01-01T00:10:00.000Z',
    );
  });

  it('keeps the schedule step when Retry-After asks for less', async () => {
    const h = createHarness({
      responder: () => response(503, { 'retry-after': '1' }),
      retry: retryPresets.original,
    });
    const { deliveryId } = await h.enqueue();
    await h.notifier.runOnce();
    expect((await h.store.getDelivery(deliveryId))!.nextAttemptAt.getTime() - START).toBe(5_000);
  });

  it('caps a Retry-After of a day at one hour, or at the configured bound', async () => {
    const day = () => response(503, { 'retry-after': '86400' });
    const h = createHarness({ responder: day });
    const capped = createHarness({ responder: day, classify: { maxRetryAfterMs: 600_000 } });
    const [a, b] = [await h.enqueue(), await capped.enqueue()];
    await h.notifier.runOnce();
    await capped.notifier.runOnce();
    expect((await h.store.getDelivery(a.deliveryId))!.nextAttemptAt.getTime() - START).toBe(
      3_600_000,
    );
    expect((await capped.store.getDelivery(b.deliveryId))!.nextAttemptAt.getTime() - START).toBe(
      600_000,
    );
  });
});

describe('what counts as failure', () => {
  it('treats a 3xx as a failure, retries it and never follows the redirect', async () => {
    const h = createHarness({
      responder: () => response(301, { location: 'http://169.254.169.254/latest/meta-data' }),
    });
    const { deliveryId } = await h.enqueue();
    const summary = await h.notifier.runOnce();

    expect(summary).toMatchObject({ claimed: 1, retried: 1, delivered: 0 });
    expect(h.transport.requests.map((r) => r.url)).toEqual([
      'https://hooks.example.com/dramarelay',
    ]);
    const [attempt] = await h.store.listAttempts(deliveryId);
    expect(attempt).toMatchObject({ statusCode: 301, errorClass: 'redirect' });
    expect(attempt!.responseHeaders.location).toBe('http://169.254.169.254/latest/meta-data');
  });

  it.each([
    ['a timeout', new TransportError('timeout', 'no answer within 15000 ms'), 'timeout'],
    [
      'a connect timeout',
      new TransportError('connect_timeout', 'connect timed out'),
      'connect_timeout',
    ],
    ['a connection reset', new TransportError('network', 'read ECONNRESET'), 'network'],
    ['a DNS failure', new TransportError('dns', 'getaddrinfo ENOTFOUND'), 'dns'],
    ['an unknown error from a custom transport', new Error('socket hang up'), 'network'],
  ])('retries after %s', async (_name, error, errorClass) => {
    const h = createHarness({
      responder: () => {
        throw error;
      },
    });
    const { deliveryId } = await h.enqueue();
    expect(await h.notifier.runOnce()).toMatchObject({ retried: 1, failed: 0 });
    expect((await h.store.getDelivery(deliveryId))!.status).toBe('pending');
    expect(h.eventsNamed('retry.scheduled')[0]).toMatchObject({ errorClass, statusCode: null });
  });

  it('fails at once, without retry, when the transport refuses the destination (SSRF)', async () => {
    const refused = new TransportError('ssrf_refused', 'hooks.example.com (10.0.0.7) is refused');
    const h = createHarness({
      responder: () => {
        throw refused;
      },
    });
    const { deliveryId } = await h.enqueue();
    expect(await h.notifier.runOnce()).toMatchObject({ failed: 1, retried: 0 });
    h.clock.advance(48 * 3_600_000);
    expect(await h.notifier.runOnce()).toMatchObject({ claimed: 0 });

    expect(h.transport.requests).toHaveLength(1);
    expect(await h.store.getDelivery(deliveryId)).toMatchObject({
      status: 'failed',
      lastError: 'hooks.example.com (10.0.0.7) is refused',
    });
    expect(h.eventsNamed('failed')[0]).toMatchObject({
      errorClass: 'ssrf_refused',
      reason: 'permanent_error',
    });
  });

  it('fails at once when the transport finds the URL invalid', async () => {
    const h = createHarness({
      responder: () => {
        throw new TransportError('invalid_url', 'the URL does not parse');
      },
    });
    await h.enqueue();
    expect(await h.notifier.runOnce()).toMatchObject({ failed: 1 });
    expect(h.eventsNamed('failed')[0]).toMatchObject({ errorClass: 'invalid_url' });
  });

  it('retries a 400 by default, and fails it at once with retry4xx: false', async () => {
    const retrying = createHarness({ responder: () => response(400) });
    const strict = createHarness({ responder: () => response(400), classify: { retry4xx: false } });
    await retrying.enqueue();
    await strict.enqueue();
    expect(await retrying.notifier.runOnce()).toMatchObject({ retried: 1 });
    expect(await strict.notifier.runOnce()).toMatchObject({ failed: 1 });
    expect(strict.eventsNamed('failed')[0]).toMatchObject({
      statusCode: 400,
      reason: 'permanent_error',
    });
  });

  it('still retries 408 and 429 with retry4xx: false', async () => {
    let status = 408;
    const h = createHarness({ responder: () => response(status), classify: { retry4xx: false } });
    await h.enqueue();
    expect(await h.notifier.runOnce()).toMatchObject({ retried: 1 });
    status = 429;
    await h.enqueue({ second: true });
    expect(await h.notifier.runOnce()).toMatchObject({ retried: 1 });
  });
});

describe('redeliver', () => {
  it('makes a failed delivery pending now and restarts its schedule, counting attempts on', async () => {
    let status = 500;
    const h = createHarness({
      responder: () => response(status),
      retry: retryPresets.original,
      // Keep the circuit breaker out of this story: it has its own tests.
      breaker: { failureThreshold: Number.POSITIVE_INFINITY },
    });
    const { deliveryId } = await h.enqueue();
    await runToTheEnd(h, deliveryId);
    expect((await h.store.getDelivery(deliveryId))!.status).toBe('failed');

    const redelivered = await h.notifier.redeliver(deliveryId);
    expect(redelivered).toMatchObject({ status: 'pending', attempts: 4, attemptBase: 4 });
    expect(redelivered.nextAttemptAt).toEqual(new Date(h.clock.now()));
    await h.notifier.runOnce();
    const afterOne = (await h.store.getDelivery(deliveryId))!;
    expect(afterOne.nextAttemptAt.getTime() - h.clock.now()).toBe(5_000);
    expect(h.transport.requests.at(-1)!.headers['webhook-attempt']).toBe('5');

    status = 200;
    h.clock.set(afterOne.nextAttemptAt);
    expect(await h.notifier.runOnce()).toMatchObject({ delivered: 1 });
    expect(new Set(h.transport.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('refuses an unknown delivery id with reason not_found', async () => {
    const h = createHarness();
    await expect(h.notifier.redeliver('dlv_nope')).rejects.toMatchObject({
      name: 'NotifierError',
      reason: 'not_found',
    });
  });
});
