import type { MigrationProvider } from 'kysely';
import { createWebhookTablesMigration } from './0001-create-webhook-tables.js';
import { createSettleFunctionMigration } from './0002-settle-function.js';
import { createOperatingDeliveriesMigration } from './0003-operating-deliveries.js';
import { createEndpointRecordsMigration } from './0004-endpoint-records.js';
import { createOrderingAndRateLimitsMigration } from './0005-ordering-and-rate-limits.js';
import { createMessageTraceContextMigration } from './0006-message-trace-context.js';
import { createClaimFunctionMigration } from './0007-claim-function.js';

/** Run the notifier's migrations with their own bookkeeping table, apart from the app's. */
export const WEBHOOK_MIGRATION_TABLE = 'dramarelay_webhook_migration';
export const WEBHOOK_MIGRATION_LOCK_TABLE = 'dramarelay_webhook_migration_lock';

export interface WebhookMigrationOptions {
  /** PostgreSQL schema for the tables (created if missing). Default: the `search_path`. */
  schema?: string;
}

/**
 * The notifier's migrations as a Kysely `MigrationProvider`.
 *
 * @example
 * const migrator = new Migrator({
 *   db,
 *   provider: createWebhookMigrationProvider(),
 *   migrationTableName: 'dramarelay_webhook_migration',
 *   migrationLockTableName: 'dramarelay_webhook_migration_lock',
 * });
 * await migrator.migrateToLatest();
 */
export function createWebhookMigrationProvider(
  options: WebhookMigrationOptions = {},
): MigrationProvider {
  return {
    async getMigrations() {
      return {
        '0001_create_webhook_tables': createWebhookTablesMigration(options.schema),
        '0002_settle_function': createSettleFunctionMigration(options.schema),
        '0003_operating_deliveries': createOperatingDeliveriesMigration(options.schema),
        '0004_endpoint_records': createEndpointRecordsMigration(options.schema),
        '0005_ordering_and_rate_limits': createOrderingAndRateLimitsMigration(options.schema),
        '0006_message_trace_context': createMessageTraceContextMigration(options.schema),
        '0007_claim_function': createClaimFunctionMigration(options.schema),
      };
    },
  };
}

/** The migrations for tables in the default schema. */
export const webhookMigrations: MigrationProvider = createWebhookMigrationProvider();
