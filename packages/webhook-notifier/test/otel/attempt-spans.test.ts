import { generateSecret } from '@dramarelay/receiver-verify';
import { createFakeClock } from '@dramarelay/test-utils';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotifier, MemoryStore, type Notifier } from '../../src/index.js';
import { currentTraceparent, instrumentNotifier } from '../../src/otel/index.js';
import type { LocalServer } from '../http/support/local-server.js';
import { useOtelSdk } from './support/otel-sdk.js';
import { startStatusReceiver, toLocalReceiver } from './support/status-receiver.js';

const sdk = useOtelSdk();
const secret = generateSecret();

describe('a span per attempt', () => {
  let receiver: LocalServer;
  let notifier: Notifier;
  const clock = createFakeClock();
  beforeEach(async () => {
    sdk.spans.reset();
    receiver = await startStatusReceiver();
    notifier = createNotifier({
      store: new MemoryStore(),
      clock,
      ...toLocalReceiver,
      traceparent: currentTraceparent,
    });
  });
  afterEach(async () => {
    await notifier.stop();
    await receiver.close();
  });
  const attemptSpans = () =>
    sdk.spans.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
  const byUrl = (spans: ReadableSpan[], path: string) =>
    spans.filter((span) => span.attributes['url.full'] === `${receiver.origin}${path}`);

  it('is a POST client span with the HTTP semantic attributes, linked to the span that enqueued the message', async () => {
    const instrumentation = instrumentNotifier(notifier, {
      tracerProvider: sdk.tracerProvider,
      meterProvider: false,
    });
    const tracer = sdk.tracerProvider.getTracer('the-app');
    const enqueuer = await tracer.startActiveSpan('claim video', async (span) => {
      await notifier.enqueue({
        endpoint: {
          id: 'partner',
          url: `${receiver.origin}/200/hook?token=t0ps3cret`,
          secrets: secret,
        },
        eventType: 'task.completed',
        payload: { task_id: 7 },
      });
      await notifier.enqueue({
        endpoint: { id: 'broken', url: `${receiver.origin}/500/hook`, secrets: secret },
        eventType: 'webhook.test',
        payload: { ping: true },
      });
      span.end();
      return span.spanContext();
    });

    expect(await notifier.runOnce()).toMatchObject({ delivered: 1, retried: 1 });
    clock.advance(1_000);
    expect(await notifier.runOnce()).toMatchObject({ failed: 1 });
    instrumentation.remove();

    const spans = attemptSpans();
    expect(spans).toHaveLength(3);
    const [delivered] = byUrl(spans, '/200/hook');
    expect(delivered?.name).toBe('POST');
    expect(delivered?.attributes).toEqual({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(receiver.origin).port),
      'url.full': `${receiver.origin}/200/hook`,
      'webhook.event_type': 'task.completed',
      'webhook.message_id': expect.stringMatching(/^msg_/),
      'webhook.delivery_id': expect.stringMatching(/^dlv_/),
      'webhook.endpoint_id': 'partner',
      'webhook.attempt': 1,
      'webhook.attempt.result': 'delivered',
    });
    expect(delivered?.status.code).toBe(SpanStatusCode.UNSET);

    const [retried, failed] = byUrl(spans, '/500/hook');
    expect(retried?.attributes).toMatchObject({
      'http.response.status_code': 500,
      'error.type': '500',
      'webhook.attempt.result': 'retry',
    });
    expect(failed?.attributes).toMatchObject({
      'http.request.resend_count': 1,
      'webhook.attempt': 2,
      'webhook.attempt.result': 'failed',
    });
    for (const span of [retried, failed]) expect(span?.status.code).toBe(SpanStatusCode.ERROR);

    for (const span of spans) {
      // A trace of its own, linked to the enqueuing span: the attempt is not its child.
      expect(span.links.map((link) => link.context)).toEqual([
        { traceId: enqueuer.traceId, spanId: enqueuer.spanId, traceFlags: 1, isRemote: true },
      ]);
      expect(span.spanContext().traceId).not.toBe(enqueuer.traceId);
      expect(span.parentSpanContext).toBeUndefined();
    }
    const recorded = JSON.stringify(spans.map((span) => span.attributes));
    expect(recorded).not.toContain('t0ps3cret');
    expect(recorded).not.toContain(secret);
    for (const { headers } of receiver.requests) {
      expect(recorded).not.toContain(String(headers['webhook-signature']));
    }
  });

  it('has no link when nothing was active at enqueue, and stops when the instrumentation is removed', async () => {
    const instrumentation = instrumentNotifier(notifier, {
      tracerProvider: sdk.tracerProvider,
      meterProvider: false,
    });
    const enqueue = () =>
      notifier.enqueue({
        endpoint: { url: `${receiver.origin}/204/hook`, secrets: secret },
        eventType: 'task.completed',
        payload: {},
      });
    await enqueue();
    await notifier.runOnce();
    instrumentation.remove();
    await enqueue();
    await notifier.runOnce();

    expect(receiver.requests).toHaveLength(2);
    const spans = attemptSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.links).toEqual([]);
    expect(spans[0]?.attributes['http.response.status_code']).toBe(204);
  });

  it('records the transport error class as error.type when there is no answer', async () => {
    instrumentNotifier(notifier, { tracerProvider: sdk.tracerProvider, meterProvider: false });
    await receiver.close();
    await notifier.enqueue({
      endpoint: { url: `${receiver.origin}/200/hook`, secrets: secret },
      eventType: 'task.completed',
      payload: {},
    });
    await notifier.runOnce();

    const [span] = attemptSpans();
    expect(span?.attributes['error.type']).toBe('network');
    expect(span?.attributes['http.response.status_code']).toBeUndefined();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });
});
