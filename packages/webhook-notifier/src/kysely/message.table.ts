import type { ColumnType, Selectable } from 'kysely';
import type { MessageRecord } from '../store/delivery-store.js';
import { type Timestamp, toBytes, toDate } from './row-values.js';

/** `webhook_messages`: one serialised payload, the `webhook-id` of all its attempts. */
export interface MessageTable {
  id: string;
  event_type: string;
  body: Uint8Array;
  idempotency_key: string | null;
  created_at: Timestamp;
  /** Migration 0004: the tenant of a `send`; idempotency keys are unique per tenant. */
  tenant: ColumnType<string | null, string | null | undefined>;
}

/** Rows read before migration 0004 have no tenant. */
export type MessageRow = Omit<Selectable<MessageTable>, 'tenant'> &
  Partial<Pick<Selectable<MessageTable>, 'tenant'>>;

export function toMessageRecord(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    eventType: row.event_type,
    body: toBytes(row.body),
    idempotencyKey: row.idempotency_key,
    createdAt: toDate(row.created_at),
    tenant: row.tenant ?? null,
  };
}
