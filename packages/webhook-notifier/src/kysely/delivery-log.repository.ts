import { type Kysely, sql } from 'kysely';
import type { DeliveryLogEntry, StoreSearchDeliveriesOptions } from '../store/admin-store.js';
import { type DeliveryRow, toDeliveryRecord } from './delivery.table.js';
import { deliveryFilterSql } from './delivery-filter-sql.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/**
 * Deliveries newest message first, keyset-paged on (message creation time, delivery id):
 * PostgreSQL walks the messages' `created_at` index backwards from the page's position, so
 * a page deep in the log costs what the first one does.
 */
export async function searchDeliveries(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  options: StoreSearchDeliveriesOptions,
): Promise<DeliveryLogEntry[]> {
  const { before } = options;
  const position =
    before === undefined
      ? sql`true`
      : sql`(m.created_at, d.id) < (${before.createdAt}, ${before.id})`;
  const { rows } = await sql<DeliveryRow & { event_type: string }>`
    select d.*, m.event_type
    from ${t.deliveries} d
    join ${t.messages} m on m.id = d.message_id
    where ${deliveryFilterSql(options.filter, t.endpoints)} and ${position}
    order by m.created_at desc, d.id desc
    limit ${options.limit}
  `.execute(db);
  return rows.map((row) => ({ ...toDeliveryRecord(row), eventType: row.event_type }));
}
