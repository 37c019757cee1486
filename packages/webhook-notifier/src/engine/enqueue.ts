import { NotifierError } from '../errors/notifier-error.js';
import { serializePayload } from '../payload/serialize-payload.js';
import { checkEventType } from '../routing/event-type-pattern.js';
import type { EnqueueInput, MessageRecord } from '../store/delivery-store.js';
import { type EndpointInput, normaliseEndpoint } from './endpoint-input.js';
import { checkIdempotencyKey, checkOrderingKey } from './message-input.js';
import type { EngineConfig } from './options.js';
import { createSecretCheck, type SecretCheck } from './secret-check.js';
import { readTraceparent } from './traceparent.js';

/** One message to one endpoint. */
export interface EnqueueRequest {
  endpoint: EndpointInput;
  /** E.g. `task.completed`: 1 to 256 visible ASCII characters, no spaces. */
  eventType: string;
  /** Any JSON value (serialised once), or the exact bytes to send as a `Uint8Array`. */
  payload: unknown;
  /** A second `enqueue` with the same key returns the first message instead of a new one. */
  idempotencyKey?: string;
  /**
   * Deliveries to one endpoint with the same ordering key are attempted one at a time, in
   * enqueue order: each waits while an earlier one is pending (due, in flight or waiting for
   * a retry), and goes once that one is delivered or has failed for good (`ordering.skipped`
   * reports the gap). Keys are independent of each other. 1 to 256 characters.
   */
  orderingKey?: string;
}

export interface EnqueueReceipt {
  /** `msg_...`: the `webhook-id` of every attempt. */
  messageId: string;
  /** `dlv_...`: pass it to `redeliver`, or look it up in the store. */
  deliveryId: string;
  /** `false` when the idempotency key was seen before: nothing new was stored. */
  created: boolean;
}

/**
 * Builds `enqueue`: validate everything first, then one store call. A refusal throws a
 * `NotifierError` and stores nothing.
 *
 * @example
 * const enqueue = createEnqueue(config);
 * await enqueue({ endpoint, eventType: 'task.completed', payload }, undefined);
 */
export function createEnqueue<Tx>(config: EngineConfig<Tx>) {
  const checkSecrets = createSecretCheck();
  return async (request: EnqueueRequest, tx: Tx | undefined): Promise<EnqueueReceipt> => {
    const input = await toEnqueueInput(config, checkSecrets, request, stampNow(config));
    const result =
      tx === undefined ? await config.store.enqueue(input) : await config.store.enqueue(input, tx);
    return {
      messageId: result.message.id,
      deliveryId: result.delivery.id,
      created: result.created,
    };
  };
}

/** When a message was enqueued, and under which span. */
export interface EnqueueStamp {
  now: Date;
  traceparent: string | null;
}

/** The stamp of messages enqueued or sent now: the clock's time and the active span. */
export function stampNow<Tx>(config: EngineConfig<Tx>): EnqueueStamp {
  return { now: new Date(config.clock.now()), traceparent: readTraceparent(config.traceparent) };
}

/**
 * Checks one request and builds the store's input (ids drawn, payload serialised once).
 * Throws `NotifierError` naming the field.
 *
 * @example
 * const input = await toEnqueueInput(config, createSecretCheck(), request, { now, traceparent: null });
 */
export async function toEnqueueInput<Tx>(
  config: EngineConfig<Tx>,
  checkSecrets: SecretCheck,
  request: EnqueueRequest,
  { now, traceparent }: EnqueueStamp,
): Promise<EnqueueInput> {
  if (typeof request !== 'object' || request === null) {
    throw new NotifierError('invalid_payload', 'enqueue needs { endpoint, eventType, payload }');
  }
  const eventType = checkEventType(request.eventType, 'eventType');
  const key = checkIdempotencyKey(request.idempotencyKey);
  const orderingKey = checkOrderingKey(request.orderingKey);
  const endpoint = normaliseEndpoint(request.endpoint, config.ssrf);
  const body = serializePayload(request.payload, config.limits.maxPayloadBytes);
  await checkSecrets(endpoint.scheme, endpoint.secrets);
  const message: MessageRecord = {
    id: config.nextId('msg'),
    eventType,
    body,
    idempotencyKey: key,
    createdAt: now,
    ...(traceparent === null ? {} : { traceparent }),
    tenant: null,
  };
  return {
    message,
    endpoint,
    deliveryId: config.nextId('dlv'),
    now,
    ...(orderingKey === undefined ? {} : { orderingKey }),
  };
}
