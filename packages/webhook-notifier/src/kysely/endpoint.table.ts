import type { ColumnType, Selectable } from 'kysely';
import type { EndpointRecord, EndpointStatus, SigningScheme } from '../store/delivery-store.js';
import { type Timestamp, toNullableDate } from './row-values.js';

/** `webhook_endpoints`: where deliveries go, how they are signed, and the circuit breaker. */
export interface EndpointTable {
  id: string;
  url: string;
  scheme: SigningScheme;
  secrets: string[];
  status: EndpointStatus;
  paused_until: Timestamp | null;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  failing_since: Timestamp | null;
  disabled_reason: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type EndpointRow = Omit<Selectable<EndpointTable>, 'created_at' | 'updated_at'>;

export function toEndpointRecord(row: EndpointRow): EndpointRecord {
  return {
    id: row.id,
    url: row.url,
    scheme: row.scheme,
    secrets: [...row.secrets],
    status: row.status,
    pausedUntil: toNullableDate(row.paused_until),
    consecutiveFailures: row.consecutive_failures,
    failingSince: toNullableDate(row.failing_since),
    disabledReason: row.disabled_reason,
  };
}
