import { type Kysely, type Migration, sql } from 'kysely';
import { orderingSequenceName, webhookTables } from '../webhook-database.js';

/**
 * Ordering keys and rate limits (issue 14):
 * - `webhook_deliveries.ordering_key`, and `ordering_seq`, the delivery's place in its key's
 *   queue (from a sequence at enqueue; a redelivery or replay takes a new one, so it joins
 *   the end). Both stay null for deliveries without a key, so adding them rewrites nothing.
 * - `webhook_deliveries_ordering_idx`: the claim's "is an earlier delivery of this key still
 *   pending?" probe. Partial, so only pending keyed rows are in it.
 * - `webhook_deliveries_ordered_due_idx`: the earliest due keyed rows, for the claim to set
 *   aside the ones that must wait for an earlier delivery of their key (so that a key's
 *   backlog is not walked over by every claim). Keyed pending rows only.
 * - `webhook_deliveries_endpoint_due_idx`: a rate-limited endpoint's next due deliveries,
 *   found without walking other endpoints' backlog. Pending rows only, and `endpoint_id > ''`
 *   (true of every id) in its predicate, which only the rate-limited claim states: the claim's
 *   main walk must keep walking the due index in time order, and would otherwise be planned
 *   through this one (every due row of a busy endpoint, then a sort).
 * - `webhook_endpoints.rate_limit_per_second` and its token bucket (`rate_tokens`, `null`
 *   for full, and `rate_refilled_at`), spent by the claim statement under the row's lock.
 */
export function createOrderingAndRateLimitsMigration(schema?: string): Migration {
  const t = webhookTables(schema);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs before any table type exists
    async up(db: Kysely<any>) {
      await sql`create sequence ${orderingSequenceName(schema)} as bigint`.execute(db);
      await sql`
        alter table ${t.deliveries}
          add column ordering_key text collate "C",
          add column ordering_seq bigint`.execute(db);
      await sql`
        create index webhook_deliveries_ordering_idx
          on ${t.deliveries} (endpoint_id, ordering_key, ordering_seq)
        where status = 'pending' and ordering_key is not null`.execute(db);
      await sql`
        create index webhook_deliveries_ordered_due_idx on ${t.deliveries} (next_attempt_at, id)
        where status = 'pending' and ordering_key is not null`.execute(db);
      await sql`
        create index webhook_deliveries_endpoint_due_idx
          on ${t.deliveries} (endpoint_id, next_attempt_at, id)
        where status = 'pending' and endpoint_id > ''`.execute(db);
      await sql`
        alter table ${t.endpoints}
          add column rate_limit_per_second double precision
            check (rate_limit_per_second > 0 and rate_limit_per_second < 'infinity'),
          add column rate_tokens double precision,
          add column rate_refilled_at timestamptz`.execute(db);
      await sql`
        create index webhook_endpoints_rate_limited_idx on ${t.endpoints} (id)
        where rate_limit_per_second is not null`.execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see `up`
    async down(db: Kysely<any>) {
      const index = (name: string) => (schema === undefined ? sql.id(name) : sql.id(schema, name));
      await sql`drop index ${index('webhook_endpoints_rate_limited_idx')}`.execute(db);
      await sql`
        alter table ${t.endpoints}
          drop column rate_limit_per_second, drop column rate_tokens,
          drop column rate_refilled_at`.execute(db);
      await sql`drop index ${index('webhook_deliveries_endpoint_due_idx')}`.execute(db);
      await sql`drop index ${index('webhook_deliveries_ordered_due_idx')}`.execute(db);
      await sql`drop index ${index('webhook_deliveries_ordering_idx')}`.execute(db);
      await sql`alter table ${t.deliveries} drop column ordering_key, drop column ordering_seq`.execute(
        db,
      );
      await sql`drop sequence ${orderingSequenceName(schema)}`.execute(db);
    },
  };
}
