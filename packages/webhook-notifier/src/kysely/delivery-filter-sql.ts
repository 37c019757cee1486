import { type RawBuilder, sql } from 'kysely';
import type { StoreDeliveryFilter } from '../store/admin-store.js';
import { ofTenant } from './event-type-match.js';

/**
 * A filter as SQL conditions over deliveries `d` joined to their messages `m`, each one
 * `and`-ed on (so `true` when empty). The window is on `m.created_at`, which its index serves.
 */
export function deliveryFilterSql(
  filter: StoreDeliveryFilter,
  endpoints: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (filter.endpointIds !== undefined) {
    conditions.push(sql`d.endpoint_id = any(${[...filter.endpointIds]}::text[])`);
  }
  if (filter.tenant !== undefined) conditions.push(tenantScopeSql(filter.tenant, endpoints));
  if (filter.eventType !== undefined) conditions.push(sql`m.event_type = ${filter.eventType}`);
  if (filter.statuses !== undefined) {
    conditions.push(sql`d.status = any(${[...filter.statuses]}::text[])`);
  }
  if (filter.since !== undefined) conditions.push(sql`m.created_at >= ${filter.since}`);
  if (filter.until !== undefined) conditions.push(sql`m.created_at < ${filter.until}`);
  return sql.join(conditions, sql` and `);
}

/** Deliveries (`d`) to endpoints of a tenant (`null`: endpoints without one). */
export function tenantScopeSql(
  tenant: string | null,
  endpoints: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`d.endpoint_id in (select id from ${endpoints} where ${ofTenant(sql`tenant`, tenant)})`;
}

/**
 * The join to the messages, when the filter needs them (event type, window): without it a
 * replay of "every failed delivery" reads the deliveries' failed index alone.
 */
export function messagesJoinSql(
  filter: StoreDeliveryFilter,
  messages: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const needed =
    filter.eventType !== undefined || filter.since !== undefined || filter.until !== undefined;
  return needed ? sql`join ${messages} m on m.id = d.message_id` : sql``;
}
