import type { Kysely, Migration } from 'kysely';

/**
 * A completion whose webhook the delivery engine refused (an endpoint or secret no longer
 * usable) is paid without it; `webhook_error` keeps why, so the task's deliveries show it
 * instead of showing nothing.
 */
export const claimsWebhookError: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('claims').addColumn('webhook_error', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('claims').dropColumn('webhook_error').execute();
  },
};
