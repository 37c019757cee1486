import { type Notifier, NotifierError } from '@dramarelay/webhook-notifier';
import type { Transaction } from 'kysely';
import {
  type KeyEventInput,
  type KeyEventReceipt,
  type WebhookEndpoint,
  WebhookRefusedError,
} from './completion-webhooks.js';

/**
 * One event to one endpoint through the notifier, inside `tx` when given. A refusal of the
 * engine (decided before it writes anything, so `tx` stays usable) is a `WebhookRefusedError`.
 */
export async function enqueueEvent(
  // biome-ignore lint/suspicious/noExplicitAny: the store accepts any application's transaction
  notifier: Notifier<Transaction<any>>,
  input: { endpoint: WebhookEndpoint; event: { event: string }; idempotencyKey: string },
  // biome-ignore lint/suspicious/noExplicitAny: as above
  tx?: Transaction<any>,
): Promise<{ messageId: string; deliveryId: string }> {
  const { endpoint, event, idempotencyKey } = input;
  try {
    const receipt = await notifier.enqueue(
      {
        endpoint: {
          id: endpoint.id,
          url: endpoint.url,
          secrets: [...endpoint.secrets],
          scheme: endpoint.scheme,
        },
        eventType: event.event,
        payload: event,
        idempotencyKey,
      },
      tx === undefined ? {} : { tx },
    );
    return { messageId: receipt.messageId, deliveryId: receipt.deliveryId };
  } catch (error) {
    if (error instanceof NotifierError) throw new WebhookRefusedError(error.reason, error.message);
    throw error;
  }
}

/**
 * One event to every endpoint of the key (the notifier's tenant) subscribed to its type, in
 * `tx`. A refusal of the engine is a `WebhookRefusedError`.
 */
export async function sendKeyEvent(
  // biome-ignore lint/suspicious/noExplicitAny: the store accepts any application's transaction
  notifier: Notifier<Transaction<any>>,
  input: KeyEventInput,
  // biome-ignore lint/suspicious/noExplicitAny: as above
  tx: Transaction<any>,
): Promise<KeyEventReceipt> {
  try {
    const receipt = await notifier.send(
      {
        tenant: input.apiKeyId,
        eventType: input.event.event,
        payload: input.event,
        idempotencyKey: input.idempotencyKey,
      },
      { tx },
    );
    return { messageId: receipt.messageId, deliveries: receipt.deliveries };
  } catch (error) {
    if (error instanceof NotifierError) throw new WebhookRefusedError(error.reason, error.message);
    throw error;
  }
}
