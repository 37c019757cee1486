import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DeliveryRecord, ListDeliveriesOptions } from '../store/delivery-store.js';
import { toDeliveryRecord } from './delivery.table.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

const DEFAULT_LIST_LIMIT = 100;

export async function getDelivery(
  db: Kysely<WebhookDatabase>,
  id: string,
): Promise<DeliveryRecord | undefined> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toDeliveryRecord(row);
}

/** Deliveries in id (time) order, filtered, a page at a time (`after` the last id seen). */
export async function listDeliveries(
  db: Kysely<WebhookDatabase>,
  options: ListDeliveriesOptions = {},
): Promise<DeliveryRecord[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll();
  if (options.status !== undefined) query = query.where('status', '=', options.status);
  if (options.endpointId !== undefined) query = query.where('endpoint_id', '=', options.endpointId);
  if (options.messageId !== undefined) query = query.where('message_id', '=', options.messageId);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  const rows = await query
    .orderBy('id')
    .limit(options.limit ?? DEFAULT_LIST_LIMIT)
    .execute();
  return rows.map(toDeliveryRecord);
}

/** Drop this worker's leases; deliveries leased by someone else are left alone. */
export async function releaseDeliveries(
  db: Kysely<WebhookDatabase>,
  deliveryIds: readonly string[],
  workerId: string,
): Promise<void> {
  if (deliveryIds.length === 0) return;
  await db
    .updateTable('webhook_deliveries')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('id', 'in', deliveryIds)
    .where('lease_owner', '=', workerId)
    .execute();
}

/**
 * Pending again, due now, retry schedule restarted. Clearing the lease means a worker still
 * holding the delivery cannot settle it over the top of this. A delivery with an ordering key
 * goes to the end of its key's queue.
 */
export async function redeliver(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  id: string,
  now: Date,
): Promise<DeliveryRecord | undefined> {
  const row = await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: 'pending',
      next_attempt_at: now,
      attempt_base: eb.ref('attempts'),
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now,
      ordering_seq: orderingSeqRestart(t),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toDeliveryRecord(row);
}

/** Which of these deliveries this connection can see: those whose transaction committed. */
export async function visibleDeliveries(
  db: Kysely<WebhookDatabase>,
  ids: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('id', '=', sql<string>`any(${[...ids]}::text[])`)
    .execute();
  return rows.map((row) => row.id);
}

export async function countPending(db: Kysely<WebhookDatabase>): Promise<number> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A restarted delivery's new place in its ordering key's queue: the end (none without a key). */
export function orderingSeqRestart(t: WebhookTables): RawBuilder<string | null> {
  return sql<string | null>`case when ordering_key is null then null else ${t.nextOrderingSeq} end`;
}
