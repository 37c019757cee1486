import { type Kysely, sql } from 'kysely';
import type { StoreBacklog } from '../store/admin-store.js';
import { toNullableDate } from './row-values.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

interface BacklogRow {
  pending: string;
  oldest_pending_at: Date | string | null;
  active: string;
  paused: string;
  disabled: string;
}

/**
 * The backlog in one statement. The pending rows are read through the claim's partial index
 * (`status = 'pending'`), so a scrape costs what `countPending` costs, whatever the size of
 * the delivered history.
 */
export async function backlog(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  now: Date,
): Promise<StoreBacklog> {
  const { rows } = await sql<BacklogRow>`
    with queue as (
      select count(*) as pending, min(created_at) as oldest_pending_at
      from ${t.deliveries}
      where status = 'pending'
    ),
    states as (
      select
        count(*) filter (where status <> 'disabled' and (paused_until is null
          or paused_until <= ${now})) as active,
        count(*) filter (where status <> 'disabled' and paused_until > ${now}) as paused,
        count(*) filter (where status = 'disabled') as disabled
      from ${t.endpoints}
    )
    select * from queue cross join states
  `.execute(db);
  const row = rows[0] as BacklogRow;
  return {
    pending: Number(row.pending),
    oldestPendingAt: toNullableDate(row.oldest_pending_at),
    endpoints: {
      active: Number(row.active),
      paused: Number(row.paused),
      disabled: Number(row.disabled),
    },
  };
}
