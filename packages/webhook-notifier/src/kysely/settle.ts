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
 * A delivery with an ordering key that is delivered or failed for good hands over to the next
 * pending one of its key (set aside by a claim while it waited): due at once (migration 0007
 * moved that part into the function).
 */
export async function settleOutcomes(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  outcomes: readonly DeliveryOutcome[],
): Promise<SettleResult> {
  if (outcomes.length === 0) return { failingEndpoints: [] };
  const deliveryIds = outcomes.map((outcome) => outcome.deliveryId);
  const { rows } = await sql<EndpointRow>`
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
