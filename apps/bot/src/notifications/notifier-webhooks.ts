import {
  type AttemptRecord,
  checkDestination,
  type DeliveryRecord,
  type Notifier,
  NotifierError,
  type SsrfPolicy,
} from '@dramarelay/webhook-notifier';
import type { Transaction } from 'kysely';
import type { AttemptView, CompletionWebhooks, DeliveryView } from './completion-webhooks.js';
import { enqueueEvent, sendKeyEvent } from './enqueue-event.js';

/**
 * The delivery engine seen through the app's port. Deliveries are read from the engine's own
 * store, so the API reports exactly what the worker did, attempt by attempt.
 */
export function notifierWebhooks(
  // biome-ignore lint/suspicious/noExplicitAny: the store accepts any application's transaction
  notifier: Notifier<Transaction<any>>,
  ssrf: SsrfPolicy,
): CompletionWebhooks {
  return {
    enqueue: (tx, input) => enqueueEvent(notifier, input, tx),
    send: (tx, input) => sendKeyEvent(notifier, input, tx),
    async delivery(deliveryId) {
      const record = await notifier.store.getDelivery(deliveryId);
      return record && deliveryView(record);
    },
    async attempts(deliveryId) {
      return (await notifier.store.listAttempts(deliveryId)).map(attemptView);
    },
    async redeliver(deliveryId) {
      try {
        return deliveryView(await notifier.redeliver(deliveryId));
      } catch (error) {
        if (error instanceof NotifierError && error.reason === 'not_found') return undefined;
        throw error;
      }
    },
    backlog: () => notifier.store.countPending(),
    checkUrl(url) {
      const checked = checkDestination(url, ssrf);
      return checked.ok ? { ok: true } : { ok: false, message: checked.message };
    },
  };
}

const STATUS: Record<DeliveryRecord['status'], DeliveryView['status']> = {
  pending: 'pending',
  delivered: 'success',
  failed: 'failed',
  cancelled: 'failed',
};

function deliveryView(record: DeliveryRecord): DeliveryView {
  return {
    id: record.id,
    messageId: record.messageId,
    endpointId: record.endpointId,
    status: STATUS[record.status],
    attempts: record.attempts,
    lastAttemptAt: record.lastAttemptAt,
    lastStatusCode: record.lastStatusCode,
    lastError: record.lastError,
    nextAttemptAt: record.status === 'pending' ? record.nextAttemptAt : null,
  };
}

function attemptView(record: AttemptRecord): AttemptView {
  return {
    attempt: record.attempt,
    startedAt: record.startedAt,
    durationMs: record.durationMs,
    statusCode: record.statusCode,
    errorClass: record.errorClass,
    error: record.error,
  };
}
