/**
 * `@dramarelay/webhook-notifier/kysely`: the durable PostgreSQL store and its migrations.
 * `kysely` and `pg` are optional peer dependencies needed by this entry point only.
 */

export type { AttemptTable } from './attempt.table.js';
export type { WakeMode } from './commit-wake.js';
export type { DeliveryTable } from './delivery.table.js';
export type { EndpointTable } from './endpoint.table.js';
export {
  createKyselyStore,
  DEFAULT_NOTIFY_CHANNEL,
  type KyselyStore,
  type KyselyStoreOptions,
} from './kysely-store.js';
export type { MessageTable } from './message.table.js';
export { migrateWebhookTables } from './migrations/migrate-webhook-tables.js';
export {
  createWebhookMigrationProvider,
  WEBHOOK_MIGRATION_LOCK_TABLE,
  WEBHOOK_MIGRATION_TABLE,
  type WebhookMigrationOptions,
  webhookMigrations,
} from './migrations/webhook-migrations.js';
export type { ListenClient, ListenOptions } from './pg-listener.js';
export { type PruneDeliveredOptions, pruneDelivered } from './prune-delivered.js';
export { isStoreUnavailable } from './store-unavailable.js';
export type { WebhookDatabase } from './webhook-database.js';
