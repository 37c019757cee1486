import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { ClaimedDelivery, ClaimOptions, DisabledCause } from '../store/delivery-store.js';
import { type DeliveryRow, toDeliveryRecord } from './delivery.table.js';
import { toEndpointRecord } from './endpoint.table.js';
import { toMessageRecord } from './message.table.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/** With a per-endpoint cap, the claim ranks this many times `limit` of the earliest due rows. */
const CANDIDATE_FACTOR = 10;

interface ClaimRow extends DeliveryRow {
  message_event_type: string;
  message_body: Uint8Array;
  message_idempotency_key: string | null;
  message_created_at: Date;
  endpoint_url: string;
  endpoint_scheme: 'standard-webhooks' | 'legacy';
  endpoint_secrets: string[];
  endpoint_status: 'active' | 'disabled';
  endpoint_paused_until: Date | null;
  endpoint_consecutive_failures: number;
  endpoint_failing_since: Date | null;
  endpoint_disabled_reason: string | null;
  endpoint_disabled_cause: DisabledCause | null;
  endpoint_disabled_at: Date | null;
  endpoint_last_success_at: Date | null;
  endpoint_last_failure_at: Date | null;
  endpoint_previous_secrets: string[];
  endpoint_previous_secrets_expire_at: Date | null;
  message_tenant: string | null;
  endpoint_registered: boolean;
  endpoint_tenant: string | null;
  endpoint_event_types: string[];
  endpoint_description: string | null;
  endpoint_metadata: Record<string, string>;
  endpoint_timeout_ms: number | null;
  endpoint_concurrency: number | null;
  endpoint_deleted_at: Date | null;
}

/**
 * Lease due deliveries in one statement, in the manner of graphile-worker's `getJobs`: pick
 * the earliest due rows `FOR UPDATE SKIP LOCKED` (so concurrent workers never wait for nor
 * share a row), stamp the lease, and return them with their message and endpoint.
 */
export async function claimDue(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  const { now, limit, workerId, leaseMs, perEndpointLimit } = options;
  if (limit <= 0 || (perEndpointLimit !== undefined && perEndpointLimit <= 0)) return [];
  const leaseExpiresAt = new Date(now.getTime() + leaseMs);
  const skip = [...(options.skipEndpointIds ?? [])];
  const eligible = sql`
    d.status = 'pending'
    and d.next_attempt_at <= ${now}
    and (d.lease_expires_at is null or d.lease_expires_at <= ${now})
  `;
  const claimable = sql`
    ${eligible}
    and e.status = 'active'
    and (e.paused_until is null or e.paused_until <= ${now})
    and d.endpoint_id <> all(${skip}::text[])
  `;
  const due =
    perEndpointLimit === undefined || perEndpointLimit >= limit
      ? earliestDue(t, claimable, limit)
      : earliestDuePerEndpoint(t, claimable, eligible, limit, perEndpointLimit);
  const { rows } = await sql<ClaimRow>`
    with ${due},
    claimed as (
      update ${t.deliveries} d
      set lease_owner = ${workerId}, lease_expires_at = ${leaseExpiresAt}
      from due
      where d.id = due.id
      returning d.*
    )
    select
      c.*,
      m.event_type as message_event_type,
      m.body as message_body,
      m.idempotency_key as message_idempotency_key,
      m.created_at as message_created_at,
      e.url as endpoint_url,
      e.scheme as endpoint_scheme,
      e.secrets as endpoint_secrets,
      e.status as endpoint_status,
      e.paused_until as endpoint_paused_until,
      e.consecutive_failures as endpoint_consecutive_failures,
      e.failing_since as endpoint_failing_since,
      e.disabled_reason as endpoint_disabled_reason,
      e.disabled_cause as endpoint_disabled_cause,
      e.disabled_at as endpoint_disabled_at,
      e.last_success_at as endpoint_last_success_at,
      e.last_failure_at as endpoint_last_failure_at,
      e.previous_secrets as endpoint_previous_secrets,
      e.previous_secrets_expire_at as endpoint_previous_secrets_expire_at,
      m.tenant as message_tenant,
      e.registered as endpoint_registered,
      e.tenant as endpoint_tenant,
      e.event_types as endpoint_event_types,
      e.description as endpoint_description,
      e.metadata as endpoint_metadata,
      e.timeout_ms as endpoint_timeout_ms,
      e.concurrency as endpoint_concurrency,
      e.deleted_at as endpoint_deleted_at
    from claimed c
    join ${t.messages} m on m.id = c.message_id
    join ${t.endpoints} e on e.id = c.endpoint_id
    order by c.next_attempt_at, c.id
  `.execute(db);
  return rows.map(toClaimedDelivery);
}

