import type { AttemptView, DeliveryView } from '../../notifications/completion-webhooks.js';

export function deliveryJson(
  id: string,
  delivery: DeliveryView | undefined,
  attempts: readonly AttemptView[] = [],
) {
  return {
    delivery_id: id,
    status: delivery?.status ?? null,
    attempts: delivery?.attempts ?? 0,
    last_attempt_at: delivery?.lastAttemptAt?.toISOString() ?? null,
    last_status_code: delivery?.lastStatusCode ?? null,
    last_error: delivery?.lastError ?? null,
    next_attempt_at: delivery?.nextAttemptAt?.toISOString() ?? null,
    attempt_log: attempts.map((a) => ({
      attempt: a.attempt,
      started_at: a.startedAt.toISOString(),
      duration_ms: a.durationMs,
      status_code: a.statusCode,
      error_class: a.errorClass,
      error: a.error,
    })),
  };
}

/** A completion whose webhook the delivery engine refused: never sent, never retried. */
export function refusedJson(error: string | null) {
  return {
    delivery_id: null,
    status: 'refused' as const,
    attempts: 0,
    last_attempt_at: null,
    last_status_code: null,
    last_error: error,
    next_attempt_at: null,
    attempt_log: [],
  };
}
