import { type Notifier, NotifierError } from '@dramarelay/webhook-notifier';
import type { Transaction } from 'kysely';
import { type WebhookEndpoint, WebhookRefusedError } from './completion-webhooks.js';

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
          secrets: [endpoint.secret],
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