/** Walks the partial "due" index in order and stops after `limit` unlocked rows. */
function earliestDue(t: WebhookTables, claimable: RawBuilder<unknown>, limit: number) {
  return sql`
    due as (
      select d.id
      from ${t.deliveries} d
      join ${t.endpoints} e on e.id = d.endpoint_id
      where ${claimable}
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked
    )
  `;
}

/**
 * The same, at most `perEndpointLimit` per endpoint. Row locks and window functions do not
 * mix in one `SELECT`, so the earliest due rows are ranked per endpoint first (a bounded
 * window, so the cost does not grow with the backlog) and then locked, re-checked.
 */
function earliestDuePerEndpoint(
  t: WebhookTables,
  claimable: RawBuilder<unknown>,
  eligible: RawBuilder<unknown>,
  limit: number,
  perEndpointLimit: number,
) {
  return sql`
    candidate as (
      select d.id, d.endpoint_id, d.next_attempt_at
      from ${t.deliveries} d
      join ${t.endpoints} e on e.id = d.endpoint_id
      where ${claimable}
      order by d.next_attempt_at, d.id
      limit ${limit * CANDIDATE_FACTOR}
    ),
    ranked as (
      select
        id,
        row_number() over (partition by endpoint_id order by next_attempt_at, id) as endpoint_rank
      from candidate
    ),
    due as (
      select d.id
      from ${t.deliveries} d
      join ranked r on r.id = d.id
      where r.endpoint_rank <= ${perEndpointLimit} and ${eligible}
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked
    )
  `;
}

function toClaimedDelivery(row: ClaimRow): ClaimedDelivery {
  return {
    delivery: toDeliveryRecord(row),
    message: toMessageRecord({
      id: row.message_id,
      event_type: row.message_event_type,
      body: row.message_body,
      idempotency_key: row.message_idempotency_key,
      created_at: row.message_created_at,
      tenant: row.message_tenant,
    }),
    endpoint: toEndpointRecord({
      id: row.endpoint_id,
      url: row.endpoint_url,
      scheme: row.endpoint_scheme,
      secrets: row.endpoint_secrets,
      status: row.endpoint_status,
      paused_until: row.endpoint_paused_until,
      consecutive_failures: row.endpoint_consecutive_failures,
      failing_since: row.endpoint_failing_since,
      disabled_reason: row.endpoint_disabled_reason,
      disabled_cause: row.endpoint_disabled_cause,
      disabled_at: row.endpoint_disabled_at,
      last_success_at: row.endpoint_last_success_at,
      last_failure_at: row.endpoint_last_failure_at,
      previous_secrets: row.endpoint_previous_secrets,
      previous_secrets_expire_at: row.endpoint_previous_secrets_expire_at,
      registered: row.endpoint_registered,
      tenant: row.endpoint_tenant,
      event_types: row.endpoint_event_types,
      description: row.endpoint_description,
      metadata: row.endpoint_metadata,
      timeout_ms: row.endpoint_timeout_ms,
      concurrency: row.endpoint_concurrency,
      deleted_at: row.endpoint_deleted_at,
    }),
  };
}
