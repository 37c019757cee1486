import { type Kysely, sql } from 'kysely';
import { keyOfEmptySend } from '../engine/message-input.js';
import type { EnqueuedEntry, EnqueueInput } from '../store/delivery-store.js';
import { bodyColumn } from './body-column.js';
import { type EndpointRule, notify } from './enqueue.js';
import { withEndpointsEnsured } from './ensure-endpoint.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/**
 * Messages per statement. Measured with `pnpm --filter @dramarelay/bench enqueue-many`
 * (10,000 messages of 1 KiB in one call): chunks of 500 to 5,000 were alike within the
 * machine's noise (12,000 to 18,500 msg/s, medians), 10,000 was slower in one of two sweeps;
 * the chunk also bounds the parameters (about 2 MiB of bodies) and the rows one statement holds.
 */
export const ENQUEUE_CHUNK = 2_000;

/**
 * `enqueue` for many inputs inside `tx` (the caller's transaction, or one the store opened):
 * one statement per chunk writes the messages, the endpoints and the deliveries, with the
 * endpoint rules of `enqueueInTransaction` (new or changed endpoints committed first on the
 * store's own pool, so two transactions never deadlock over them).
 */
export async function enqueueMany(
  tx: Kysely<WebhookDatabase>,
  own: Kysely<WebhookDatabase>,
  t: WebhookTables,
  notifyChannel: string | null,
  inputs: readonly EnqueueInput[],
): Promise<EnqueuedEntry[]> {
  const entries: EnqueuedEntry[] = [];
  for (let start = 0; start < inputs.length; start += ENQUEUE_CHUNK) {
    const chunk = inputs.slice(start, start + ENQUEUE_CHUNK);
    for (const entry of await writeChunk(tx, own, t, chunk)) entries.push(entry);
  }
  // Wake mode 'at-commit' only: otherwise the store wakes workers after the commit.
  if (notifyChannel !== null && entries.some((entry) => entry.created)) {
    await notify(tx, notifyChannel);
  }
  return entries;
}

function writeChunk(
  tx: Kysely<WebhookDatabase>,
  own: Kysely<WebhookDatabase>,
  t: WebhookTables,
  chunk: readonly EnqueueInput[],
): Promise<EnqueuedEntry[]> {
  return withEndpointsEnsured(own, t, distinctEndpoints(chunk), (rule) =>
    insertChunk(tx, t, chunk, rule),
  );
}

