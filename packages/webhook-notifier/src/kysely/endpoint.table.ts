import type { ColumnType, Selectable } from 'kysely';
import type {
  DisabledCause,
  EndpointRecord,
  EndpointStatus,
  SigningScheme,
} from '../store/delivery-store.js';
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
  disabled_cause: ColumnType<DisabledCause | null, DisabledCause | null | undefined>;
  disabled_at: ColumnType<Date | null, Date | string | null | undefined>;
  last_success_at: ColumnType<Date | null, Date | string | null | undefined>;
  last_failure_at: ColumnType<Date | null, Date | string | null | undefined>;
  previous_secrets: ColumnType<string[], string[] | undefined>;
  previous_secrets_expire_at: ColumnType<Date | null, Date | string | null | undefined>;
  registered: ColumnType<boolean, boolean | undefined>;
  tenant: ColumnType<string | null, string | null | undefined>;
  event_types: ColumnType<string[], string[] | undefined>;
  description: ColumnType<string | null, string | null | undefined>;
  metadata: ColumnType<Record<string, string>, string | undefined, string>;
  timeout_ms: ColumnType<number | null, number | null | undefined>;
  concurrency: ColumnType<number | null, number | null | undefined>;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/**
 * The operator's columns (migration 0003) and the routing ones (0004); the settle function's
 * result has none of them.
 */
type OperatorColumns =
  | 'disabled_cause'
  | 'disabled_at'
  | 'last_success_at'
  | 'last_failure_at'
  | 'previous_secrets'
  | 'previous_secrets_expire_at'
  | 'registered'
  | 'tenant'
  | 'event_types'
  | 'description'
  | 'metadata'
  | 'timeout_ms'
  | 'concurrency'
  | 'deleted_at';

export type EndpointRow = Omit<
  Selectable<EndpointTable>,
  'created_at' | 'updated_at' | OperatorColumns
> &
  Partial<Pick<Selectable<EndpointTable>, OperatorColumns>>;

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
    disabledCause: row.disabled_cause ?? null,
    disabledAt: toNullableDate(row.disabled_at ?? null),
    lastSuccessAt: toNullableDate(row.last_success_at ?? null),
    lastFailureAt: toNullableDate(row.last_failure_at ?? null),
    previousSecrets: [...(row.previous_secrets ?? [])],
    previousSecretsExpireAt: toNullableDate(row.previous_secrets_expire_at ?? null),
    registered: row.registered ?? false,
    tenant: row.tenant ?? null,
    eventTypes: [...(row.event_types ?? [])],
    description: row.description ?? null,
    metadata: { ...(row.metadata ?? {}) },
    timeoutMs: row.timeout_ms ?? null,
    concurrency: row.concurrency ?? null,
    deletedAt: toNullableDate(row.deleted_at ?? null),
  };
}
