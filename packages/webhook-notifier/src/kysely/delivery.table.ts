import type { ColumnType, Selectable } from 'kysely';
import type { DeliveryRecord, DeliveryStatus } from '../store/delivery-store.js';
import { type Timestamp, toDate, toNullableDate } from './row-values.js';

/**
 * `webhook_deliveries`: one message to one endpoint, a queue row in the manner of
 * graphile-worker's jobs (`next_attempt_at` is its `run_at`, the lease its lock).
 */
export interface DeliveryTable {
  id: string;
  message_id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  attempts: number;
  attempt_base: number;
  next_attempt_at: Timestamp;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  last_error: string | null;
  last_status_code: number | null;
  last_attempt_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  ordering_key: ColumnType<string | null, string | null | undefined>;
  ordering_seq: ColumnType<string | null, string | number | null | undefined>;
}

/** A delivery row; the ordering columns are absent from rows read before migration 0005. */
export type DeliveryRow = Omit<Selectable<DeliveryTable>, 'ordering_key' | 'ordering_seq'> &
  Partial<Pick<Selectable<DeliveryTable>, 'ordering_key' | 'ordering_seq'>>;

export function toDeliveryRecord(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    messageId: row.message_id,
    endpointId: row.endpoint_id,
    status: row.status,
    attempts: row.attempts,
    attemptBase: row.attempt_base,
    nextAttemptAt: toDate(row.next_attempt_at),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: toNullableDate(row.lease_expires_at),
    lastError: row.last_error,
    lastStatusCode: row.last_status_code,
    lastAttemptAt: toNullableDate(row.last_attempt_at),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    orderingKey: row.ordering_key ?? null,
  };
}
