import { type Kysely, sql } from 'kysely';
import type { DeliveryOutcome, SettleResult } from '../store/delivery-store.js';
import { type EndpointRow, toEndpointRecord } from './endpoint.table.js';
import { pgText } from './pg-text.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/**
 * Append every attempt, move every delivery on and keep each endpoint's failure run, in one
 * statement whatever the batch size: one round trip, atomic, row locks held for no longer.
 * The statement lives in the `dramarelay_webhook_settle` function (migration 0002), whose
 * plan PostgreSQL keeps, and is shown in `0002-settle-function.ts`.
 *
 * The outcomes travel as one typed array per column through `unnest ... with ordinality`,
 * so the statement text never changes (one plan, prepared-statement friendly) and the
 * outcome order is known to SQL. A delivery is only moved on while its lease is still the
 * one the attempt ran under: after a takeover, or a fresh claim by the same worker once the
 * lease expired, the attempt is kept as history and the current lease holder decides. Every attempt counts for its endpoint's failure run, whoever held the lease.
 */
export async function settleOutcomes(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  outcomes: readonly DeliveryOutcome[],
): Promise<SettleResult> {
  if (outcomes.length === 0) return { failingEndpoints: [] };
  const deliveryIds = outcomes.map((outcome) => outcome.deliveryId);
  const { rows } = await sql<EndpointRow>`
    ${handOver(t, outcomes)}
    select * from ${t.settle}(
      ${deliveryIds}::text[],
      ${column(outcomes, (o) => o.workerId)}::text[],
      ${column(outcomes, (o) => o.leaseExpiresAt ?? null)}::timestamptz[],
      ${column(outcomes, (o) => o.status)}::text[],
      ${column(outcomes, (o) => (o.status === 'pending' ? o.nextAttemptAt : null))}::timestamptz[],
      ${column(outcomes, (o) => (o.status === 'delivered' ? null : pgText(o.error)))}::text[],
      ${column(outcomes, (o) => o.attempt.attempt)}::integer[],
      ${column(outcomes, (o) => o.attempt.startedAt)}::timestamptz[],
      ${column(outcomes, (o) => Math.round(o.attempt.durationMs))}::integer[],
      ${column(outcomes, (o) => o.attempt.statusCode)}::integer[],
      ${column(outcomes, (o) => o.attempt.errorClass)}::text[],
      ${column(outcomes, (o) => pgText(o.attempt.error))}::text[],
      ${column(outcomes, (o) => headersJson(o.attempt.responseHeaders))}::jsonb[],
      ${column(outcomes, (o) => pgText(o.attempt.responseExcerpt))}::text[]
    )
    order by id
  `.execute(db);
  return { failingEndpoints: rows.map(toEndpointRecord) };
}

function column<T>(outcomes: readonly DeliveryOutcome[], pick: (outcome: DeliveryOutcome) => T) {
  return outcomes.map(pick);
}

function headersJson(headers: Record<string, string>): string {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) clean[pgText(name)] = pgText(value);
  return JSON.stringify(clean);
}

/**
 * A delivery with an ordering key that is delivered or failed for good hands over to the next
 * pending one of its key (set aside by a claim while it waited): due at once. Without keys
 * this reads the finished deliveries by id and changes nothing; without finished outcomes it
 * is left out.
 */
function handOver(t: WebhookTables, outcomes: readonly DeliveryOutcome[]) {
  const finished = outcomes.filter((outcome) => outcome.status !== 'pending');
  if (finished.length === 0) return sql``;
  return sql`
    with handed_over as (
      update ${t.deliveries} next
      set next_attempt_at = least(next.next_attempt_at, f.finished_at)
      from unnest(
        ${finished.map((outcome) => outcome.deliveryId)}::text[],
        ${finished.map((outcome) => outcome.attempt.startedAt)}::timestamptz[]
      ) f(id, finished_at)
      join ${t.deliveries} done on done.id = f.id and done.ordering_key is not null
      cross join lateral (
        select later.id
        from ${t.deliveries} later
        where later.endpoint_id = done.endpoint_id and later.ordering_key = done.ordering_key
          and later.status = 'pending' and later.id <> done.id
          and later.ordering_seq > done.ordering_seq
        order by later.ordering_seq
        limit 1
      ) successor
      where next.id = successor.id
    )
  `;
}
