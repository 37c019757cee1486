import { type Kysely, type Migration, sql } from 'kysely';
import { webhookTables } from '../webhook-database.js';

/**
 * Endpoint records and fan-out (issue 14):
 * - endpoints get `registered` (created by `endpoints.create`; inline endpoints are not and
 *   never receive a `send`), `tenant`, `event_types` (`{}`: every type), `description`,
 *   `metadata`, `timeout_ms` and `concurrency` overrides, and `deleted_at` (a deleted record
 *   keeps its history);
 * - one live registered endpoint per tenant, URL and event types (stored sorted), enforced by
 *   a partial unique index; another finds a tenant's endpoints for `send`;
 * - messages get `tenant`, and the idempotency key becomes unique per tenant: one partial
 *   index for messages without a tenant (inline enqueues, as before) and one for the others.
 */
export function createEndpointRecordsMigration(schema?: string): Migration {
  const t = webhookTables(schema);
  const index = (name: string) => (schema === undefined ? sql.id(name) : sql.id(schema, name));
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs before any table type exists
    async up(db: Kysely<any>) {
      await sql`
        alter table ${t.endpoints}
          add column registered boolean not null default false,
          add column tenant text collate "C",
          add column event_types text[] not null default '{}',
          add column description text,
          add column metadata jsonb not null default '{}',
          add column timeout_ms integer check (timeout_ms > 0),
          add column concurrency integer check (concurrency > 0),
          add column deleted_at timestamptz`.execute(db);
      await sql`
        create unique index webhook_endpoints_route_idx
        on ${t.endpoints} ((coalesce(tenant, '')), url, event_types)
        where registered and deleted_at is null`.execute(db);
      await sql`
        create index webhook_endpoints_tenant_idx on ${t.endpoints} (tenant, id)
        where registered and deleted_at is null`.execute(db);
      await sql`alter table ${t.messages} add column tenant text collate "C"`.execute(db);
      await sql`
        alter table ${t.messages} drop constraint webhook_messages_idempotency_key_key`.execute(db);
      await sql`
        create unique index webhook_messages_idempotency_key_idx on ${t.messages} (idempotency_key)
        where tenant is null`.execute(db);
      await sql`
        create unique index webhook_messages_tenant_idempotency_key_idx
        on ${t.messages} (tenant, idempotency_key)
        where tenant is not null`.execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see `up`
    async down(db: Kysely<any>) {
      await sql`drop index ${index('webhook_messages_tenant_idempotency_key_idx')}`.execute(db);
      await sql`drop index ${index('webhook_messages_idempotency_key_idx')}`.execute(db);
      // Keys repeated across tenants would break the old global constraint: keep the first.
      await sql`
        update ${t.messages} m set idempotency_key = null
        where tenant is not null and exists (
          select from ${t.messages} o
          where o.idempotency_key = m.idempotency_key and o.id < m.id
        )`.execute(db);
      await sql`alter table ${t.messages} drop column tenant`.execute(db);
      await sql`
        alter table ${t.messages}
          add constraint webhook_messages_idempotency_key_key unique (idempotency_key)`.execute(db);
      await sql`drop index ${index('webhook_endpoints_tenant_idx')}`.execute(db);
      await sql`drop index ${index('webhook_endpoints_route_idx')}`.execute(db);
      await sql`
        alter table ${t.endpoints}
          drop column registered, drop column tenant, drop column event_types,
          drop column description, drop column metadata, drop column timeout_ms,
          drop column concurrency, drop column deleted_at`.execute(db);
    },
  };
}
