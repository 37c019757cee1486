import { type Kysely, sql } from 'kysely';
import type { StoreStats, StoreStatsOptions, StoreStatsRow } from '../store/admin-store.js';
import { tenantScopeSql } from './delivery-filter-sql.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

interface StatsRow {
  endpoint_id: string;
  messages: string | null;
  deliveries: string | null;
  delivered: string | null;
  failed: string | null;
  pending: string | null;
  cancelled: string | null;
  attempts: string | null;
  first_attempts: string | null;
  first_attempts_delivered: string | null;
  percentiles: number[] | null;
}

/**
 * The window's figures in one statement, computed by PostgreSQL: only the window's rows are
 * read, found by index (messages by `created_at`, each with its deliveries by `message_id`;
 * attempts by `started_at`, carrying their endpoint since migration 0003). `grouping sets` give the
 * per-endpoint rows and the overall row (keyed `''`, never an endpoint id) in one pass, and
 * `percentile_cont` the latency percentiles.
 */
export async function deliveryStats(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  options: StoreStatsOptions,
): Promise<StoreStats> {
  const { since, until } = options;
  const scope = sql.join(
    [
      sql`true`,
      ...(options.endpointIds === undefined
        ? []
        : [sql`d.endpoint_id = any(${[...options.endpointIds]}::text[])`]),
      ...(options.tenant === undefined ? [] : [tenantScopeSql(options.tenant, t.endpoints)]),
    ],
    sql` and `,
  );
  const key = sql`case when grouping(endpoint_id) = 1 then '' else endpoint_id end`;
  const query = sql<StatsRow>`
    with window_deliveries as (
      select d.endpoint_id, d.message_id, d.status
      from ${t.messages} m
      cross join lateral (
        -- offset 0 keeps this a lookup by message_id per message: flattened into a join,
        -- the planner would rather hash the whole deliveries table.
        select endpoint_id, message_id, status from ${t.deliveries} where message_id = m.id
        offset 0
      ) d
      where m.created_at >= ${since} and m.created_at < ${until} and ${scope}
    ),
    window_attempts as (
      select d.endpoint_id, d.attempt, d.error_class, d.duration_ms
      from (
        select a.attempt, a.error_class, a.duration_ms, coalesce(
          a.endpoint_id,
          (select endpoint_id from ${t.deliveries} where id = a.delivery_id)
        ) as endpoint_id
        from ${t.attempts} a
        where a.started_at >= ${since} and a.started_at < ${until}
      ) d
      where ${scope}
    ),
    delivery_figures as (
      select ${key} as key,
        count(distinct message_id) as messages,
        count(*) as deliveries,
        count(*) filter (where status = 'delivered') as delivered,
        count(*) filter (where status = 'failed') as failed,
        count(*) filter (where status = 'pending') as pending,
        count(*) filter (where status = 'cancelled') as cancelled
      from window_deliveries
      group by grouping sets ((endpoint_id), ())
    ),
    attempt_figures as (
      select ${key} as key,
        count(*) as attempts,
        count(*) filter (where attempt = 1) as first_attempts,
        count(*) filter (where attempt = 1 and error_class is null) as first_attempts_delivered,
        percentile_cont(array[0.5, 0.95, 0.99]) within group (order by duration_ms)
          as percentiles
      from window_attempts
      group by grouping sets ((endpoint_id), ())
    )
    select coalesce(df.key, af.key) as endpoint_id, df.messages, df.deliveries, df.delivered,
      df.failed, df.pending, df.cancelled, af.attempts, af.first_attempts,
      af.first_attempts_delivered, af.percentiles
    from delivery_figures df
    full join attempt_figures af on af.key = df.key
    order by endpoint_id
  `;
  // A few hundred milliseconds of JIT compilation would cost more than it saves here.
  const { rows } = await db.transaction().execute(async (tx) => {
    await sql`set local jit = off`.execute(tx);
    return query.execute(tx);
  });
  const overall = rows.find((row) => row.endpoint_id === '');
  return {
    overall: toStatsRow(overall),
    endpoints: rows
      .filter((row) => row.endpoint_id !== '' && !isEmpty(row))
      .map((row) => ({ endpointId: row.endpoint_id, ...toStatsRow(row) })),
  };
}

/** A grouping-set row for an endpoint with nothing in the window (e.g. no attempts either). */
function isEmpty(row: StatsRow): boolean {
  return Number(row.deliveries ?? 0) === 0 && Number(row.attempts ?? 0) === 0;
}

function toStatsRow(row: StatsRow | undefined): StoreStatsRow {
  const count = (value: string | null | undefined) => Number(value ?? 0);
  const [p50 = null, p95 = null, p99 = null] = row?.percentiles ?? [];
  return {
    messages: count(row?.messages),
    deliveries: count(row?.deliveries),
    delivered: count(row?.delivered),
    failed: count(row?.failed),
    pending: count(row?.pending),
    cancelled: count(row?.cancelled),
    attempts: count(row?.attempts),
    firstAttempts: count(row?.first_attempts),
    firstAttemptsDelivered: count(row?.first_attempts_delivered),
    p50Ms: p50,
    p95Ms: p95,
    p99Ms: p99,
  };
}
