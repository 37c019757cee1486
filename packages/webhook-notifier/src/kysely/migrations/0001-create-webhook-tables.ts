import { type Kysely, type Migration, sql } from 'kysely';
import { webhookTables } from '../webhook-database.js';

/**
 * The four tables. Ids use the "C" collation so that `ORDER BY id` in PostgreSQL agrees with
 * the time order of the ids and with JavaScript's string order, whatever the database locale.
 */
export function createWebhookTablesMigration(schema?: string): Migration {
  const t = webhookTables(schema);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs before any table type exists
    async up(db: Kysely<any>) {
      if (schema !== undefined) {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      }
      await sql`
        create table ${t.endpoints} (
          id text collate "C" primary key,
          url text not null,
          scheme text not null check (scheme in ('standard-webhooks', 'legacy')),
          secrets text[] not null,
          status text not null default 'active' check (status in ('active', 'disabled')),
          paused_until timestamptz,
          consecutive_failures integer not null default 0,
          failing_since timestamptz,
          disabled_reason text,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`.execute(db);
      await sql`
        create table ${t.messages} (
          id text collate "C" primary key,
          event_type text not null,
          body bytea not null,
          idempotency_key text unique,
          created_at timestamptz not null
        )`.execute(db);
      await sql`create index webhook_messages_created_at_idx on ${t.messages} (created_at)`.execute(
        db,
      );
      // Claims and settles rewrite these rows all day: leave room on each page for HOT updates.
      await sql`
        create table ${t.deliveries} (
          id text collate "C" primary key,
          message_id text collate "C" not null references ${t.messages} (id) on delete cascade,
          endpoint_id text collate "C" not null references ${t.endpoints} (id),
          status text not null
            check (status in ('pending', 'delivered', 'failed', 'cancelled')),
          attempts integer not null default 0,
          attempt_base integer not null default 0,
          next_attempt_at timestamptz not null,
          lease_owner text,
          lease_expires_at timestamptz,
          last_error text,
          last_status_code integer,
          last_attempt_at timestamptz,
          created_at timestamptz not null,
          updated_at timestamptz not null
        ) with (fillfactor = 80)`.execute(db);
      // The claim walks this index in order and stops after `limit` rows: its cost follows
      // the number of due rows it skips, not the size of the delivered history.
      await sql`
        create index webhook_deliveries_due_idx on ${t.deliveries} (next_attempt_at, id)
        where status = 'pending'`.execute(db);
      await sql`create index webhook_deliveries_message_id_idx on ${t.deliveries} (message_id)`.execute(
        db,
      );
      await sql`create index webhook_deliveries_endpoint_id_idx on ${t.deliveries} (endpoint_id, id)`.execute(
        db,
      );
      await sql`
        create table ${t.attempts} (
          id bigint generated always as identity primary key,
          delivery_id text collate "C" not null references ${t.deliveries} (id) on delete cascade,
          attempt integer not null,
          started_at timestamptz not null,
          duration_ms integer not null,
          status_code integer,
          error_class text,
          error text,
          response_headers jsonb not null default '{}',
          response_excerpt text
        )`.execute(db);
      await sql`create index webhook_attempts_delivery_idx on ${t.attempts} (delivery_id, attempt)`.execute(
        db,
      );
    },
    // biome-ignore lint/suspicious/noExplicitAny: see `up`
    async down(db: Kysely<any>) {
      await sql`drop table ${t.attempts}`.execute(db);
      await sql`drop table ${t.deliveries}`.execute(db);
      await sql`drop table ${t.messages}`.execute(db);
      await sql`drop table ${t.endpoints}`.execute(db);
    },
  };
}
