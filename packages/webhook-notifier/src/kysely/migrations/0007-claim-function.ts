import { type Kysely, type Migration, sql } from 'kysely';
import {
  claimFunctionName,
  regclassText,
  settleFunctionName,
  webhookTables,
} from '../webhook-database.js';
import { settleFunctionSql } from './0002-settle-function.js';

/**
 * PostgreSQL CPU per delivered message (issue 16):
 * - the claim statement becomes the `dramarelay_webhook_claim` PL/pgSQL function, as the
 *   settle statement did in 0002: PostgreSQL keeps its plan instead of parsing and planning
 *   a long statement of a dozen CTEs for every claim (measured: about 1.5 ms of planning
 *   per claim, 25 µs per delivered message at 64 a claim; see packages/bench/PG-COST.md);
 * - `webhook_deliveries` pages keep 60 % of their room free (fillfactor 40, was 80; new pages
 *   only, existing rows stay where they are): the claim rewrites each due row with its lease,
 *   and a page of due rows claimed together needs room for all their new versions (a little
 *   longer, with the lease) at once for the update to be HOT, with no new entry in any of the
 *   table's eight indexes. At 80 about three in four claim updates moved to another page and
 *   wrote eight index entries; at 50, about one in nine;
 * - the settle function also hands each finished keyed delivery's turn to the next of its
 *   key (same arguments and result): `settleOutcomes` sent that part beside the call as a CTE
 *   of its own, which made the whole statement parsed and planned again for every batch.
 * Later changes to the claim statement come as new migrations (`create or replace
 * function`), never edits of this one.
 */
export function createClaimFunctionMigration(schema?: string): Migration {
  const t = webhookTables(schema);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs before any table type exists
    async up(db: Kysely<any>) {
      await sql`alter table ${t.deliveries} set (fillfactor = 40)`.execute(db);
      await settleFunctionSql(schema, {
        replace: true,
        lastAttemptTimes: true,
        handOver: true,
      }).execute(db);
      await sql`
        create function ${claimFunctionName(schema)}(
          p_now timestamptz, p_limit integer, p_worker_id text, p_lease_expires_at timestamptz,
          p_skip_endpoint_ids text[], p_per_endpoint_limit integer, p_candidates integer,
          p_set_aside_until timestamptz, p_burst_seconds double precision
        )
        returns table (${sql.raw(CLAIM_COLUMNS)})
        language plpgsql
        -- The estimates of the rate-limited branch (its limits are parameters) pass
        -- jit_optimize_above_cost on a large backlog, and JIT then costs ~1.4 s a claim.
        set jit = off
        as ${sql.lit(claimBody(claimTables(schema)))}`.execute(db);
      // The same for the settle function: batches of tens of rows never repay compiling.
      await sql`alter function ${settleFunctionName(schema)} set jit = off`.execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see `up`
    async down(db: Kysely<any>) {
      await sql`drop function ${claimFunctionName(schema)}`.execute(db);
      await sql`drop function ${settleFunctionName(schema)}`.execute(db);
      await settleFunctionSql(schema, { lastAttemptTimes: true }).execute(db);
      await sql`alter table ${t.deliveries} set (fillfactor = 80)`.execute(db);
    },
  };
}

/** What the function returns: the delivery row, then its message's and endpoint's fields. */
const CLAIM_COLUMNS = `
  id text, message_id text, endpoint_id text, status text, attempts integer,
  attempt_base integer, next_attempt_at timestamptz, lease_owner text,
  lease_expires_at timestamptz, last_error text, last_status_code integer,
  last_attempt_at timestamptz, created_at timestamptz, updated_at timestamptz,
  ordering_key text, ordering_seq bigint,
  message_event_type text, message_body bytea, message_idempotency_key text,
  message_created_at timestamptz, message_traceparent text, message_tenant text,
  endpoint_url text, endpoint_scheme text, endpoint_secrets text[], endpoint_status text,
  endpoint_paused_until timestamptz, endpoint_consecutive_failures integer,
  endpoint_failing_since timestamptz, endpoint_disabled_reason text,
  endpoint_disabled_cause text, endpoint_disabled_at timestamptz,
  endpoint_last_success_at timestamptz, endpoint_last_failure_at timestamptz,
  endpoint_previous_secrets text[], endpoint_previous_secrets_expire_at timestamptz,
  endpoint_rate_limit_per_second double precision, endpoint_registered boolean,
  endpoint_tenant text, endpoint_event_types text[], endpoint_description text,
  endpoint_metadata jsonb, endpoint_timeout_ms integer, endpoint_concurrency integer,
  endpoint_deleted_at timestamptz`;

interface ClaimTables {
  endpoints: string;
  messages: string;
  deliveries: string;
}

function claimTables(schema?: string): ClaimTables {
  const quoted = (name: string) => regclassText(schema, name);
  return {
    endpoints: quoted('webhook_endpoints'),
    messages: quoted('webhook_messages'),
    deliveries: quoted('webhook_deliveries'),
  };
}

