import type { AttemptResult } from './attempt.js';
import type { Emitter } from './emitter.js';

/**
 * Emits what became of a delivery once its outcome is stored: `delivered`,
 * `retry.scheduled` or `failed` (and `ordering.skipped` when a keyed delivery failed).
 *
 * @example
 * emitResult(emitter, result);
 */
export function emitResult(emitter: Emitter, result: AttemptResult): void {
  const { ref, record, error, outcome } = result;
  if (error === null) {
    if (!emitter.observed('delivered')) return;
    emitter.emit('delivered', {
      ...ref,
      statusCode: record.statusCode ?? 0,
      durationMs: record.durationMs,
    });
    return;
  }
  const facts = { ...ref, statusCode: record.statusCode, errorClass: error.errorClass, error };
  if (outcome.status === 'pending') {
    emitter.emit('retry.scheduled', { ...facts, nextAttemptAt: outcome.nextAttemptAt });
    return;
  }
  const reason = result.failureReason ?? 'permanent_error';
  emitter.emit('failed', { ...facts, reason });
  if (ref.orderingKey !== undefined) {
    emitter.emit('ordering.skipped', {
      endpointId: ref.endpointId,
      orderingKey: ref.orderingKey,
      deliveryId: ref.deliveryId,
      messageId: ref.messageId,
      eventType: ref.eventType,
      reason,
    });
  }
}
