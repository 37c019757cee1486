import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Routing (issue 14). A key's endpoints become the notifier's registered endpoint records
 * (tenant = the key's id), and the default endpoint of `PUT /api/endpoint` one of them (a
 * default endpoint deleted before stays as the inline enqueue left it: no tenant, never sent
 * to, its deliveries still its key's by its id). Its record keeps its
 * id `apikey_<key id>`, so the deliveries it already has stay its own, and subscribes to
 * `task.completed` only, which it received before (for the key's tasks without a callback_url);
 * new event types reach only the endpoints that ask for them. The notifier's migrations run
 * first (`migrateAll`), so its tables have `tenant` and `event_types` here.
 *
 * Tasks remember which expiry they announced (`task.expired`), so each expiry is sent once and
 * moving `expires_at` later arms the next one; tasks already expired are not announced late.
 */
export const keyEndpointRecords: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: the notifier's tables are not the app's
  async up(db: Kysely<any>) {
    const { rows } = await sql<{ ready: boolean }>`
      select exists (select from information_schema.columns
        where table_name = 'webhook_endpoints' and column_name = 'registered') as ready`.execute(
      db,
    );
    if (!rows[0]?.ready) {
      throw new Error("the notifier's tables must be migrated first (migrateAll runs them first)");
    }
    await sql`
      insert into webhook_endpoints (id, url, scheme, secrets, registered, tenant, event_types,
        created_at, updated_at)
      select 'apikey_' || api_key_id, url, scheme, array[secret], true, api_key_id,
        array['task.completed'], created_at, updated_at
      from key_endpoints
      on conflict (id) do update set url = excluded.url, scheme = excluded.scheme,
        secrets = excluded.secrets, registered = true, tenant = excluded.tenant,
        event_types = excluded.event_types, created_at = excluded.created_at,
        updated_at = excluded.updated_at`.execute(db);
    await db.schema.dropTable('key_endpoints').execute();

    await db.schema.alterTable('tasks').addColumn('expiry_announced_for', 'timestamptz').execute();
    await sql`
      update tasks set expiry_announced_for = expires_at
      where expires_at <= now() and deleted_at is null`.execute(db);
    await sql`
      create index tasks_expiry_due on tasks (expires_at)
      where deleted_at is null and status = 'active'`.execute(db);
  },
  // biome-ignore lint/suspicious/noExplicitAny: as above
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('tasks_expiry_due').execute();
    await db.schema.alterTable('tasks').dropColumn('expiry_announced_for').execute();
    await sql`
      create table key_endpoints (
        api_key_id text primary key references api_keys (id) on delete cascade,
        url text not null,
        secret text not null,
        scheme text not null check (scheme in ('standard-webhooks', 'legacy')),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      insert into key_endpoints (api_key_id, url, secret, scheme, created_at, updated_at)
      select tenant, url, secrets[1], scheme, created_at, updated_at
      from webhook_endpoints
      where id = 'apikey_' || tenant and registered and deleted_at is null
        and tenant in (select id from api_keys)`.execute(db);
  },
};
