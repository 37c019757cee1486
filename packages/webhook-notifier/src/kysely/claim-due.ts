import { type Kysely, type RawBuilder, sql } from 'kysely';
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
 * head of each ordering key is claimable, and rate-limited endpoints spend their token bucket
 * in the same statement (see `rateLimitedDue`).
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
  // Only the first pending delivery of its (endpoint, ordering key) may go: while an earlier
  // one is pending (due, retrying, or leased to a worker), the later ones wait. A head that is
  // leased is pending too, so no second delivery of the key is ever claimable beside it.
  const head = sql`
    (d.ordering_key is null or not exists (
      select from ${t.deliveries} earlier
      where earlier.endpoint_id = d.endpoint_id and earlier.ordering_key = d.ordering_key
        and earlier.status = 'pending' and earlier.ordering_seq < d.ordering_seq
    ))
  `;
  const endpointOpen = sql`
    e.status = 'active'
    and (e.paused_until is null or e.paused_until <= ${now})
    and e.id <> all(${skip}::text[])
  `;
  // Endpoints without a rate limit: the earliest due rows, walking the due index.
  const claimable = sql`
    ${eligible}
    and ${endpointOpen}
    and e.rate_limit_per_second is null
    and ${head}
  `;
  const open =
    perEndpointLimit === undefined || perEndpointLimit >= limit
      ? earliestDue(t, claimable, limit)
      : earliestDuePerEndpoint(t, claimable, eligible, limit, perEndpointLimit);
  const limited = rateLimitedDue(t, { now, eligible, head, endpointOpen, limit, perEndpointLimit });
  const { rows } = await sql<ClaimRow>`
    with ${open},
    ${limited},
    due as (
      select id from (
        select id, next_attempt_at from open_due
        union all
        select id, next_attempt_at from limited_due
      ) both_due
      order by next_attempt_at, id
      limit ${limit}
    ),
    claimed as (
      update ${t.deliveries} d
      set lease_owner = ${workerId}, lease_expires_at = ${leaseExpiresAt}
      from due
      where d.id = due.id
      returning d.*
    ),
    ${setAside(t, { now, eligible, head, limit })},
    spent as (
      update ${t.endpoints} e
      set rate_tokens = b.tokens - coalesce(taken.count, 0), rate_refilled_at = b.refilled_at
      from bucket b
      left join (
        select endpoint_id, count(*) as count from claimed group by endpoint_id
      ) taken on taken.endpoint_id = b.endpoint_id
      where e.id = b.endpoint_id
    )
    select
      c.*,
      m.event_type as message_event_type,
      m.body as message_body,
      m.idempotency_key as message_idempotency_key,
      m.created_at as message_created_at,
      m.traceparent as message_traceparent,
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
      e.rate_limit_per_second as endpoint_rate_limit_per_second,
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
    open_due as (
      select d.id, d.next_attempt_at
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
    open_due as (
      select d.id, d.next_attempt_at
      from ${t.deliveries} d
      join ranked r on r.id = d.id
      where r.endpoint_rank <= ${perEndpointLimit} and ${eligible}
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked
    )
  `;
}

/**
 * Sets aside the keyed deliveries among the earliest due ones (their own partial index: no
 * cost without keys) that wait for an earlier delivery of their key: due again in
 * `SET_ASIDE_MS`, or as soon as that one settles. Rows another claim holds are left alone.
 */
function setAside(
  t: WebhookTables,
  parts: { now: Date; eligible: RawBuilder<unknown>; head: RawBuilder<unknown>; limit: number },
) {
  const { now, eligible, head, limit } = parts;
  return sql`
    set_aside as (
      update ${t.deliveries} waiting
      set next_attempt_at = ${new Date(now.getTime() + SET_ASIDE_MS)}
      from (
        select d.id
        from (
          select id
          from ${t.deliveries}
          where status = 'pending' and ordering_key is not null and next_attempt_at <= ${now}
          order by next_attempt_at, id
          limit ${limit * CANDIDATE_FACTOR}
        ) keyed
        join ${t.deliveries} d on d.id = keyed.id
        where ${eligible} and not ${head}
        for update of d skip locked
      ) blocked
      where waiting.id = blocked.id
    )
  `;
}

interface RateLimitedParts {
  now: Date;
  eligible: RawBuilder<unknown>;
  head: RawBuilder<unknown>;
  endpointOpen: RawBuilder<unknown>;
  limit: number;
  perEndpointLimit: number | undefined;
}

/**
 * Rate-limited endpoints, apart from the due-index walk so that a long limited backlog never
 * fills the claim's window and holds other endpoints back. Each endpoint with due work and a
 * token to spend is locked (`skip locked`: one claim at a time spends an endpoint's bucket;
 * the others leave that endpoint for later and never wait), its bucket refilled to `now`
 * (capped at `RATE_BURST_SECONDS`' worth, at least one), and its earliest due deliveries taken
 * up to the whole tokens it holds. `spent` writes back what the claim took. A row lock
 * returns the newest committed bucket even when it changed after this statement began, so
 * two claims never spend the same tokens. `d.endpoint_id > ''` (true of every id) selects the
 * partial index kept for this path (migration 0005). The probes are written as correlated
 * subqueries and an id array so that, without rate-limited endpoints, nothing here reads the
 * deliveries at all (a join could be planned as a scan of the whole table).
 */
function rateLimitedDue(t: WebhookTables, parts: RateLimitedParts) {
  const { now, eligible, head, endpointOpen, limit, perEndpointLimit } = parts;
  const burst = sql`greatest(1, e.rate_limit_per_second * ${RATE_BURST_SECONDS})`;
  const elapsed = sql`greatest(0, extract(epoch from (${now}::timestamptz - e.rate_refilled_at)))`;
  const refilled = sql`coalesce(e.rate_tokens + ${elapsed} * e.rate_limit_per_second, ${burst})`;
  const cap = Math.min(perEndpointLimit ?? limit, limit);
  return sql`
    bucket as (
      select
        e.id as endpoint_id,
        least(${burst}, ${refilled}) as tokens,
        greatest(e.rate_refilled_at, ${now}::timestamptz) as refilled_at
      from ${t.endpoints} e
      where e.rate_limit_per_second is not null
        and ${endpointOpen}
        and ${refilled} >= 1
        and coalesce((
          select true from ${t.deliveries} d
          where d.endpoint_id = e.id and d.endpoint_id > '' and ${eligible} and ${head}
          limit 1
        ), false)
      order by e.id
      for no key update of e skip locked
    ),
    limited_due as (
      select d.id, d.next_attempt_at
      from ${t.deliveries} d
      where d.id = any(array(
        select pick.id
        from bucket b
        cross join lateral (
          select d.id
          from ${t.deliveries} d
          where d.endpoint_id = b.endpoint_id and d.endpoint_id > '' and ${eligible} and ${head}
          order by d.next_attempt_at, d.id
          limit least(floor(b.tokens)::integer, ${cap})
        ) pick
      )) and ${eligible}
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
