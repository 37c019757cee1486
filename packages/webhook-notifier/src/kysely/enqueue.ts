import { CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import { keyOfEmptySend } from '../engine/message-input.js';
import type { EnqueueInput, EnqueueResult } from '../store/delivery-store.js';
import { newDelivery } from '../store/new-delivery.js';
import { toDeliveryRecord } from './delivery.table.js';
import { insertMessageAndDelivery } from './insert-only.js';
import { toMessageRecord } from './message.table.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/**
 * What the statement does with the endpoint: `upsert` writes it (insert if new, update if
 * changed) in the same statement; `current` and `exists` leave it alone and insert nothing
 * unless it is already there (`current`: with this URL, scheme and secrets); `known` neither
 * reads nor writes it (the store checked it lately, see `known-endpoints.ts`).
 */
export type EndpointRule = 'upsert' | 'current' | 'exists' | 'known';

/**
 * The outbox write in one statement (one round trip, atomic without a transaction of its
 * own): the message, the endpoint and the delivery, plus a `NOTIFY` when `notifyChannel` is
 * given (wake mode `'at-commit'`: PostgreSQL sends it at commit; otherwise the store wakes
 * workers after the commit, see `commit-wake.ts`). `endpointReady` is false when the rule
 * found the endpoint missing or different, and nothing was written.
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
  notifyChannel: string | null,
  input: EnqueueInput,
  rule: EndpointRule = 'upsert',
): Promise<(EnqueueResult & { endpointReady: true }) | { endpointReady: false }> {
  if (rule === 'known' && notifyChannel === null) return insertOnly(db, t, input);
  const { message, endpoint, now } = input;
  const { orderingColumns, orderingValues } = orderingInsert(t, input.orderingKey);
  const notify = notifiedAtCommit(notifyChannel, sql`delivery`);
  const sameEndpoint = sql`(url, scheme, secrets) is not distinct from
    (${endpoint.url}, ${endpoint.scheme}, ${endpoint.secrets}::text[])`;
  const ready =
    rule === 'upsert' || rule === 'known'
      ? sql`select true as ok`
      : sql`select exists (select from ${t.endpoints} where id = ${endpoint.id}
          ${rule === 'current' ? sql`and ${sameEndpoint}` : sql``}) as ok`;
  const endpointWrites =
    rule === 'upsert'
      ? sql`,
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
      where id = ${endpoint.id} and exists (select from message) and not ${sameEndpoint}
    )`
      : sql``;
  // A concurrent transaction holding the same key makes the message insert wait for its
  // outcome: then either it goes through (that one rolled back) or nothing is inserted and
  // the earlier message is looked up below.
  const { rows } = await sql<{ endpoint_ready: boolean; id: string | null }>`
    with ready as (${ready}),
    message as (
      insert into ${t.messages} (id, event_type, body, idempotency_key, created_at, traceparent)
      select ${message.id}, ${message.eventType}, ${message.body}::bytea,
        ${message.idempotencyKey}, ${message.createdAt}::timestamptz, ${message.traceparent ?? null}
      from ready where ready.ok
      on conflict (idempotency_key) where tenant is null do nothing
      returning id
    )${endpointWrites},
    delivery as (
      insert into ${t.deliveries} (id, message_id, endpoint_id, status, attempts, attempt_base,
        next_attempt_at, created_at, updated_at${orderingColumns})
      select ${input.deliveryId}, message.id, ${endpoint.id}, 'pending', 0, 0, ${now}, ${now},
        ${now}${orderingValues}
      from message
      returning id
    )${notify.cte}
    select ready.ok as endpoint_ready, delivery.id
    from ready left join delivery on true ${notify.join}
  `.execute(db);
  const row = rows[0]!;
  if (!row.endpoint_ready) return { endpointReady: false };
  if (row.id === null)
    return { ...(await findEnqueued(db, message.idempotencyKey)), endpointReady: true };
  return { ...enqueuedResult(input), endpointReady: true };
}

/**
 * The common case in its leanest statement (the endpoint known current, no `NOTIFY`): the
 * message and the delivery, nothing else read or written. No row back means the idempotency
 * key was taken.
 */
async function insertOnly(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  input: EnqueueInput,
): Promise<EnqueueResult & { endpointReady: true }> {
  const { message } = input;
  const inserted = await insertMessageAndDelivery(db, t, input);
  if (inserted === undefined)
    return { ...(await findEnqueued(db, message.idempotencyKey)), endpointReady: true };
  return { ...enqueuedResult(input), endpointReady: true };
}

/** The result of an enqueue that inserted its message and delivery. */
export function enqueuedResult(input: EnqueueInput): EnqueueResult {
  return {
    // The bytes as given: the store keeps its own copy in the database.
    message: input.message,
    delivery: enqueuedDelivery(input),
    created: true,
  };
}

/**
 * The `NOTIFY` of wake mode `'at-commit'`: one more CTE, sending one notification when
 * `rows` (a CTE of the statement) has any, and the `cross join` (one row, always) through
 * which the final `select` reads it: PostgreSQL skips a plain `select` CTE nobody reads.
 */
export function notifiedAtCommit(notifyChannel: string | null, rows: RawBuilder<unknown>) {
  if (notifyChannel === null) return { cte: sql``, join: sql`` };
  return {
    cte: sql`,
    notified as (
      select count(pg_notify(${notifyChannel}, '')) from (select from ${rows} limit 1) as any_row
    )`,
    join: sql`cross join notified`,
  };
}

/** Wake listening workers; inside a transaction, at its commit. */
export async function notify(db: Kysely<WebhookDatabase>, channel: string): Promise<void> {
  await sql`select pg_notify(${channel}, '')`.execute(db);
}

/**
 * Wake listening workers from a statement of its own (`db` outside any transaction), which
 * commits without waiting for its WAL to reach the disk: a `NOTIFY` gives its transaction an
 * id, so its commit would otherwise be one more flush. The notification goes out at commit
 * either way; a crash right after can only lose a wake-up, which polling covers.
 */
export async function notifyUnflushed(db: Kysely<WebhookDatabase>, channel: string): Promise<void> {
  // Fixed text: nothing for Kysely to compile, as often as every 10 ms.
  await db.executeQuery(CompiledQuery.raw(NOTIFY_UNFLUSHED, [channel]));
}

const NOTIFY_UNFLUSHED = "select set_config('synchronous_commit', 'off', true), pg_notify($1, '')";

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

/** The delivery row the statement inserted, as written (reading it back costs more). */
function enqueuedDelivery(input: EnqueueInput) {
  return newDelivery({
    id: input.deliveryId,
    messageId: input.message.id,
    endpointId: input.endpoint.id,
    now: input.now,
    orderingKey: input.orderingKey,
  });
}
