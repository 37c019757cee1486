import type { BatchObservableResult, Meter } from '@opentelemetry/api';
import type { Backlog } from '../admin/backlog.js';
import type { AttemptFinishedEvent, DeliveredEvent, FailedEvent } from '../engine/events.js';

/** The backlog as read at a collection: only `pending` from a store without the admin half. */
export type BacklogReading = Pick<Backlog, 'pending'> &
  Partial<Pick<Backlog, 'oldestPendingAgeMs' | 'endpoints'>>;

/** Seconds: from a fast local receiver to the default 15 s timeout and beyond. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

/**
 * The notifier's metrics through the OpenTelemetry metrics API, the same figures as the
 * bot's Prometheus `/metrics`: deliveries by result and event type, attempt durations,
 * and, read from the store at each collection, the backlog, the oldest pending delivery's
 * age and the endpoints by state.
 */
export function createDeliveryMetrics(
  meter: Meter,
  readBacklog: () => Promise<BacklogReading | null>,
) {
  const deliveries = meter.createCounter('dramarelay.webhook.deliveries', {
    description: 'Deliveries that ended, by result (delivered or failed) and event type',
    unit: '{delivery}',
  });
  const duration = meter.createHistogram('dramarelay.webhook.attempt.duration', {
    description:
      'Duration of delivery attempts, by result (delivered, retry, failed) and event type',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const backlog = meter.createObservableGauge('dramarelay.webhook.backlog', {
    description: 'Deliveries pending',
    unit: '{delivery}',
  });
  const oldest = meter.createObservableGauge('dramarelay.webhook.oldest_pending.age', {
    description: 'Age of the oldest pending delivery (0 without any)',
    unit: 's',
  });
  const endpoints = meter.createObservableGauge('dramarelay.webhook.endpoints', {
    description: 'Endpoints by state (active, paused, disabled)',
    unit: '{endpoint}',
  });
  const observe = async (result: BatchObservableResult) => {
    const found = await readBacklog();
    if (found === null) return;
    result.observe(backlog, found.pending);
    if (found.oldestPendingAgeMs !== undefined) {
      result.observe(oldest, found.oldestPendingAgeMs / 1000);
    }
    for (const [state, count] of Object.entries(found.endpoints ?? {})) {
      result.observe(endpoints, count, { 'webhook.endpoint.state': state });
    }
  };
  meter.addBatchObservableCallback(observe, [backlog, oldest, endpoints]);

  return {
    ended(result: 'delivered' | 'failed', event: DeliveredEvent | FailedEvent): void {
      deliveries.add(1, {
        'webhook.delivery.result': result,
        'webhook.event_type': event.eventType,
      });
    },
    attempt(event: AttemptFinishedEvent): void {
      duration.record(event.durationMs / 1000, {
        'webhook.attempt.result': event.result,
        'webhook.event_type': event.eventType,
      });
    },
    remove(): void {
      meter.removeBatchObservableCallback(observe, [backlog, oldest, endpoints]);
    },
  };
}
