import type { DeliveryError } from '../errors/delivery-error.js';
import type { AttemptErrorClass } from '../store/delivery-store.js';

/** Identifies one attempt in every attempt event. */
export interface AttemptRef {
  deliveryId: string;
  /** Also the `webhook-id` header. */
  messageId: string;
  endpointId: string;
  eventType: string;
  /** 1-based attempt number (the `webhook-attempt` header). */
  attempt: number;
  /** The delivery's ordering key, when it has one. */
  orderingKey?: string;
}

export interface AttemptStartedEvent extends AttemptRef {
  /** The endpoint URL without credentials, query or fragment (which may hold tokens). */
  url: string;
  /** The W3C `traceparent` stored with the message at enqueue; `null` without one. */
  traceparent: string | null;
}

export interface AttemptFinishedEvent extends AttemptRef {
  statusCode: number | null;
  errorClass: AttemptErrorClass | null;
  durationMs: number;
  /** What the attempt led to. */
  result: 'delivered' | 'retry' | 'failed';
  error: DeliveryError | null;
}

export interface DeliveredEvent extends AttemptRef {
  statusCode: number;
  durationMs: number;
}

export interface RetryScheduledEvent extends AttemptRef {
  statusCode: number | null;
  errorClass: AttemptErrorClass;
  error: DeliveryError;
  nextAttemptAt: Date;
}

/** Why a delivery stopped being retried. */
export type FailureReason = 'attempts_exhausted' | 'permanent_error' | 'endpoint_gone';

export interface FailedEvent extends AttemptRef {
  statusCode: number | null;
  errorClass: AttemptErrorClass;
  error: DeliveryError;
  reason: FailureReason;
}

/**
 * A delivery with an ordering key failed for good: the next delivery of its key (to the
 * same endpoint) goes now, so the receiver's sequence for that key has a gap. Redeliver or
 * replay the failed one to send it again: it then joins the end of its key's queue.
 */
export interface OrderingSkippedEvent {
  endpointId: string;
  orderingKey: string;
  /** The delivery that failed, and was passed over. */
  deliveryId: string;
  messageId: string;
  eventType: string;
  reason: FailureReason;
}

export interface EndpointPausedEvent {
  endpointId: string;
  pausedUntil: Date;
  consecutiveFailures: number;
}

export interface EndpointDisabledEvent {
  endpointId: string;
  /** `gone` (HTTP 410) or `failing` (no success for `breaker.disableAfterMs`). */
  cause: 'gone' | 'failing';
  reason: string;
}

/** A store or listener failure the running loop survived (it retries on the next tick). */
export interface EngineErrorEvent {
  during: 'claim' | 'attempt' | 'settle' | 'release' | 'endpoint_update' | 'listener' | 'prune';
  error: unknown;
}

/** One retention run of a running worker (`retention` option). */
export interface RetentionPrunedEvent {
  /** `false` when another process was pruning at the time. */
  ran: boolean;
  batches: number;
  messages: number;
  deliveries: number;
  attempts: number;
}

/** Every event the notifier emits, by name. */
export interface NotifierEvents {
  'attempt.started': AttemptStartedEvent;
  'attempt.finished': AttemptFinishedEvent;
  delivered: DeliveredEvent;
  'retry.scheduled': RetryScheduledEvent;
  failed: FailedEvent;
  'ordering.skipped': OrderingSkippedEvent;
  'endpoint.paused': EndpointPausedEvent;
  'endpoint.disabled': EndpointDisabledEvent;
  'retention.pruned': RetentionPrunedEvent;
  error: EngineErrorEvent;
}

export type NotifierEventName = keyof NotifierEvents;
export type NotifierListener<K extends NotifierEventName> = (event: NotifierEvents[K]) => void;