/** The chunk's endpoints by id, in id order; the last definition of an id wins, as in a loop of `enqueue`. */
function distinctEndpoints(chunk: readonly EnqueueInput[]): EnqueueInput['endpoint'][] {
  const byId = new Map<string, EnqueueInput['endpoint']>();
  for (const { endpoint } of chunk) byId.set(endpoint.id, endpoint);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * One statement, the same text for every chunk and rule: every row comes in as a typed array.
 * `undefined` when the rule found an endpoint missing or different, and nothing was written.
 */
async function insertChunk(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  chunk: readonly EnqueueInput[],
  rule: EndpointRule,
): Promise<EnqueuedEntry[] | undefined> {
  const endpoints = distinctEndpoints(chunk);
  const column = <T>(pick: (input: EnqueueInput) => T) => chunk.map(pick);
  const bodies = bodyColumn(column((i) => i.message.body));
  const { rows } = await sql<{ ok: boolean; skipped: number[] }>`
    with input as (
      select i.*, ${bodies.body(sql`i.body_start`, sql`i.body_length`)} as body
      from unnest(
        ${column((i) => i.message.id)}::text[], ${column((i) => i.message.eventType)}::text[],
        ${bodies.starts}::int4[], ${bodies.lengths}::int4[], ${column((i) => i.message.idempotencyKey)}::text[],
        ${column((i) => i.message.createdAt.toISOString())}::timestamptz[],
        ${column((i) => i.message.traceparent ?? null)}::text[], ${column((i) => i.deliveryId)}::text[],
        ${column((i) => i.endpoint.id)}::text[], ${column((i) => i.orderingKey ?? null)}::text[],
        ${column((i) => i.now.toISOString())}::timestamptz[]
      ) with ordinality as i(id, event_type, body_start, body_length, idempotency_key, created_at, traceparent,
        delivery_id, endpoint_id, ordering_key, now, ord)
    ),
    given as (
      select g.id, g.url, g.scheme, array(select jsonb_array_elements_text(g.secrets::jsonb)) as secrets
      from unnest(${endpoints.map((e) => e.id)}::text[], ${endpoints.map((e) => e.url)}::text[],
        ${endpoints.map((e) => e.scheme)}::text[],
        ${endpoints.map((e) => JSON.stringify(e.secrets))}::text[]) as g(id, url, scheme, secrets)
    ),
    ready as (
      select ${rule}::text = 'upsert' or coalesce(bool_and(exists (
        select from ${t.endpoints} e where e.id = given.id and (${rule}::text = 'exists'
          or (e.url, e.scheme, e.secrets) is not distinct from (given.url, given.scheme, given.secrets))
      )), true) as ok
      from given
    ),
    -- Rows without a key cannot conflict: they skip the speculative insertion. Keys go in key
    -- order, so two batches sharing keys wait for each other in one order, never in a cycle;
    -- within a key, the first in the batch wins.
    keyed as (
      insert into ${t.messages} (id, event_type, body, idempotency_key, created_at, traceparent)
      select id, event_type, body, idempotency_key,
        created_at, traceparent
      from input where (select ok from ready) and idempotency_key is not null
      order by idempotency_key, ord
      on conflict (idempotency_key) where tenant is null do nothing
      returning id
    ),
    unkeyed as (
      insert into ${t.messages} (id, event_type, body, idempotency_key, created_at, traceparent)
      select id, event_type, body, idempotency_key,
        created_at, traceparent
      from input where (select ok from ready) and idempotency_key is null
      returning id
    ),
    message as (
      select id from keyed union all select id from unkeyed
    ),
    new_endpoint as (
      insert into ${t.endpoints} (id, url, scheme, secrets)
      select id, url, scheme, secrets from given
      where ${rule}::text = 'upsert' and exists (select from message)
        and not exists (select from ${t.endpoints} e where e.id = given.id)
      order by id
      on conflict (id) do nothing
    ),
    changed_endpoint as (
      update ${t.endpoints} e
      set url = given.url, scheme = given.scheme, secrets = given.secrets, updated_at = now()
      from given
      where ${rule}::text = 'upsert' and e.id = given.id and exists (select from message)
        and (e.url, e.scheme, e.secrets) is distinct from (given.url, given.scheme, given.secrets)
    ),
    delivery as (
      insert into ${t.deliveries} (id, message_id, endpoint_id, status, attempts, attempt_base,
        next_attempt_at, created_at, updated_at, ordering_key, ordering_seq)
      select input.delivery_id, input.id, input.endpoint_id, 'pending', 0, 0, input.now,
        input.now, input.now, input.ordering_key,
        case when input.ordering_key is null then null else ${t.nextOrderingSeq} end
      from input join message on message.id = input.id
      -- The sequence is drawn after the sort: each key's queue follows the input order.
      order by input.ord
    )
    select (select ok from ready) as ok, array(
      select ord::int from input
      where idempotency_key is not null and not exists (select from keyed where keyed.id = input.id)
    ) as skipped
  `.execute(db);
  const { ok, skipped } = rows[0]!;
  if (!ok) return undefined;
  const entries = chunk.map((input) => ({
    messageId: input.message.id,
    deliveryId: input.deliveryId,
    created: true,
  }));
  if (skipped.length === 0) return entries;
  const keys = skipped.map((ord) => chunk[ord - 1]!.message.idempotencyKey!);
  const earlier = await findEnqueuedByKeys(db, t, keys);
  for (const ord of skipped) {
    const found = earlier.get(chunk[ord - 1]!.message.idempotencyKey!);
    if (found?.delivery_id == null) throw keyOfEmptySend();
    entries[ord - 1] = { messageId: found.id, deliveryId: found.delivery_id, created: false };
  }
  return entries;
}

/** The messages of inline keys already stored (before this statement), with their first delivery. */
async function findEnqueuedByKeys(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  keys: string[],
): Promise<Map<string, { id: string; delivery_id: string | null }>> {
  const { rows } = await sql<{ key: string; id: string; delivery_id: string | null }>`
    select m.idempotency_key as key, m.id, (
      select d.id from ${t.deliveries} d where d.message_id = m.id order by d.id limit 1
    ) as delivery_id
    from ${t.messages} m
    where m.tenant is null and m.idempotency_key = any(${keys}::text[])
  `.execute(db);
  return new Map(rows.map((row) => [row.key, row]));
}
