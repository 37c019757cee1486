import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import { DeliveryError } from '../../src/errors/delivery-error.js';
import { retryPresets } from '../../src/retry/retry-policy.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createFakeTransport, response } from '../support/fake-transport.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

const START = Date.UTC(2026, 0, 1);

describe('events', () => {
  it('reports each attempt, the retry and the delivery, in order, with ids and times', async () => {
    let status = 503;
    const h = createHarness({ responder: () => response(status), retry: retryPresets.original });
    const { messageId, deliveryId } = await h.enqueue();
    await h.notifier.runOnce();
    status = 200;
    h.clock.advance(5_000);
    await h.notifier.runOnce();

    const ref = { deliveryId, messageId, endpointId: ENDPOINT_URL, eventType: 'task.completed' };
    expect(h.events.map((e) => e.name)).toEqual([
      'attempt.started',
      'attempt.finished',
      'retry.scheduled',
      'attempt.started',
      'attempt.finished',
      'delivered',
    ]);
    // The URL as a span may show it, and no trace context: none was active at enqueue.
    expect(h.events[0]!.payload).toEqual({
      ...ref,
      attempt: 1,
      url: ENDPOINT_URL,
      traceparent: null,
    });
    expect(h.events[1]!.payload).toMatchObject({
      ...ref,
      attempt: 1,
      statusCode: 503,
      result: 'retry',
    });
    const retry = h.eventsNamed('retry.scheduled')[0]!;
    expect(retry).toMatchObject({ ...ref, attempt: 1, statusCode: 503, errorClass: 'http_status' });
    expect(retry.nextAttemptAt).toEqual(new Date(START + 5_000));
    expect(retry.error).toBeInstanceOf(DeliveryError);
    expect(retry.error).toMatchObject({
      status: 503,
      attempt: 1,
      retryable: true,
      errorClass: 'http_status',
    });
    expect(h.eventsNamed('delivered')).toEqual([
      { ...ref, attempt: 2, statusCode: 200, durationMs: 0 },
    ]);
  });

  it('logs at levels matching the events, through a pino-style logger', async () => {
    const h = createHarness({
      responder: () => response(500),
      retry: { schedule: [], jitter: 'none' },
    });
    await h.enqueue();
    await h.notifier.runOnce();
    expect(h.logger.lines.map((l) => [l.level, l.msg])).toEqual([
      ['debug', 'attempt.started'],
      ['debug', 'attempt.finished'],
      ['error', 'failed'],
    ]);
    expect(h.logger.lines[2]!.obj).toMatchObject({
      event: 'failed',
      statusCode: 500,
      reason: 'attempts_exhausted',
    });
  });

  it('delivers and records the outcome with no listener and no logger at all', async () => {
    const store = new MemoryStore();
    const transport = createFakeTransport(() => response(204));
    const notifier = createNotifier({ store, transport, clock: { now: () => START } });
    const { deliveryId } = await notifier.enqueue({
      endpoint: { url: ENDPOINT_URL, secrets: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      eventType: 'task.completed',
      payload: { ok: true },
    });
    expect(await notifier.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await store.getDelivery(deliveryId)).toMatchObject({ status: 'delivered' });
    expect(await store.listAttempts(deliveryId)).toMatchObject([{ statusCode: 204 }]);
  });

  it('stops calling a listener after off() or its unsubscribe function', async () => {
    const h = createHarness({ responder: () => response(200) });
    const seen: string[] = [];
    const listener = () => seen.push('on');
    h.notifier.on('delivered', listener);
    const unsubscribe = h.notifier.on('delivered', () => seen.push('unsubscribe'));
    await h.enqueue({ n: 1 });
    await h.notifier.runOnce();
    h.notifier.off('delivered', listener);
    unsubscribe();
    await h.enqueue({ n: 2 });
    await h.notifier.runOnce();
    expect(seen).toEqual(['on', 'unsubscribe']);
  });

  it('keeps delivering when a listener or the logger throws', async () => {
    const store = new MemoryStore();
    const brokenLogger = {
      debug: () => {
        throw new Error('log sink full');
      },
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    const notifier = createNotifier({
      store,
      transport: createFakeTransport(() => response(200)),
      logger: brokenLogger,
    });
    notifier.on('attempt.started', () => {
      throw new Error('listener bug');
    });
    const h = createHarness();
    await notifier.enqueue({
      endpoint: { url: ENDPOINT_URL, secrets: h.secret },
      eventType: 'a.b',
      payload: {},
    });
    expect(await notifier.runOnce()).toMatchObject({ delivered: 1 });
  });

  it('serialises a DeliveryError with its fields', () => {
    const error = new DeliveryError({
      message: 'HTTP 503',
      status: 503,
      attempt: 2,
      retryable: true,
      errorClass: 'http_status',
    });
    expect(JSON.parse(JSON.stringify({ error }))).toEqual({
      error: {
        name: 'DeliveryError',
        message: 'HTTP 503',
        status: 503,
        attempt: 2,
        retryable: true,
        errorClass: 'http_status',
      },
    });
  });
});
