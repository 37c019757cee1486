import {
  type Attributes,
  type Link,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
} from '@opentelemetry/api';
import type { AttemptFinishedEvent, AttemptStartedEvent } from '../engine/events.js';
import { parseTraceparent } from './current-traceparent.js';

/**
 * One CLIENT span per attempt, following the HTTP client semantic conventions: named for the
 * method, with the URL as the notifier's events carry it (no credentials, query or
 * fragment). Nothing of the request's headers is recorded, so no signature or secret.
 *
 * Each attempt starts a trace of its own, linked to the span that enqueued the message:
 * the attempt runs later, in whichever worker claims it, so it is not that span's child.
 */
export function createAttemptSpans(tracer: Tracer) {
  const open = new Map<string, Span>();
  const key = (event: { deliveryId: string; attempt: number }) =>
    `${event.deliveryId}#${event.attempt}`;

  return {
    started(event: AttemptStartedEvent): void {
      const enqueuedBy = parseTraceparent(event.traceparent);
      const links: Link[] = enqueuedBy === undefined ? [] : [{ context: enqueuedBy }];
      const span = tracer.startSpan(
        'POST',
        { kind: SpanKind.CLIENT, attributes: startAttributes(event), links },
        ROOT_CONTEXT,
      );
      open.set(key(event), span);
    },
    finished(event: AttemptFinishedEvent): void {
      const span = open.get(key(event));
      if (span === undefined) return;
      open.delete(key(event));
      if (event.statusCode !== null) {
        span.setAttribute('http.response.status_code', event.statusCode);
      }
      span.setAttribute('webhook.attempt.result', event.result);
      if (event.errorClass !== null) {
        // The conventions' error.type: the status code when there was an answer.
        span.setAttribute(
          'error.type',
          event.errorClass === 'http_status' && event.statusCode !== null
            ? String(event.statusCode)
            : event.errorClass,
        );
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
    /** End the spans of attempts still running (instrumentation removed). */
    endAll(): void {
      for (const span of open.values()) span.end();
      open.clear();
    },
  };
}

function startAttributes(event: AttemptStartedEvent): Attributes {
  const attributes: Attributes = {
    'http.request.method': 'POST',
    'webhook.event_type': event.eventType,
    'webhook.message_id': event.messageId,
    'webhook.delivery_id': event.deliveryId,
    'webhook.endpoint_id': event.endpointId,
    'webhook.attempt': event.attempt,
  };
  if (event.attempt > 1) attributes['http.request.resend_count'] = event.attempt - 1;
  const url = safeUrl(event.url);
  if (url !== undefined) {
    attributes['url.full'] = event.url;
    attributes['server.address'] = url.hostname.replace(/^\[(.*)\]$/, '$1');
    attributes['server.port'] = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  }
  return attributes;
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
