import { generateSecret } from '@dramarelay/receiver-verify';
import { createFakeClock } from '@dramarelay/test-utils';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotifier, MemoryStore, type Notifier } from '../../src/index.js';
import { instrumentNotifier } from '../../src/otel/index.js';
import type { LocalServer } from '../http/support/local-server.js';
import { useOtelSdk } from './support/otel-sdk.js';
import { startStatusReceiver, toLocalReceiver } from './support/status-receiver.js';

const sdk = useOtelSdk();
const secret = generateSecret();

/** `[attributes, value]` of each data point, for a readable comparison. */
function points(metric: MetricData | undefined) {
  return (metric?.dataPoints as DataPoint<unknown>[] | undefined)?.map((point) => [
    point.attributes,
    point.value,
  ]);
}

describe('delivery metrics through the OpenTelemetry metrics API', () => {
  let receiver: LocalServer;
  let notifier: Notifier;
  const clock = createFakeClock();
  beforeEach(async () => {
    receiver = await startStatusReceiver();
    notifier = createNotifier({
      store: new MemoryStore(),
      clock,
      ...toLocalReceiver,
    });
  });
  afterEach(async () => {
    await notifier.stop();
    await receiver.close();
  });

  it('counts deliveries by result and event type, times attempts, and reads the backlog at collection', async () => {
    const instrumentation = instrumentNotifier(notifier, {
      tracerProvider: false,
      meterProvider: sdk.meterProvider,
    });
    const send = (id: string, path: string, eventType: string) =>
      notifier.enqueue({
        endpoint: { id, url: `${receiver.origin}${path}`, secrets: secret },
        eventType,
        payload: { id },
      });
    await send('partner', '/200/hook', 'task.completed');
    await send('partner', '/200/hook', 'task.completed');
    await send('broken', '/503/hook', 'webhook.test');
    await notifier.runOnce();
    clock.advance(1_000);
    await notifier.runOnce();
    await notifier.admin.disableEndpoint('broken', { reason: 'moving house' });
    await send('later', '/200/later', 'task.completed');
    clock.advance(90_000);

    const metrics = await sdk.collect();
    expect(receiver.requests).toHaveLength(4);
    expect(points(metrics.get('dramarelay.webhook.deliveries'))).toEqual(
      expect.arrayContaining([
        [{ 'webhook.delivery.result': 'delivered', 'webhook.event_type': 'task.completed' }, 2],
        [{ 'webhook.delivery.result': 'failed', 'webhook.event_type': 'webhook.test' }, 1],
      ]),
    );
    expect(metrics.get('dramarelay.webhook.deliveries')?.dataPoints).toHaveLength(2);
    const durations = metrics.get('dramarelay.webhook.attempt.duration');
    expect(durations?.descriptor.unit).toBe('s');
    expect(
      ((durations?.dataPoints ?? []) as DataPoint<Histogram>[]).map((p) => [
        p.attributes,
        p.value.count,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [{ 'webhook.attempt.result': 'delivered', 'webhook.event_type': 'task.completed' }, 2],
        [{ 'webhook.attempt.result': 'retry', 'webhook.event_type': 'webhook.test' }, 1],
        [{ 'webhook.attempt.result': 'failed', 'webhook.event_type': 'webhook.test' }, 1],
      ]),
    );
    expect(points(metrics.get('dramarelay.webhook.backlog'))).toEqual([[{}, 1]]);
    expect(points(metrics.get('dramarelay.webhook.oldest_pending.age'))).toEqual([[{}, 90]]);
    expect(points(metrics.get('dramarelay.webhook.endpoints'))).toEqual([
      [{ 'webhook.endpoint.state': 'active' }, 2],
      [{ 'webhook.endpoint.state': 'paused' }, 0],
      [{ 'webhook.endpoint.state': 'disabled' }, 1],
    ]);

    instrumentation.remove();
    await send('partner', '/200/hook', 'task.completed');
    expect(await notifier.runOnce()).toMatchObject({ delivered: 2 });
    const after = await sdk.collect();
    expect(points(after.get('dramarelay.webhook.deliveries'))).toContainEqual([
      { 'webhook.delivery.result': 'delivered', 'webhook.event_type': 'task.completed' },
      2,
    ]);
  });

  it('reports only the backlog, from countPending(), when the store has no admin half', async () => {
    const instrumentation = instrumentNotifier(
      {
        on: notifier.on,
        get admin(): never {
          throw new Error('the store does not implement DeliveryAdminStore');
        },
        store: { countPending: async () => 3 },
      },
      { tracerProvider: false, meterProvider: sdk.meterProvider },
    );
    const metrics = await sdk.collect();
    instrumentation.remove();

    expect(points(metrics.get('dramarelay.webhook.backlog'))).toEqual([[{}, 3]]);
  });
});
