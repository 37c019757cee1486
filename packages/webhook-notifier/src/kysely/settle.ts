import { type Kysely, sql } from 'kysely';
import type { DeliveryOutcome, SettleResult } from '../store/delivery-store.js';
import { type EndpointRow, toEndpointRecord } from './endpoint.table.js';
import { pgText } from './pg-text.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/**
 * Append every attempt, move every delivery on and keep each endpoint's failure run, in one
 * statement whatever the batch size: one round trip, atomic, row locks held for no longer.
 *
 * The outcomes travel as one typed array per column through `unnest ... with ordinality`,
 * so the statement text never changes (one plan, prepared-statement friendly) and the
 * outcome order is known to SQL. A delivery is only moved on while its lease is still the
 * one the attempt ran under: after a takeover, or a fresh claim by the same worker once the
 * lease expired, the attempt is kept as history and the current lease holder decides. Every attempt counts for its endpoint's failure run, whoever held the lease.
 */
export async function settleOutcomes(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  outcomes: readonly DeliveryOutcome[],
): Promise<SettleResult> {
  if (outcomes.length === 0) return { failingEndpoints: [] };
  const deliveryIds = outcomes.map((outcome) => outcome.deliveryId);
  const { rows } = await sql<EndpointRow>`
    with outcome as (
      select o.*, d.endpoint_id
      from unnest(
        ${deliveryIds}::text[],
        ${column(outcomes, (o) => o.workerId)}::text[],
        ${column(outcomes, (o) => o.leaseExpiresAt ?? null)}::timestamptz[],
        ${column(outcomes, (o) => o.status)}::text[],
        ${column(outcomes, (o) => (o.status === 'pending' ? o.nextAttemptAt : null))}::timestamptz[],
        ${column(outcomes, (o) => (o.status === 'delivered' ? null : pgText(o.error)))}::text[],
        ${column(outcomes, (o) => o.attempt.attempt)}::integer[],
        ${column(outcomes, (o) => o.attempt.startedAt)}::timestamptz[],
        ${column(outcomes, (o) => Math.round(o.attempt.durationMs))}::integer[],
        ${column(outcomes, (o) => o.attempt.statusCode)}::integer[],
        ${column(outcomes, (o) => o.attempt.errorClass)}::text[],
        ${column(outcomes, (o) => pgText(o.attempt.error))}::text[],
        ${column(outcomes, (o) => headersJson(o.attempt.responseHeaders))}::jsonb[],
        ${column(outcomes, (o) => pgText(o.attempt.responseExcerpt))}::text[]
      ) with ordinality as o(
        delivery_id, worker_id, lease_expires_at, status, next_attempt_at, last_error, attempt, started_at,
        duration_ms, status_code, error_class, error, response_headers, response_excerpt, ord
      )
      join ${t.deliveries} d on d.id = o.delivery_id
    ),
    appended as (
      insert into ${t.attempts} (
        delivery_id, attempt, started_at, duration_ms, status_code, error_class, error,
        response_headers, response_excerpt
      )
      select
        delivery_id, attempt, started_at, duration_ms, status_code, error_class, error,
        response_headers, response_excerpt
      from outcome
      order by ord
    ),
    moved as (
      update ${t.deliveries} d
      set
        status = o.status,
        attempts = greatest(d.attempts, o.attempt),
        next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at),
        lease_owner = null,
        lease_expires_at = null,
        last_error = o.last_error,
        last_status_code = o.status_code,
        last_attempt_at = o.started_at,
        updated_at = o.started_at + o.duration_ms * interval '1 millisecond'
      from outcome o
      where d.id = o.delivery_id and d.lease_owner = o.worker_id
        and (o.lease_expires_at is null or d.lease_expires_at = o.lease_expires_at)
    ),
    located as (
      select
        endpoint_id, ord, started_at,
        max(ord) filter (where status = 'delivered') over (partition by endpoint_id) as last_success
      from outcome
    ),
    run as (
      select
        endpoint_id,
        bool_or(last_success is not null) as succeeded,
        count(*) filter (where ord > coalesce(last_success, 0)) as failures,
        (array_agg(started_at order by ord) filter (where ord > coalesce(last_success, 0)))[1]
          as first_failure_at
      from located
      group by endpoint_id
    ),
    -- Concurrent settles touching the same endpoints take them one at a time, always in the
    -- same key order, so they never deadlock. Advisory, not row, locks: locking the rows
    -- first and then updating them in the same statement can itself deadlock under load.
    serialised as (
      select key, pg_advisory_xact_lock(hashtext('dramarelay_webhook_endpoint'), key)
      from (select distinct hashtext(endpoint_id) as key from run order by key) sorted
    ),
    tallied as (
      update ${t.endpoints} e
      set
        consecutive_failures = case
          when r.succeeded then r.failures else e.consecutive_failures + r.failures end,
        failing_since = case
          when r.succeeded then r.first_failure_at
          else coalesce(e.failing_since, r.first_failure_at) end,
        paused_until = case when r.succeeded then null else e.paused_until end,
        updated_at = now()
      from run r
      join serialised s on s.key = hashtext(r.endpoint_id)
      where e.id = r.endpoint_id
      returning e.*, r.failures
    )
    select
      id, url, scheme, secrets, status, paused_until, consecutive_failures, failing_since,
      disabled_reason
    from tallied
    where failures > 0
    order by id
  `.execute(db);
  return { failingEndpoints: rows.map(toEndpointRecord) };
}

function column<T>(outcomes: readonly DeliveryOutcome[], pick: (outcome: DeliveryOutcome) => T) {
  return outcomes.map(pick);
}

function headersJson(headers: Record<string, string>): string {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) clean[pgText(name)] = pgText(value);
  return JSON.stringify(clean);
}
