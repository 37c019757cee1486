import type {
  AttemptRecord,
  DeliveryLogEntry,
  DeliveryStatsRow,
  EndpointHealth,
  EndpointInfo,
} from '@dramarelay/webhook-notifier';
import { parseEndpointId } from '../../notifications/endpoint-ids.js';

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/** Which task an endpoint serves: its relay task id, or `null` for the key's default. */
export function taskIdOf(endpointId: string): number | null {
  const owner = parseEndpointId(endpointId);
  return owner?.kind === 'task' ? owner.taskId : null;
}

/** An endpoint's health as the API shows it; never a secret. */
export function endpointHealthJson(endpoint: EndpointHealth) {
  return {
    id: endpoint.id,
    task_id: taskIdOf(endpoint.id),
    default: parseEndpointId(endpoint.id)?.kind === 'key',
    url: endpoint.url,
    scheme: endpoint.scheme,
    state: endpoint.state,
    paused_until: iso(endpoint.pausedUntil),
    consecutive_failures: endpoint.consecutiveFailures,
    failing_since: iso(endpoint.failingSince),
    disabled_cause: endpoint.disabledCause,
    disabled_reason: endpoint.disabledReason,
    disabled_at: iso(endpoint.disabledAt),
    last_success_at: iso(endpoint.lastSuccessAt),
    last_failure_at: iso(endpoint.lastFailureAt),
    pending_count: endpoint.pendingCount,
  };
}

/** What an endpoint receives and how, beside its health: a task's callback, its completions. */
export function endpointJson(health: EndpointHealth, record: EndpointInfo | undefined) {
  const task = taskIdOf(health.id) !== null;
  return {
    ...endpointHealthJson(health),
    event_types: record?.eventTypes ?? (task ? ['task.completed'] : []),
    description: record?.description ?? null,
    metadata: record?.metadata ?? {},
    rate_limit_per_second: record?.rateLimit?.perSecond ?? null,
  };
}

/** One row of the delivery log, in the notifier's own status words. */
export function deliveryEntryJson(entry: DeliveryLogEntry) {
  return {
    id: entry.id,
    webhook_id: entry.messageId,
    endpoint_id: entry.endpointId,
    task_id: taskIdOf(entry.endpointId),
    event_type: entry.eventType,
    status: entry.status,
    attempts: entry.attempts,
    created_at: entry.createdAt.toISOString(),
    next_attempt_at: entry.status === 'pending' ? entry.nextAttemptAt.toISOString() : null,
    last_attempt_at: iso(entry.lastAttemptAt),
    last_status_code: entry.lastStatusCode,
    last_error: entry.lastError,
  };
}

export function attemptJson(attempt: AttemptRecord) {
  return {
    attempt: attempt.attempt,
    started_at: attempt.startedAt.toISOString(),
    duration_ms: attempt.durationMs,
    status_code: attempt.statusCode,
    error_class: attempt.errorClass,
    error: attempt.error,
    response_excerpt: attempt.responseExcerpt,
  };
}

export function statsRowJson(row: DeliveryStatsRow) {
  return {
    messages: row.messages,
    deliveries: row.deliveries,
    delivered: row.delivered,
    failed: row.failed,
    pending: row.pending,
    cancelled: row.cancelled,
    attempts: row.attempts,
    first_attempt_success_rate: row.firstAttemptSuccessRate,
    eventual_success_rate: row.eventualSuccessRate,
    latency_ms: row.latencyMs,
  };
}
