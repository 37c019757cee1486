import type { ColumnType, Generated, Selectable } from 'kysely';
import type { AttemptErrorClass, AttemptRecord } from '../store/delivery-store.js';
import { type Timestamp, toDate } from './row-values.js';

/** `webhook_attempts`: append-only, one row per HTTP attempt (or refusal) of a delivery. */
export interface AttemptTable {
  id: Generated<string>;
  delivery_id: string;
  attempt: number;
  started_at: Timestamp;
  duration_ms: number;
  status_code: number | null;
  error_class: AttemptErrorClass | null;
  error: string | null;
  response_headers: Record<string, string>;
  response_excerpt: string | null;
  /** Written by the settle function since migration 0003 (statistics); older rows: `null`. */
  endpoint_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type AttemptRow = Omit<Selectable<AttemptTable>, 'id' | 'endpoint_id'>;

export function toAttemptRecord(row: AttemptRow): AttemptRecord {
  return {
    deliveryId: row.delivery_id,
    attempt: row.attempt,
    startedAt: toDate(row.started_at),
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    errorClass: row.error_class,
    error: row.error,
    responseHeaders: { ...row.response_headers },
    responseExcerpt: row.response_excerpt,
  };
}
