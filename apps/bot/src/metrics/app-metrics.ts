import type {
  NotifierEventName,
  NotifierListener,
  WebhookAdmin,
} from '@dramarelay/webhook-notifier';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the metrics read of the notifier: its events, and the backlog at scrape time. */
export interface MeasuredNotifier {
  on<K extends NotifierEventName>(event: K, listener: NotifierListener<K>): () => void;
  readonly admin: Pick<WebhookAdmin, 'backlog'>;
}

/** Seconds: from a fast local receiver to the notifier's 15 s timeout and beyond. */
const ATTEMPT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
const REQUEST_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface AppMetrics {
  /** One answered HTTP request: `route` is the matched pattern, never the raw path. */
  recordRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** Reads the backlog, then renders every metric in the Prometheus text format. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/**
 * The app's Prometheus metrics in a registry of their own (not prom-client's global one):
 * deliveries and attempt durations from the notifier's events, the backlog, the oldest
 * pending delivery's age and the endpoints by state from one `admin.backlog()` call per
 * scrape, and the HTTP API's requests.
 *
 * @example
 * const metrics = createAppMetrics(notifier);
 * const { body } = await metrics.scrape();
 */
export function createAppMetrics(notifier: MeasuredNotifier): AppMetrics {
  const registry = new Registry();
  const registers = [registry];
  const deliveries = new Counter({
    name: 'dramarelay_webhook_deliveries_total',
    help: 'Webhook deliveries that ended, by result (delivered or failed) and event type.',
    labelNames: ['result', 'event_type'] as const,
    registers,
  });
  const attempts = new Histogram({
    name: 'dramarelay_webhook_attempt_duration_seconds',
    help: 'Duration of webhook delivery attempts, by result (delivered, retry, failed) and event type.',
    labelNames: ['result', 'event_type'] as const,
    buckets: ATTEMPT_BUCKETS,
    registers,
  });
  const backlog = new Gauge({
    name: 'dramarelay_webhook_backlog',
    help: 'Webhook deliveries pending (due, retrying, or held by a paused or disabled endpoint).',
    registers,
  });
  const oldest = new Gauge({
    name: 'dramarelay_webhook_oldest_pending_age_seconds',
    help: 'Age of the oldest pending webhook delivery (0 without any).',
    registers,
  });
  const endpoints = new Gauge({
    name: 'dramarelay_webhook_endpoints',
    help: 'Webhook endpoints by state (active, paused, disabled).',
    labelNames: ['state'] as const,
    registers,
  });
  const requests = new Counter({
    name: 'dramarelay_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'dramarelay_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  });

  notifier.on('delivered', (e) => deliveries.inc({ result: 'delivered', event_type: e.eventType }));
  notifier.on('failed', (e) => deliveries.inc({ result: 'failed', event_type: e.eventType }));
  notifier.on('attempt.finished', (e) =>
    attempts.observe({ result: e.result, event_type: e.eventType }, e.durationMs / 1000),
  );

  return {
    recordRequest(labels, seconds) {
      const values = { ...labels, status: String(labels.status) };
      requests.inc(values);
      latency.observe(values, seconds);
    },
    async scrape() {
      const now = await notifier.admin.backlog();
      backlog.set(now.pending);
      oldest.set(now.oldestPendingAgeMs / 1000);
      for (const [state, count] of Object.entries(now.endpoints)) endpoints.set({ state }, count);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
