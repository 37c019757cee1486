import { migrateWebhookTables } from '@dramarelay/webhook-notifier/kysely';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { initial } from './migrations/0001-initial.js';
import { claimsVideoKey } from './migrations/0002-claims-video-key.js';
import { claimsWebhookError } from './migrations/0003-claims-webhook-error.js';
import { tasksMaxCompletions } from './migrations/0004-tasks-max-completions.js';
import { keyEndpointRecords } from './migrations/0005-key-endpoint-records.js';
import { dashboardSessions } from './migrations/0006-dashboard-sessions.js';

/** Listed in code, not read from a folder, so they run the same under tsx and bundlers. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-claims-video-key': claimsVideoKey,
  '0003-claims-webhook-error': claimsWebhookError,
  '0004-tasks-max-completions': tasksMaxCompletions,
  '0005-key-endpoint-records': keyEndpointRecords,
  '0006-dashboard-sessions': dashboardSessions,
};

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Brings the app's tables up to date; its own bookkeeping tables, apart from the notifier's.
 * The notifier's tables must be up to date first (`migrateAll`): the app's endpoints are its
 * records.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on any database type
export async function migrateAppTables(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'app_migrations',
    migrationLockTableName: 'app_migrations_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new MigrationError(
      `app migration ${failed?.migrationName ?? ''} failed: ${String(error)}`.replace('  ', ' '),
      { cause: error },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The app's tables and the notifier's, each with its own migration bookkeeping. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on any database type
export async function migrateAll(db: Kysely<any>): Promise<void> {
  await migrateWebhookTables(db);
  await migrateAppTables(db);
}
