import { type Kysely, sql } from 'kysely';
import type {
  StoreReplayBatch,
  StoreReplayBatchOptions,
  StoreReplayCount,
  StoreReplayFilter,
} from '../store/admin-store.js';
import { deliveryFilterSql, messagesJoinSql } from './delivery-filter-sql.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

const asFilter = (filter: StoreReplayFilter) => ({ ...filter, statuses: [filter.status] });

/** The dry run: matching deliveries, split by whether their endpoint is disabled. */
export async function countReplayable(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  filter: StoreReplayFilter,
): Promise<StoreReplayCount> {
  const { rows } = await sql<{ matched: string; on_disabled: string }>`
    select
      count(*) filter (where e.status <> 'disabled') as matched,
      count(*) filter (where e.status = 'disabled') as on_disabled
    from ${t.deliveries} d
    ${messagesJoinSql(filter, t.messages)}
    join ${t.endpoints} e on e.id = d.endpoint_id
    where ${deliveryFilterSql(asFilter(filter), t.endpoints)}
  `.execute(db);
  const row = rows[0];
  return { matched: Number(row?.matched ?? 0), onDisabledEndpoints: Number(row?.on_disabled ?? 0) };
}

/**
 * One batch of a replay, one statement: pick the next matching rows in id order (failed ones
 * through their partial index), lock them skipping any another replay holds, and restart
 * them as `redeliver` does. Rows stay locked for this one statement only; a claim never
 * waits for them (it only looks at pending rows, and skips locked ones).
 */
export async function replayBatch(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  filter: StoreReplayFilter,
  options: StoreReplayBatchOptions,
): Promise<StoreReplayBatch> {
  const after = options.after === undefined ? sql`true` : sql`d.id > ${options.after}`;
  const { rows } = await sql<{ replayed: number; last: string | null }>`
    with batch as (
      select d.id
      from ${t.deliveries} d
      ${messagesJoinSql(filter, t.messages)}
      join ${t.endpoints} e on e.id = d.endpoint_id
      where ${deliveryFilterSql(asFilter(filter), t.endpoints)} and ${after} and e.status <> 'disabled'
      order by d.id
      limit ${options.limit}
      for update of d skip locked
    ),
    restarted as (
      update ${t.deliveries} d
      set status = 'pending', next_attempt_at = ${options.now}, attempt_base = d.attempts,
        lease_owner = null, lease_expires_at = null, updated_at = ${options.now}
      from batch
      where d.id = batch.id
      returning d.id
    )
    select count(*)::integer as replayed, max(id) as last from restarted
  `.execute(db);
  const row = rows[0];
  return { replayed: row?.replayed ?? 0, last: row?.last ?? null };
}
