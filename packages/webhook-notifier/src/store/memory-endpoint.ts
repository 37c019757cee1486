import type { DeliveryOutcome, EndpointRecord, EnqueueInput } from './delivery-store.js';

/**
 * A new endpoint as `MemoryStore` keeps it: active, healthy, no rotation under way, not
 * registered (an inline endpoint).
 *
 * @example
 * newEndpointRecord({ id: 'ep', url: 'https://x.example.com', scheme: 'legacy', secrets: ['s'] });
 */
export function newEndpointRecord(input: EnqueueInput['endpoint']): EndpointRecord {
  return {
    ...structuredClone(input),
    status: 'active',
    pausedUntil: null,
    consecutiveFailures: 0,
    failingSince: null,
    disabledReason: null,
    disabledCause: null,
    disabledAt: null,
    lastSuccessAt: null,
    lastFailureAt: null,
    previousSecrets: [],
    previousSecretsExpireAt: null,
    registered: false,
    tenant: null,
    eventTypes: [],
    description: null,
    metadata: {},
    timeoutMs: null,
    concurrency: null,
    deletedAt: null,
  };
}

/**
 * Counts one attempt in its endpoint's failure run and last success or failure time, as the
 * settle function does in SQL. Returns whether the run grew.
 *
 * @example
 * if (countAttempt(endpoint, outcome)) failing.add(endpoint);
 */
export function countAttempt(endpoint: EndpointRecord, outcome: DeliveryOutcome): boolean {
  const { startedAt } = outcome.attempt;
  if (outcome.status === 'delivered') {
    endpoint.lastSuccessAt = latest(endpoint.lastSuccessAt, startedAt);
    endpoint.consecutiveFailures = 0;
    endpoint.failingSince = null;
    endpoint.pausedUntil = null;
    return false;
  }
  endpoint.lastFailureAt = latest(endpoint.lastFailureAt, startedAt);
  endpoint.consecutiveFailures += 1;
  endpoint.failingSince ??= startedAt;
  return true;
}

function latest(current: Date | null | undefined, candidate: Date): Date {
  return current != null && current.getTime() >= candidate.getTime()
    ? current
    : new Date(candidate);
}
