import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import type { WebhookAdmin } from '../admin/create-admin.js';
import type { NotifierEventName, NotifierListener } from '../engine/events.js';
import { VERSION } from '../version.js';
import { createAttemptSpans } from './attempt-spans.js';
import { type BacklogReading, createDeliveryMetrics } from './delivery-metrics.js';

/** What `instrumentNotifier` needs of a notifier: its events, and its admin surface. */
export interface InstrumentableNotifier {
  on<K extends NotifierEventName>(event: K, listener: NotifierListener<K>): () => void;
  readonly admin: Pick<WebhookAdmin, 'backlog'>;
  readonly store: { countPending(): Promise<number> };
}

export interface InstrumentOptions {
  /** Default: the global one (`trace.getTracerProvider()`). `false`: no spans. */
  tracerProvider?: TracerProvider | false;
  /** Default: the global one (`metrics.getMeterProvider()`). `false`: no metrics. */
  meterProvider?: MeterProvider | false;
}

/** Undoes `instrumentNotifier`. */
export interface NotifierInstrumentation {
  /** Stop listening, end the spans of attempts in flight, drop the gauges' callback. */
  remove(): void;
}

const SCOPE = '@dramarelay/webhook-notifier';

/**
 * Traces and measures a notifier's deliveries with OpenTelemetry: a CLIENT span per attempt
 * (HTTP client semantic conventions, linked to the span that enqueued the message when the
 * notifier of the enqueueing process had `traceparent: currentTraceparent`), and deliveries,
 * attempt durations, backlog, oldest pending age and endpoints by state as metrics.
 *
 * @example
 * const notifier = createNotifier({ store, traceparent: currentTraceparent });
 * const instrumentation = instrumentNotifier(notifier, { tracerProvider, meterProvider });
 * await notifier.start();
 */
export function instrumentNotifier(
  notifier: InstrumentableNotifier,
  options: InstrumentOptions = {},
): NotifierInstrumentation {
  const unsubscribe: (() => void)[] = [];
  const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
  const meterProvider = options.meterProvider ?? metrics.getMeterProvider();
  const spans =
    tracerProvider === false
      ? undefined
      : createAttemptSpans(tracerProvider.getTracer(SCOPE, VERSION));
  const measures =
    meterProvider === false
      ? undefined
      : createDeliveryMetrics(meterProvider.getMeter(SCOPE, VERSION), () => readBacklog(notifier));
  if (spans !== undefined) {
    unsubscribe.push(notifier.on('attempt.started', (event) => spans.started(event)));
  }
  unsubscribe.push(
    notifier.on('attempt.finished', (event) => {
      measures?.attempt(event);
      spans?.finished(event);
    }),
  );
  if (measures !== undefined) {
    unsubscribe.push(notifier.on('delivered', (event) => measures.ended('delivered', event)));
    unsubscribe.push(notifier.on('failed', (event) => measures.ended('failed', event)));
  }
  return {
    remove() {
      for (const off of unsubscribe.splice(0)) off();
      spans?.endAll();
      measures?.remove();
    },
  };
}

/**
 * The admin surface's backlog; with a store that has none, the pending count alone (the
 * other gauges are then not reported). A failing store skips this collection.
 */
async function readBacklog(notifier: InstrumentableNotifier): Promise<BacklogReading | null> {
  let admin: Pick<WebhookAdmin, 'backlog'> | undefined;
  try {
    admin = notifier.admin;
  } catch {
    admin = undefined;
  }
  try {
    if (admin !== undefined) return await admin.backlog();
    return { pending: await notifier.store.countPending() };
  } catch {
    return null;
  }
}
