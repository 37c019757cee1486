import { type Kysely, sql } from 'kysely';
import type { EndpointWithBacklog, StoreListEndpointsOptions } from '../store/admin-store.js';
import { toEndpointRecord } from './endpoint.table.js';
import { endpointColumns } from './endpoints.repository.js';
import { ofTenant } from './event-type-match.js';
import type { WebhookDatabase } from './webhook-database.js';

/**
 * A page of endpoints in id order, with their pending counts. The counts come from the
 * pending rows only (the claim's partial index), never from the delivered history.
 */
export async function listEndpointsWithBacklog(
  db: Kysely<WebhookDatabase>,
  options: StoreListEndpointsOptions,
): Promise<EndpointWithBacklog[]> {
  let query = db.selectFrom('webhook_endpoints').select(endpointColumns);
  if (options.ids !== undefined) {
    query = query.where(sql<boolean>`id = any(${[...options.ids]}::text[])`);
  } else {
    query = query.where('deleted_at', 'is', null);
  }
  if (options.tenant !== undefined) query = query.where(ofTenant(sql`tenant`, options.tenant));
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  const rows = await query.orderBy('id').limit(options.limit).execute();
  if (rows.length === 0) return [];
  const counts = await db
    .selectFrom('webhook_deliveries')
    .select(['endpoint_id', (eb) => eb.fn.countAll<string>().as('count')])
    .where('status', '=', 'pending')
    .where(sql<boolean>`endpoint_id = any(${rows.map((row) => row.id)}::text[])`)
    .groupBy('endpoint_id')
    .execute();
  const pending = new Map(counts.map((row) => [row.endpoint_id, Number(row.count)]));
  return rows.map((row) => ({ ...toEndpointRecord(row), pendingCount: pending.get(row.id) ?? 0 }));
}
