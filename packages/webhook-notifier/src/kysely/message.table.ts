import type { Selectable } from 'kysely';
import type { MessageRecord } from '../store/delivery-store.js';
import { type Timestamp, toBytes, toDate } from './row-values.js';

/** `webhook_messages`: one serialised payload, the `webhook-id` of all its attempts. */
export interface MessageTable {
  id: string;
  event_type: string;
  body: Uint8Array;
  idempotency_key: string | null;
  created_at: Timestamp;
  traceparent: string | null;
}

export type MessageRow = Selectable<MessageTable>;

export function toMessageRecord(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    eventType: row.event_type,
    body: toBytes(row.body),
    idempotencyKey: row.idempotency_key,
    createdAt: toDate(row.created_at),
    ...(row.traceparent === null ? {} : { traceparent: row.traceparent }),
  };
}
