import { type Kysely, sql } from 'kysely';
import { keyOfEmptySend } from '../engine/message-input.js';
import type { EnqueueInput, EnqueueResult } from '../store/delivery-store.js';
import { type DeliveryRow, toDeliveryRecord } from './delivery.table.js';
import { toMessageRecord } from './message.table.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/**
 * The outbox write in one statement (one round trip, atomic without a transaction of its
 * own): the message, the endpoint, the delivery, and a `NOTIFY`. Inside the caller's
 * transaction PostgreSQL sends the notification at commit, so a worker is never woken for a
 * row it cannot see yet, nor for one that was rolled back.
 *
 * The endpoint is inserted if new and updated only when its URL, scheme or secrets changed:
 * `INSERT ... ON CONFLICT DO UPDATE` would lock the row even when nothing changes, and so
 * serialise every transaction enqueueing to that endpoint until it commits. The `not exists`
 * keeps the common case off the unique index, whose check would wait for any worker busy
 * updating the endpoint's failure count.
 */
export async function enqueueDelivery(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  channel: string,
  input: EnqueueInput,
): Promise<EnqueueResult> {
  const { message, endpoint, now } = input;
  const { orderingColumns, orderingValues } = orderingInsert(t, input.orderingKey);
  // A concurrent transaction holding the same key makes the message insert wait for its
  // outcome: then either it goes through (that one rolled back) or nothing is inserted and
  // the earlier message is looked up below.
  const { rows } = await sql<DeliveryRow>`
    with message as (
      insert into ${t.messages} (id, event_type, body, idempotency_key, created_at)
      values (${message.id}, ${message.eventType}, ${message.body}, ${message.idempotencyKey},
        ${message.createdAt})
      on conflict (idempotency_key) where tenant is null do nothing
      returning id
    ),
    new_endpoint as (
      insert into ${t.endpoints} (id, url, scheme, secrets)
      select ${endpoint.id}, ${endpoint.url}, ${endpoint.scheme}, ${endpoint.secrets}::text[]
      from message
      where not exists (select from ${t.endpoints} where id = ${endpoint.id})
      on conflict (id) do nothing
    ),
    changed_endpoint as (
      update ${t.endpoints}
      set url = ${endpoint.url}, scheme = ${endpoint.scheme},
        secrets = ${endpoint.secrets}::text[], updated_at = now()
      where id = ${endpoint.id} and exists (select from message)
        and (url, scheme, secrets) is distinct from
          (${endpoint.url}, ${endpoint.scheme}, ${endpoint.secrets}::text[])
    ),
    delivery as (
      insert into ${t.deliveries} (id, message_id, endpoint_id, status, attempts, attempt_base,
        next_attempt_at, created_at, updated_at${orderingColumns})
      select ${input.deliveryId}, message.id, ${endpoint.id}, 'pending', 0, 0, ${now}, ${now},
        ${now}${orderingValues}
      from message
      returning *
    ),
    notified as (
      select pg_notify(${channel}, '') from delivery
    )
    select delivery.* from delivery cross join notified
  `.execute(db);
  const [row] = rows;
  if (row === undefined) return findEnqueued(db, message.idempotencyKey);
  return {
    message: { ...message, body: new Uint8Array(message.body) },
    delivery: toDeliveryRecord(row),
    created: true,
  };
}

/** Wake listening workers; inside a transaction, at its commit. */
export async function notify(db: Kysely<WebhookDatabase>, channel: string): Promise<void> {
  await sql`select pg_notify(${channel}, '')`.execute(db);
}

async function findEnqueued(
  db: Kysely<WebhookDatabase>,
  idempotencyKey: string | null,
): Promise<EnqueueResult> {
  const message = await db
    .selectFrom('webhook_messages')
    .selectAll()
    .where('idempotency_key', '=', idempotencyKey)
    .where('tenant', 'is', null)
    .executeTakeFirstOrThrow();
  const delivery = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('message_id', '=', message.id)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (delivery === undefined) throw keyOfEmptySend();
  return {
    message: toMessageRecord(message),
    delivery: toDeliveryRecord(delivery),
    created: false,
  };
}

/**
 * The ordering columns of a delivery insert: the key and the next place in its queue. Without
 * a key the statement is exactly what it was before ordering keys existed.
 */
export function orderingInsert(t: WebhookTables, orderingKey: string | null | undefined) {
  if (orderingKey == null) return { orderingColumns: sql``, orderingValues: sql`` };
  return {
    orderingColumns: sql`, ordering_key, ordering_seq`,
    orderingValues: sql`, ${orderingKey}, ${t.nextOrderingSeq}`,
  };
}
