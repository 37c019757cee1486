import { type Kysely, type Migration, sql } from 'kysely';
import { settleFunctionName, webhookTables } from '../webhook-database.js';
import { settleFunctionSql } from './0002-settle-function.js';

/**
 * What operating deliveries needs (issue 12):
 * - endpoints keep why and when they were disabled, their last success and failure, and a
 *   rotation's old secrets with their expiry;
 * - the settle function keeps the last success and failure times (same arguments and result);
 * - `webhook_attempts.endpoint_id`, written by the settle function: statistics group a
 *   window's attempts by endpoint without joining each one to its delivery (attempts stored
 *   before this migration have none, and are looked up);
 * - `webhook_attempts (started_at)`: statistics read only a window's attempts;
 * - `webhook_deliveries (id) where status = 'failed'`: a replay walks only failed rows. A
 *   row enters this partial index only when it fails, so claims and settles of deliveries
 *   that succeed pay nothing for it.
 */
export function createOperatingDeliveriesMigration(schema?: string): Migration {
  const t = webhookTables(schema);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs before any table type exists
    async up(db: Kysely<any>) {
      await sql`
        alter table ${t.endpoints}
          add column disabled_cause text check (disabled_cause in ('gone', 'failing', 'manual')),
          add column disabled_at timestamptz,
          add column last_success_at timestamptz,
          add column last_failure_at timestamptz,
          add column previous_secrets text[] not null default '{}',
          add column previous_secrets_expire_at timestamptz`.execute(db);
      await sql`alter table ${t.attempts} add column endpoint_id text collate "C"`.execute(db);
      await settleFunctionSql(schema, { replace: true, lastAttemptTimes: true }).execute(db);
      await sql`create index webhook_attempts_started_at_idx on ${t.attempts} (started_at)`.execute(
        db,
      );
      await sql`
        create index webhook_deliveries_failed_idx on ${t.deliveries} (id)
        where status = 'failed'`.execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see `up`
    async down(db: Kysely<any>) {
      const index = (name: string) => (schema === undefined ? sql.id(name) : sql.id(schema, name));
      await sql`drop index ${index('webhook_deliveries_failed_idx')}`.execute(db);
      await sql`drop index ${index('webhook_attempts_started_at_idx')}`.execute(db);
      await sql`drop function ${settleFunctionName(schema)}`.execute(db);
      await settleFunctionSql(schema).execute(db);
      await sql`alter table ${t.attempts} drop column endpoint_id`.execute(db);
      await sql`
        alter table ${t.endpoints}
          drop column disabled_cause, drop column disabled_at, drop column last_success_at,
          drop column last_failure_at, drop column previous_secrets,
          drop column previous_secrets_expire_at`.execute(db);
    },
  };
}
