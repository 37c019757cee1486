import { type Kysely, sql } from 'kysely';
import type { ClaimedDelivery, ClaimOptions, DisabledCause } from '../store/delivery-store.js';
import { RATE_BURST_SECONDS } from '../store/rate-bucket.js';
import { type DeliveryRow, toDeliveryRecord } from './delivery.table.js';
import { toEndpointRecord } from './endpoint.table.js';
import { toMessageRecord } from './message.table.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/** With a per-endpoint cap, the claim ranks this many times `limit` of the earliest due rows. */
const CANDIDATE_FACTOR = 10;
/**
 * A keyed delivery found waiting for an earlier one of its key is set aside this long (its
 * `next_attempt_at` moved on), so claims stop walking over it; the settle that finishes its
 * predecessor makes it due again at once. The wait only shows if that hand-over is missed
 * (a claim and a settle crossing): then the delivery goes this much later.
 */
const SET_ASIDE_MS = 10_000;

interface ClaimRow extends DeliveryRow {
  message_event_type: string;
  message_body: Uint8Array;
  message_idempotency_key: string | null;
  message_created_at: Date;
  message_traceparent: string | null;
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
  endpoint_rate_limit_per_second: number | null;
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
 * share a row), stamp the lease, and return them with their message and endpoint. Only the
 * head of each ordering key is claimable: a keyed delivery waiting for an earlier one of its
 * key is set aside (`SET_ASIDE_MS`). Endpoints without a rate limit are taken from the walk of
 * the due index (at most `perEndpointLimit` each, ranked among `CANDIDATE_FACTOR` times
 * `limit` of the earliest due rows); rate-limited endpoints apart from it, each locked
 * `skip locked`, its token bucket refilled to `now` (capped at `RATE_BURST_SECONDS`' worth)
 * and spent in the same statement, so two claims never spend the same tokens.
 *
 * The statement lives in the `dramarelay_webhook_claim` function (migration 0007, where it is
 * shown part by part), whose plan PostgreSQL keeps: sent as text, its dozen CTEs were parsed
 * and planned again for every claim.
 */
export async function claimDue(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  const { now, limit, workerId, leaseMs, perEndpointLimit } = options;
  if (limit <= 0 || (perEndpointLimit !== undefined && perEndpointLimit <= 0)) return [];
  const { rows } = await sql<ClaimRow>`
    select * from ${t.claim}(
      ${now}::timestamptz,
      ${limit}::integer,
      ${workerId}::text,
      ${new Date(now.getTime() + leaseMs)}::timestamptz,
      ${[...(options.skipEndpointIds ?? [])]}::text[],
      ${perEndpointLimit ?? null}::integer,
      ${limit * CANDIDATE_FACTOR}::integer,
      ${new Date(now.getTime() + SET_ASIDE_MS)}::timestamptz,
      ${RATE_BURST_SECONDS}::double precision
    )
  `.execute(db);
  return rows.map(toClaimedDelivery);
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
      traceparent: row.message_traceparent,
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
      rate_limit_per_second: row.endpoint_rate_limit_per_second,
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
