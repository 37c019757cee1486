import type { DeliveryRecord } from './delivery-store.js';

/** A delivery as enqueued: pending, due `now`, never attempted, no lease. */
export function newDelivery(fields: {
  id: string;
  messageId: string;
  endpointId: string;
  now: Date;
  orderingKey?: string | null | undefined;
}): DeliveryRecord {
  const { now } = fields;
  return {
    id: fields.id,
    messageId: fields.messageId,
    endpointId: fields.endpointId,
    status: 'pending',
    attempts: 0,
    attemptBase: 0,
    nextAttemptAt: now,
    leaseOwner: null,
    leaseExpiresAt: null,
    lastError: null,
    lastStatusCode: null,
    lastAttemptAt: null,
    createdAt: now,
    updatedAt: now,
    orderingKey: fields.orderingKey ?? null,
  };
}
