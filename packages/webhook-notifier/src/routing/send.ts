import { type EnqueueStamp, stampNow } from '../engine/enqueue.js';
import { checkIdempotencyKey, checkOrderingKey } from '../engine/message-input.js';
import type { EngineConfig } from '../engine/options.js';
import { NotifierError } from '../errors/notifier-error.js';
import { serializePayload } from '../payload/serialize-payload.js';
import type { MessageRecord } from '../store/delivery-store.js';
import type { SendInput } from '../store/routing-store.js';
import { checkTenant } from './endpoint-definition.js';
import { checkSentEventType } from './event-type-pattern.js';
import { routingStore } from './routing-support.js';

/** One message for every endpoint of a tenant subscribed to its event type. */
export interface SendRequest {
  /** Whose endpoints receive it; `null` or absent: the registered endpoints without a tenant. */
  tenant?: string | null;
  /** E.g. `task.completed`: 1 to 256 visible ASCII characters, no spaces, no `*`. */
  eventType: string;
  /** Any JSON value (serialised once), or the exact bytes to send as a `Uint8Array`. */
  payload: unknown;
  /** Per tenant: a second `send` of the tenant with this key returns the first message. */
  idempotencyKey?: string;
  /**
   * Each endpoint reached gets its deliveries of this key one at a time, in send order (as
   * `enqueue`'s `orderingKey`): a key is ordered per endpoint, not across endpoints.
   */
  orderingKey?: string;
}

export interface SendReceipt {
  /** `msg_...`: the `webhook-id` of every attempt of every delivery. */
  messageId: string;
  /** `false` when the tenant's idempotency key was seen before: nothing new was stored. */
  created: boolean;
  /** One per endpoint reached, in endpoint id order; `[]` when no endpoint subscribes. */
  deliveries: Array<{ deliveryId: string; endpointId: string }>;
}

/**
 * Builds `send`: check everything, then one store call (one SQL statement on PostgreSQL).
 * A refusal throws a `NotifierError` naming the field and stores nothing.
 *
 * @example
 * const send = createSend(config);
 * await send({ tenant: 'acme', eventType: 'task.completed', payload }, tx);
 */
export function createSend<Tx>(config: EngineConfig<Tx>) {
  return async (request: SendRequest, tx: Tx | undefined): Promise<SendReceipt> => {
    const store = routingStore(config.store);
    const input = toSendInput(config, request, stampNow(config));
    const result = tx === undefined ? await store.send(input) : await store.send(input, tx);
    return {
      messageId: result.message.id,
      created: result.created,
      deliveries: result.deliveries.map((delivery) => ({
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
      })),
    };
  };
}

/**
 * Checks one request and builds the store's input (ids drawn, payload serialised once).
 * Throws `NotifierError` naming the field.
 *
 * @example
 * const input = toSendInput(config, request, { now, traceparent: null });
 */
export function toSendInput<Tx>(
  config: EngineConfig<Tx>,
  request: SendRequest,
  { now, traceparent }: EnqueueStamp,
): SendInput {
  if (typeof request !== 'object' || request === null) {
    throw new NotifierError('invalid_payload', 'send needs { tenant, eventType, payload }');
  }
  const tenant = checkTenant(request.tenant, 'tenant', 'invalid_argument') ?? null;
  const eventType = checkSentEventType(request.eventType, 'eventType');
  const key = checkIdempotencyKey(request.idempotencyKey);
  const orderingKey = checkOrderingKey(request.orderingKey);
  const body = serializePayload(request.payload, config.limits.maxPayloadBytes);
  const message: MessageRecord = {
    id: config.nextId('msg'),
    tenant,
    eventType,
    body,
    idempotencyKey: key,
    createdAt: now,
    ...(traceparent === null ? {} : { traceparent }),
  };
  return {
    message,
    deliveryIdStem: config.nextId('dlv'),
    now,
    ...(orderingKey === undefined ? {} : { orderingKey }),
  };
}

/**
 * The id of the `ordinal`-th delivery (1-based, in endpoint id order) of a `send`; the
 * Kysely store builds the same in SQL.
 *
 * @example
 * fanOutDeliveryId('dlv_01J...', 1); // 'dlv_01J..._000001'
 */
export function fanOutDeliveryId(stem: string, ordinal: number): string {
  return `${stem}_${String(ordinal).padStart(6, '0')}`;
}
