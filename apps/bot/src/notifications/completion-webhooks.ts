import type { Transaction } from 'kysely';
import type { AppTables } from '../database/database.js';
import type { SigningScheme } from '../endpoints/endpoint.table.js';
import type { TaskCompletedEvent } from './task-completed-event.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  /** The secrets it signs with (several while a stored endpoint's secret is rotated). */
  secrets: readonly string[];
  scheme: SigningScheme;
}

/**
 * The delivery engine refused a webhook before writing anything (its endpoint or secret is
 * not usable now, e.g. the SSRF policy was tightened after the task was created). `reason` is
 * the engine's; the message never quotes a secret.
 */
export class WebhookRefusedError extends Error {
  override readonly name = 'WebhookRefusedError';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** One event for the endpoints of an API key (the notifier's tenant) that subscribe to it. */
export interface KeyEventInput {
  apiKeyId: string;
  event: { event: string };
  idempotencyKey: string;
}

export interface KeyEventReceipt {
  messageId: string;
  deliveries: Array<{ deliveryId: string; endpointId: string }>;
}

export type CallbackStatus = 'pending' | 'success' | 'failed';

export interface DeliveryView {
  id: string;
  messageId: string;
  endpointId: string;
  status: CallbackStatus;
  attempts: number;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

export interface AttemptView {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  errorClass: string | null;
  error: string | null;
}

/**
 * What the app needs from the delivery engine, in its own words: the outbox write inside a
 * completion's transaction, and a read of what happened to it afterwards.
 */
export interface CompletionWebhooks {
  /**
   * Writes the webhook in `tx`; it exists if and only if the transaction commits. A refusal
   * of the engine throws a `WebhookRefusedError`, and `tx` stays usable.
   */
  enqueue(
    tx: Transaction<AppTables>,
    input: { endpoint: WebhookEndpoint; event: TaskCompletedEvent; idempotencyKey: string },
  ): Promise<{ messageId: string; deliveryId: string }>;
  /**
   * Writes `event` in `tx` for every endpoint of the key subscribed to its type, once per
   * `idempotencyKey` and key. None subscribing is no error: the message is stored, for nobody.
   * A refusal of the engine throws a `WebhookRefusedError`, and `tx` stays usable.
   */
  send(tx: Transaction<AppTables>, input: KeyEventInput): Promise<KeyEventReceipt>;
  delivery(deliveryId: string): Promise<DeliveryView | undefined>;
  attempts(deliveryId: string): Promise<AttemptView[]>;
  redeliver(deliveryId: string): Promise<DeliveryView | undefined>;
  backlog(): Promise<number>;
  /** Whether a URL may receive webhooks; checked before it is stored. */
  checkUrl(url: string): { ok: true } | { ok: false; message: string };
}
