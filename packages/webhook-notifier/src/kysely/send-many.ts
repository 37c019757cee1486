import { type Kysely, sql } from 'kysely';
import { fanOutDeliveryId } from '../routing/send.js';
import type { SendInput, SentEntry } from '../store/routing-store.js';
import { bodyColumn } from './body-column.js';
import { notify } from './enqueue.js';
import { ENQUEUE_CHUNK } from './enqueue-many.js';
import { subscribedTo } from './event-type-match.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/**
 * `send` for many inputs inside `tx` (the caller's transaction, or one the store opened): one
 * statement per chunk writes the messages and one delivery per subscribed endpoint, reading
 * endpoint rows only.
 */
export async function sendMany(
  tx: Kysely<WebhookDatabase>,
  t: WebhookTables,
  notifyChannel: string | null,
  inputs: readonly SendInput[],
): Promise<SentEntry[]> {
  const entries: SentEntry[] = [];
  for (let start = 0; start < inputs.length; start += ENQUEUE_CHUNK) {
    const chunk = inputs.slice(start, start + ENQUEUE_CHUNK);
    for (const entry of await sendChunk(tx, t, chunk)) entries.push(entry);
  }
  // Wake mode 'at-commit' only: otherwise the store wakes workers after the commit.
  if (notifyChannel !== null && entries.some((e) => e.created && e.deliveries.length > 0)) {
    await notify(tx, notifyChannel);
  }
  return entries;
}

/** One statement, the same text for every chunk: every row comes in as a typed array. */
async function sendChunk(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  chunk: readonly SendInput[],
): Promise<SentEntry[]> {
  const column = <T>(pick: (input: SendInput) => T) => chunk.map(pick);
  const bodies = bodyColumn(column((i) => i.message.body));
  // Keys are unique per tenant, each kind of message with its own partial unique index: one
  // insert per arbiter. Keys go in key order, so two batches sharing keys never wait for each
  // other in a cycle; within a key, the first in the batch wins.
  const { rows } = await sql<{ ord: number; endpoint_ids: string[] | null }>`
    with input as (
      select i.*, ${bodies.body(sql`i.body_start`, sql`i.body_length`)} as body
      from unnest(
        ${column((i) => i.message.id)}::text[], ${column((i) => i.message.tenant ?? null)}::text[],
        ${column((i) => i.message.eventType)}::text[], ${bodies.starts}::int4[], ${bodies.lengths}::int4[],
        ${column((i) => i.message.idempotencyKey)}::text[],
        ${column((i) => i.message.createdAt.toISOString())}::timestamptz[],
        ${column((i) => i.message.traceparent ?? null)}::text[], ${column((i) => i.deliveryIdStem)}::text[],
        ${column((i) => i.orderingKey ?? null)}::text[], ${column((i) => i.now.toISOString())}::timestamptz[]
      ) with ordinality as i(id, tenant, event_type, body_start, body_length, idempotency_key, created_at,
        traceparent, stem, ordering_key, now, ord)
    ),
    plain as (
      insert into ${t.messages} (id, tenant, event_type, body, idempotency_key, created_at, traceparent)
      select id, tenant, event_type, body,
        idempotency_key, created_at, traceparent
      from input where tenant is null
      order by idempotency_key, ord
      on conflict (idempotency_key) where tenant is null do nothing
      returning id
    ),
    tenanted as (
      insert into ${t.messages} (id, tenant, event_type, body, idempotency_key, created_at, traceparent)
      select id, tenant, event_type, body,
        idempotency_key, created_at, traceparent
      from input where tenant is not null
      order by tenant, idempotency_key, ord
      on conflict (tenant, idempotency_key) where tenant is not null do nothing
      returning id
    ),
    message as (
      select id from plain union all select id from tenanted
    ),
    target as (
      select input.ord, input.stem, input.id as message_id, input.ordering_key, input.now,
        e.id as endpoint_id, row_number() over (partition by input.ord order by e.id) as ordinal
      from input
      join message on message.id = input.id
      join ${t.endpoints} e on e.registered and e.deleted_at is null and e.status = 'active'
        and (e.tenant = input.tenant or (e.tenant is null and input.tenant is null))
        and ${subscribedTo(sql`e.event_types`, sql`input.event_type`)}
    ),
    delivery as (
      insert into ${t.deliveries} (id, message_id, endpoint_id, status, attempts, attempt_base,
        next_attempt_at, created_at, updated_at, ordering_key, ordering_seq)
      select stem || '_' || lpad(ordinal::text, greatest(6, length(ordinal::text)), '0'),
        message_id, endpoint_id, 'pending', 0, 0, now, now, now, ordering_key,
        case when ordering_key is null then null else ${t.nextOrderingSeq} end
      from target
      -- The sequence is drawn after the sort: each key's queue follows the input order.
      order by ord, ordinal
    )
    select ord::int, array_agg(endpoint_id order by ordinal) as endpoint_ids
    from target group by ord
    union all
    select ord::int, null from input where not exists (select from message where message.id = input.id)
  `.execute(db);
  const entries: SentEntry[] = chunk.map((input) => ({
    messageId: input.message.id,
    created: true,
    deliveries: [],
  }));
  const repeated = new Map<number, SendInput>();
  for (const { ord, endpoint_ids: endpointIds } of rows) {
    const input = chunk[ord - 1]!;
    if (endpointIds === null) {
      repeated.set(ord - 1, input);
      continue;
    }
    entries[ord - 1]!.deliveries = endpointIds.map((endpointId, index) => ({
      id: fanOutDeliveryId(input.deliveryIdStem, index + 1),
      endpointId,
    }));
  }
  if (repeated.size === 0) return entries;
  const earlier = await findSentByKeys(db, t, [...repeated.values()]);
  for (const [index, { message }] of repeated) {
    entries[index] = earlier.get(keyOf(message.tenant ?? null, message.idempotencyKey!))!;
  }
  return entries;
}

const keyOf = (tenant: string | null, key: string) => JSON.stringify([tenant, key]);

/** The messages of keys already stored (before this statement), with their deliveries. */
async function findSentByKeys(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  inputs: readonly SendInput[],
): Promise<Map<string, SentEntry>> {
  const { rows } = await sql<{
    tenant: string | null;
    key: string;
    id: string;
    delivery_ids: string[];
    endpoint_ids: string[];
  }>`
    select m.tenant, m.idempotency_key as key, m.id,
      array_remove(array_agg(d.id order by d.id), null) as delivery_ids,
      array_remove(array_agg(d.endpoint_id order by d.id), null) as endpoint_ids
    from unnest(${inputs.map((i) => i.message.tenant ?? null)}::text[],
      ${inputs.map((i) => i.message.idempotencyKey)}::text[]) as k(tenant, key)
    join ${t.messages} m on m.idempotency_key = k.key
      and (m.tenant = k.tenant or (m.tenant is null and k.tenant is null))
    left join ${t.deliveries} d on d.message_id = m.id
    group by m.id
  `.execute(db);
  return new Map(
    rows.map((row) => [
      keyOf(row.tenant, row.key),
      {
        messageId: row.id,
        created: false,
        deliveries: row.delivery_ids.map((id, index) => ({
          id,
          endpointId: row.endpoint_ids[index]!,
        })),
      },
    ]),
  );
}
