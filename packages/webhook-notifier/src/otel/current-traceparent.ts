import { context, isSpanContextValid, type SpanContext, trace } from '@opentelemetry/api';
import { isTraceparent } from '../engine/traceparent.js';

/**
 * The W3C `traceparent` of the span active now, or `undefined` outside any span: pass it as
 * the notifier's `traceparent` option, and every message keeps the trace context of the
 * span that enqueued it (in the store, so a worker in another process links to it).
 *
 * @example
 * const notifier = createNotifier({ store, traceparent: currentTraceparent });
 */
export function currentTraceparent(): string | undefined {
  const span = trace.getSpanContext(context.active());
  if (span === undefined || !isSpanContextValid(span)) return undefined;
  const flags = (span.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${span.traceId}-${span.spanId}-${flags}`;
}

/**
 * The remote span context a stored `traceparent` names, for a span link; `undefined` when
 * the value is not a valid `traceparent`.
 *
 * @example
 * parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')?.spanId;
 */
export function parseTraceparent(value: string | null | undefined): SpanContext | undefined {
  if (!isTraceparent(value)) return undefined;
  const [, traceId, spanId, flags] = value.split('-') as [string, string, string, string];
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16) & 0xff, isRemote: true };
}
