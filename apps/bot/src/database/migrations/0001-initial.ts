import { type Kysely, type Migration, sql } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('revoked_at', 'timestamptz')
      .execute();

    await db.schema
      .createTable('key_endpoints')
      .addColumn('api_key_id', 'text', (c) =>
        c.primaryKey().references('api_keys.id').onDelete('cascade'),
      )
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('scheme', 'text', (c) =>
        c.notNull().check(sql`scheme in ('standard-webhooks', 'legacy')`),
      )
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('tasks')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('api_key_id', 'text', (c) => c.notNull().references('api_keys.id'))
      .addColumn('external_id', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('video_url', 'text')
      .addColumn('thumbnail_url', 'text')
      .addColumn('duration', 'integer')
      .addColumn('node_power_reward', 'integer', (c) =>
        c.notNull().check(sql`node_power_reward >= 0`),
      )
      .addColumn('keywords_template', 'text')
      .addColumn('hashtags', 'text')
      .addColumn('category', 'text')
      .addColumn('project_id', 'text')
      .addColumn('source', 'text')
      .addColumn('callback_url', 'text')
      .addColumn('callback_secret', 'text')
      .addColumn('callback_scheme', 'text', (c) =>
        c.check(sql`callback_scheme in ('standard-webhooks', 'legacy')`),
      )
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'paused')`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('deleted_at', 'timestamptz')
      .execute();
    // Idempotent creation: one live task per (API key, caller's task_id).
    await db.schema
      .createIndex('tasks_key_external_id_unique')
      .on('tasks')
      .columns(['api_key_id', 'external_id'])
      .unique()
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('tasks_browse')
      .on('tasks')
      .columns(['status', 'expires_at'])
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();

    await db.schema
      .createTable('telegram_users')
      .addColumn('id', 'bigint', (c) => c.primaryKey())
      .addColumn('username', 'text')
      .addColumn('first_name', 'text')
      .addColumn('language', 'text')
      .addColumn('invited_by', 'bigint')
      .addColumn('node_power', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('awaiting_link_claim_id', 'integer')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createIndex('telegram_users_ranking')
      .on('telegram_users')
      .columns(['node_power desc', 'id'])
      .execute();

    await db.schema
      .createTable('claims')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('telegram_users.id'))
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .check(sql`status in ('claimed', 'pending_verification', 'verified', 'rejected')`),
      )
      .addColumn('platform', 'text')
      .addColumn('submission_link', 'text')
      .addColumn('submitted_at', 'timestamptz')
      .addColumn('verified_at', 'timestamptz')
      .addColumn('verification_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_verification_at', 'timestamptz')
      .addColumn('last_verification_error', 'text')
      .addColumn('verification_details', 'jsonb')
      .addColumn('webhook_message_id', 'text')
      .addColumn('webhook_delivery_id', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('claims_user_task_unique', ['user_id', 'task_id'])
      .execute();
    // One video earns once: a link in review or verified cannot be reused for another claim.
    await db.schema
      .createIndex('claims_live_link_unique')
      .on('claims')
      .column('submission_link')
      .unique()
      .where(sql.ref('status'), 'in', ['pending_verification', 'verified'])
      .execute();
    await db.schema
      .createIndex('claims_verification_due')
      .on('claims')
      .column('next_verification_at')
      .where(sql.ref('status'), '=', 'pending_verification')
      .execute();
    await db.schema
      .createIndex('claims_webhook_delivery')
      .on('claims')
      .column('webhook_delivery_id')
      .execute();

    await db.schema
      .createTable('reward_ledger')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('telegram_users.id'))
      .addColumn('claim_id', 'integer', (c) => c.notNull().unique().references('claims.id'))
      .addColumn('amount', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'reward_ledger',
      'claims',
      'telegram_users',
      'tasks',
      'key_endpoints',
      'api_keys',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