/**
 * The statement `claimDue` sent until this migration, its parameters named (see
 * `claim-due.ts` for what each part does). Two forms: the plain walk of the due index when no
 * per-endpoint cap binds (`p_per_endpoint_limit` null or at least `p_limit`), and the walk
 * that ranks `p_candidates` rows per endpoint first; each keeps a plan of its own.
 */
export function claimBody(t: ClaimTables): string {
  const eligible = `
    d.status = 'pending'
    and d.next_attempt_at <= p_now
    and (d.lease_expires_at is null or d.lease_expires_at <= p_now)`;
  const head = `
    (d.ordering_key is null or not exists (
      select from ${t.deliveries} earlier
      where earlier.endpoint_id = d.endpoint_id and earlier.ordering_key = d.ordering_key
        and earlier.status = 'pending' and earlier.ordering_seq < d.ordering_seq
    ))`;
  const endpointOpen = `
    e.status = 'active'
    and (e.paused_until is null or e.paused_until <= p_now)
    and e.id <> all(p_skip_endpoint_ids)`;
  const claimable = `${eligible} and ${endpointOpen} and e.rate_limit_per_second is null and ${head}`;
  const earliestDue = `
    open_due as (
      select d.id, d.next_attempt_at
      from ${t.deliveries} d
      join ${t.endpoints} e on e.id = d.endpoint_id
      where ${claimable}
      order by d.next_attempt_at, d.id
      limit p_limit
      for update of d skip locked
    )`;
  const earliestDuePerEndpoint = `
    candidate as (
      select d.id, d.endpoint_id, d.next_attempt_at
      from ${t.deliveries} d
      join ${t.endpoints} e on e.id = d.endpoint_id
      where ${claimable}
      order by d.next_attempt_at, d.id
      limit p_candidates
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
      where r.endpoint_rank <= p_per_endpoint_limit and ${eligible}
      order by d.next_attempt_at, d.id
      limit p_limit
      for update of d skip locked
    )`;
  const burst = 'greatest(1, e.rate_limit_per_second * p_burst_seconds)';
  const elapsed = 'greatest(0, extract(epoch from (p_now - e.rate_refilled_at)))';
  const refilled = `coalesce(e.rate_tokens + ${elapsed} * e.rate_limit_per_second, ${burst})`;
  const cap = 'least(coalesce(p_per_endpoint_limit, p_limit), p_limit)';
  const statement = (open: string) => `
    with ${open},
    bucket as (
      select
        e.id as endpoint_id,
        least(${burst}, ${refilled}) as tokens,
        greatest(e.rate_refilled_at, p_now) as refilled_at
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
    ),
    due as (
      select id from (
        select id, next_attempt_at from open_due
        union all
        select id, next_attempt_at from limited_due
      ) both_due
      order by next_attempt_at, id
      limit p_limit
    ),
    claimed as (
      update ${t.deliveries} d
      set lease_owner = p_worker_id, lease_expires_at = p_lease_expires_at
      from due
      where d.id = due.id
      returning d.*
    ),
    set_aside as (
      update ${t.deliveries} waiting
      set next_attempt_at = p_set_aside_until
      from (
        select d.id
        from (
          select id
          from ${t.deliveries}
          where status = 'pending' and ordering_key is not null and next_attempt_at <= p_now
          order by next_attempt_at, id
          limit p_candidates
        ) keyed
        join ${t.deliveries} d on d.id = keyed.id
        where ${eligible} and not ${head}
        for update of d skip locked
      ) blocked
      where waiting.id = blocked.id
    ),
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
      c.id, c.message_id, c.endpoint_id, c.status, c.attempts, c.attempt_base,
      c.next_attempt_at, c.lease_owner, c.lease_expires_at, c.last_error, c.last_status_code,
      c.last_attempt_at, c.created_at, c.updated_at, c.ordering_key, c.ordering_seq,
      m.event_type, m.body, m.idempotency_key, m.created_at, m.traceparent, m.tenant,
      e.url, e.scheme, e.secrets, e.status, e.paused_until, e.consecutive_failures,
      e.failing_since, e.disabled_reason, e.disabled_cause, e.disabled_at, e.last_success_at,
      e.last_failure_at, e.previous_secrets, e.previous_secrets_expire_at,
      e.rate_limit_per_second, e.registered, e.tenant, e.event_types, e.description,
      e.metadata, e.timeout_ms, e.concurrency, e.deleted_at
    from claimed c
    join ${t.messages} m on m.id = c.message_id
    join ${t.endpoints} e on e.id = c.endpoint_id
    order by c.next_attempt_at, c.id`;
  return `
#variable_conflict use_column
begin
  if p_per_endpoint_limit is null or p_per_endpoint_limit >= p_limit then
    return query ${statement(earliestDue)};
  else
    return query ${statement(earliestDuePerEndpoint)};
  end if;
end`;
}
