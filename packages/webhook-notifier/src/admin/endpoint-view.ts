import { signingSecrets } from '../engine/signing-secrets.js';
import type { EndpointWithBacklog } from '../store/admin-store.js';
import type { DisabledCause, SigningScheme } from '../store/delivery-store.js';

/** `paused`: the circuit breaker holds it until `pausedUntil`; `disabled`: until enabled. */
export type EndpointState = 'active' | 'paused' | 'disabled';

/**
 * An endpoint as an operator sees it: where it points, its state and why, and its backlog.
 * Never a secret: only how many there are and when a rotation's old secrets stop signing.
 */
export interface EndpointHealth {
  id: string;
  url: string;
  scheme: SigningScheme;
  state: EndpointState;
  /** Set while `paused` (and after, until the next success). */
  pausedUntil: Date | null;
  consecutiveFailures: number;
  /** When the current run of failures started; `null` after a success. */
  failingSince: Date | null;
  disabledCause: DisabledCause | null;
  disabledReason: string | null;
  disabledAt: Date | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  /** Deliveries waiting (`pending`), whether due, retrying or held by a pause or a disable. */
  pendingCount: number;
  /** Secrets signing every delivery now (current ones, plus old ones during a rotation). */
  signingSecretCount: number;
  /** While a rotation overlaps: when the old secrets stop signing; otherwise `null`. */
  previousSecretsExpireAt: Date | null;
  /** Created by `notifier.endpoints.create` (it receives `send`s); `false`: an inline endpoint. */
  registered: boolean;
  tenant: string | null;
  /** What it subscribes to (`[]`: every event type). */
  eventTypes: string[];
  description: string | null;
  metadata: Record<string, string>;
  /** Its own attempt timeout and concurrency; `null`: the notifier's. */
  timeoutMs: number | null;
  concurrency: number | null;
  /** When `notifier.endpoints.delete` deleted it; `null` otherwise. */
  deletedAt: Date | null;
}

/**
 * The health view of a stored endpoint at `now`.
 *
 * @example
 * toEndpointHealth(record, Date.now()).state; // 'paused'
 */
export function toEndpointHealth(record: EndpointWithBacklog, now: number): EndpointHealth {
  const paused = record.pausedUntil !== null && record.pausedUntil.getTime() > now;
  const expiry = record.previousSecretsExpireAt ?? null;
  const overlapping = expiry !== null && expiry.getTime() > now;
  return {
    id: record.id,
    url: record.url,
    scheme: record.scheme,
    state: record.status === 'disabled' ? 'disabled' : paused ? 'paused' : 'active',
    pausedUntil: record.pausedUntil,
    consecutiveFailures: record.consecutiveFailures,
    failingSince: record.failingSince,
    disabledCause: record.disabledCause ?? null,
    disabledReason: record.disabledReason,
    disabledAt: record.disabledAt ?? null,
    lastSuccessAt: record.lastSuccessAt ?? null,
    lastFailureAt: record.lastFailureAt ?? null,
    pendingCount: record.pendingCount,
    signingSecretCount: signingSecrets(record, now).length,
    previousSecretsExpireAt: overlapping ? expiry : null,
    registered: record.registered ?? false,
    tenant: record.tenant ?? null,
    eventTypes: [...(record.eventTypes ?? [])],
    description: record.description ?? null,
    metadata: { ...(record.metadata ?? {}) },
    timeoutMs: record.timeoutMs ?? null,
    concurrency: record.concurrency ?? null,
    deletedAt: record.deletedAt ?? null,
  };
}
