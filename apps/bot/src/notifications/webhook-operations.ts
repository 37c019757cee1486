import { type Notifier, NotifierError, type WebhookAdmin } from '@dramarelay/webhook-notifier';
import type { Transaction } from 'kysely';
import type { EndpointRecords } from '../endpoints/key-endpoints.js';
import type { WebhookEndpoint } from './completion-webhooks.js';
import { enqueueEvent } from './enqueue-event.js';
import type { TestWebhookEvent } from './test-webhook-event.js';

/**
 * What the API needs to let an integrator operate their own deliveries: the notifier's
 * admin surface (health, listing, replay, statistics), its endpoint records (a key's
 * endpoints), and a test event sent outside any completion.
 */
export interface WebhookOperations {
  admin: WebhookAdmin;
  endpoints: EndpointRecords;
  /**
   * Whose an endpoint is: its `tenant` (`null` for an inline one, as a task's callback), and
   * whether it was deleted; `undefined` for an endpoint the notifier never stored.
   */
  ownerOf(id: string): Promise<{ tenant: string | null; deleted: boolean } | undefined>;
  /** A stored endpoint as the app sends to it (with its secrets); `undefined` if unknown. */
  storedEndpoint(id: string): Promise<WebhookEndpoint | undefined>;
  /**
   * Enqueues a test event to the endpoint (signed as every other delivery). Refusals of
   * the engine throw `WebhookRefusedError`.
   */
  sendTest(
    endpoint: WebhookEndpoint,
    event: TestWebhookEvent,
    idempotencyKey: string,
  ): Promise<{ messageId: string; deliveryId: string }>;
  /**
   * Points an endpoint the notifier already knows at the values the app now holds, so its
   * waiting deliveries follow; nothing to do for an endpoint never used.
   */
  follow(endpoint: WebhookEndpoint): Promise<void>;
}

export function notifierOperations(
  // biome-ignore lint/suspicious/noExplicitAny: the store accepts any application's transaction
  notifier: Notifier<Transaction<any>>,
): WebhookOperations {
  return {
    get admin() {
      return notifier.admin;
    },
    get endpoints() {
      return notifier.endpoints;
    },
    async ownerOf(id) {
      const record = await notifier.store.getEndpoint(id);
      return (
        record && { tenant: record.tenant ?? null, deleted: (record.deletedAt ?? null) !== null }
      );
    },
    async storedEndpoint(id) {
      const record = await notifier.store.getEndpoint(id);
      return record && { id, url: record.url, scheme: record.scheme, secrets: record.secrets };
    },
    sendTest: (endpoint, event, idempotencyKey) =>
      enqueueEvent(notifier, { endpoint, event, idempotencyKey }),
    async follow(endpoint) {
      try {
        await notifier.admin.updateEndpoint(endpoint.id, {
          url: endpoint.url,
          scheme: endpoint.scheme,
          secrets: [...endpoint.secrets],
        });
      } catch (error) {
        if (error instanceof NotifierError && error.reason === 'not_found') return;
        throw error;
      }
    },
  };
}
