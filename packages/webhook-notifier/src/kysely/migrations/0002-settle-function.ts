import { type Kysely, type Migration, type RawBuilder, sql } from 'kysely';
import { regclassText, settleFunctionName } from '../webhook-database.js';

/**
 * The statement creating the function; `replace` and `lastAttemptTimes` for migration 0003
 * (same arguments and result, so `create or replace` keeps every caller working).
 */
export function settleFunctionSql(
  schema: string | undefined,
  options: { replace?: boolean; lastAttemptTimes?: boolean; handOver?: boolean } = {},
): RawBuilder<unknown> {
  const verb = options.replace === true ? sql`create or replace function` : sql`create function`;
  const body = settleBody(settleTables(schema), options);
  return sql`
        ${verb} ${settleFunctionName(schema)}(
          p_delivery_ids text[], p_worker_ids text[], p_lease_expires_at timestamptz[],
          p_statuses text[], p_next_attempt_at timestamptz[], p_last_errors text[],
          p_attempts integer[], p_started_at timestamptz[], p_duration_ms integer[],
          p_status_codes integer[], p_error_classes text[], p_errors text[],
          p_response_headers jsonb[], p_response_excerpts text[]
        )
        returns table (
          id text, url text, scheme text, secrets text[], status text, paused_until timestamptz,
          consecutive_failures integer, failing_since timestamptz, disabled_reason text
        )
        language plpgsql
        as ${sql.lit(body)}`;
}

/** The tables, quoted and qualified with the schema when there is one, for the body's text. */
export function settleTables(schema?: string): SettleTables {
  const quoted = (name: string) => regclassText(schema, name);
  return {
    endpoints: quoted('webhook_endpoints'),
    deliveries: quoted('webhook_deliveries'),
    attempts: quoted('webhook_attempts'),
  };
}

/**
 * The settle statement as a PL/pgSQL function, so that PostgreSQL caches its plan instead of
 * parsing and planning a long statement for every batch: measured here, about a tenth of the
 * server's CPU per delivery at the engine's batch sizes of about 50. Kysely has no prepared
 * statements; a function call is the portable way to get the same. Later changes to the
 * statement come as new migrations (`create or replace function`), never edits of this one.
 *
 * Arguments are one array per column of the outcomes, in batch order; it returns the
 * endpoints whose run of failures grew. The body is the statement `settleOutcomes` used to
 * send, with its parameters named; see `settle.ts` for what each part does.
 */
export function createSettleFunctionMigration(schema?: string): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs before any table type exists
    async up(db: Kysely<any>) {
      await settleFunctionSql(schema).execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see `up`
    async down(db: Kysely<any>) {
      await sql`drop function ${settleFunctionName(schema)}`.execute(db);
    },
  };
}

/** The quoted table names the settle function's body refers to. */
export interface SettleTables {
  endpoints: string;
  deliveries: string;
  attempts: string;
}

/**
 * The function's body. `lastAttemptTimes` (migration 0003) also keeps each endpoint's
 * `last_success_at` and `last_failure_at` and writes each attempt's `endpoint_id`;
 * `handOver` (migration 0007) also makes the next pending delivery of each finished keyed
 * delivery's ordering key due (sent beside the call as a CTE of its own until then); without
 * them the text is exactly what this migration has always created.
 */
export function settleBody(
  t: SettleTables,
  options: { lastAttemptTimes?: boolean; handOver?: boolean } = {},
): string {
  const v3 = options.lastAttemptTimes === true;
  const handOver =
    options.handOver === true
      ? `
      handed_over as (
        update ${t.deliveries} successor_row
        set next_attempt_at = least(successor_row.next_attempt_at, f.started_at)
        from outcome f
        join ${t.deliveries} done on done.id = f.delivery_id and done.ordering_key is not null
        cross join lateral (
          select later.id
          from ${t.deliveries} later
          where later.endpoint_id = done.endpoint_id and later.ordering_key = done.ordering_key
            and later.status = 'pending' and later.id <> done.id
            and later.ordering_seq > done.ordering_seq
          order by later.ordering_seq
          limit 1
        ) successor
        where f.status <> 'pending' and successor_row.id = successor.id
      ),`
      : '';
  return `
#variable_conflict use_column
begin
  return query
      with outcome as (
        select o.*, d.endpoint_id
        from unnest(
          p_delivery_ids,
          p_worker_ids,
          p_lease_expires_at,
          p_statuses,
          p_next_attempt_at,
          p_last_errors,
          p_attempts,
          p_started_at,
          p_duration_ms,
          p_status_codes,
          p_error_classes,
          p_errors,
          p_response_headers,
          p_response_excerpts
        ) with ordinality as o(
          delivery_id, worker_id, lease_expires_at, status, next_attempt_at, last_error, attempt, started_at,
          duration_ms, status_code, error_class, error, response_headers, response_excerpt, ord
        )
        join ${t.deliveries} d on d.id = o.delivery_id
      ),${handOver}
      appended as (
        insert into ${t.attempts} (
          delivery_id, attempt, started_at, duration_ms, status_code, error_class, error,
          response_headers, response_excerpt${v3 ? ', endpoint_id' : ''}
        )
        select
          delivery_id, attempt, started_at, duration_ms, status_code, error_class, error,
          response_headers, response_excerpt${v3 ? ', endpoint_id' : ''}
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
          endpoint_id, ord, started_at,${v3 ? ' status,' : ''}
          max(ord) filter (where status = 'delivered') over (partition by endpoint_id) as last_success
        from outcome
      ),
      run as (
        select
          endpoint_id,
          bool_or(last_success is not null) as succeeded,
          count(*) filter (where ord > coalesce(last_success, 0)) as failures,
          (array_agg(started_at order by ord) filter (where ord > coalesce(last_success, 0)))[1]
            as first_failure_at${
              v3
                ? `,
          max(started_at) filter (where status = 'delivered') as last_success_at,
          max(started_at) filter (where status <> 'delivered') as last_failure_at`
                : ''
            }
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
          paused_until = case when r.succeeded then null else e.paused_until end,${
            v3
              ? `
          last_success_at = greatest(e.last_success_at, r.last_success_at),
          last_failure_at = greatest(e.last_failure_at, r.last_failure_at),`
              : ''
          }
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
  ;
end`;
}
