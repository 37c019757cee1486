import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import {
  createWebhookMigrationProvider,
  WEBHOOK_MIGRATION_LOCK_TABLE,
  WEBHOOK_MIGRATION_TABLE,
  type WebhookMigrationOptions,
} from './webhook-migrations.js';

/**
 * Bring the notifier's tables up to date. Safe to call from every process at start-up: Kysely
 * takes a lock, and migrations already applied are skipped.
 *
 * @example
 * await migrateWebhookTables(db);
 * const store = createKyselyStore(db);
 */
export async function migrateWebhookTables(
  // biome-ignore lint/suspicious/noExplicitAny: any application database
  db: Kysely<any>,
  options: WebhookMigrationOptions = {},
): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: createWebhookMigrationProvider(options),
    migrationTableName: WEBHOOK_MIGRATION_TABLE,
    migrationLockTableName: WEBHOOK_MIGRATION_LOCK_TABLE,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    throw new Error(
      `@dramarelay/webhook-notifier: migration ${failed?.migrationName ?? '(setup)'} failed`,
      { cause: error },
    );
  }
  return results;
}
