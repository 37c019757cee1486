import { type Kysely, sql } from 'kysely';
import type { SendInput, SendResult } from '../store/routing-store.js';
import { type DeliveryRow, toDeliveryRecord } from './delivery.table.js';
import { notifiedAtCommit, orderingInsert } from './enqueue.js';
import { ofTenant, subscribedTo } from './event-type-match.js';
import { toMessageRecord } from './message.table.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/**
 * Fan-out in one statement (one round trip, atomic without a transaction of its own): the
 * message and one delivery per active, live, registered endpoint of its tenant subscribed to
 * its event type (plus, in wake mode `'at-commit'`, a `NOTIFY` when there is any). Inside the
 * caller's transaction a rollback takes every row back. Endpoint rows are only
 * read: nothing here waits for a worker updating an endpoint's failure count.
 *
 * Delivery ids are the stem, `_`, and the endpoint's six-digit ordinal in id order (as
 * `fanOutDeliveryId` makes them for `MemoryStore`).
 */
export async function sendToSubscribers(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  notifyChannel: string | null,
  input: SendInput,
): Promise<SendResult> {
  const { message, now } = input;
  const tenant = message.tenant ?? null;
  const { orderingColumns, orderingValues } = orderingInsert(t, input.orderingKey);
  const notify = notifiedAtCommit(notifyChannel, sql`delivery`);
  // Keys are unique per tenant: each kind of message has its own partial unique index.
  const arbiter =
    tenant === null
      ? sql`(idempotency_key) where tenant is null`
      : sql`(tenant, idempotency_key) where tenant is not null`;
  const { rows } = await sql<DeliveryRow & { sent_message_id: string }>`
    with message as (
      insert into ${t.messages} (id, tenant, event_type, body, idempotency_key, created_at,
        traceparent)
      values (${message.id}, ${tenant}, ${message.eventType}, ${message.body},
        ${message.idempotencyKey}, ${message.createdAt}, ${message.traceparent ?? null})
      on conflict ${arbiter} do nothing
      returning id
    ),
    target as (
      select e.id, row_number() over (order by e.id) as ordinal
      from ${t.endpoints} e
      where exists (select from message)
        and e.registered and e.deleted_at is null and e.status = 'active'
        and ${ofTenant(sql`e.tenant`, tenant)}
        and ${subscribedTo(sql`e.event_types`, message.eventType)}
    ),
    delivery as (
      insert into ${t.deliveries} (id, message_id, endpoint_id, status, attempts, attempt_base,
        next_attempt_at, created_at, updated_at${orderingColumns})
      select ${input.deliveryIdStem} || '_' || lpad(ordinal::text, greatest(6, length(ordinal::text)), '0'),
        message.id, target.id, 'pending', 0, 0, ${now}, ${now}, ${now}${orderingValues}
      from target cross join message
      returning *
    )${notify.cte}
    select message.id as sent_message_id, delivery.*
    from message ${notify.join} left join delivery on true
    order by delivery.id
  `.execute(db);
  if (rows.length === 0) return findSent(db, tenant, message.idempotencyKey);
  return {
    message: { ...message, tenant, body: new Uint8Array(message.body) },
    deliveries: rows.filter((row) => row.id !== null).map(toDeliveryRecord),
    created: true,
  };
}

/** The first message of a tenant's repeated idempotency key, with its deliveries. */
async function findSent(
  db: Kysely<WebhookDatabase>,
  tenant: string | null,
  idempotencyKey: string | null,
): Promise<SendResult> {
  const message = await db
    .selectFrom('webhook_messages')
    .selectAll()
    .where('idempotency_key', '=', idempotencyKey)
    .where('tenant', tenant === null ? 'is' : '=', tenant)
    .executeTakeFirstOrThrow();
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('message_id', '=', message.id)
    .orderBy('id')
    .execute();
  return {
    message: toMessageRecord(message),
    deliveries: deliveries.map(toDeliveryRecord),
    created: false,
  };
}
