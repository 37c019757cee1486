import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The dashboard: an operator scope on API keys (sees every tenant), and browser sessions
 * kept server-side. A session row holds only a hash of the cookie's token, so a leaked
 * database cannot be replayed as a cookie; its CSRF token is the synchronizer of its forms.
 */
export const dashboardSessions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('api_keys')
      .addColumn('operator', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
    await db.schema
      .createTable('dashboard_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('api_key_id', 'text', (c) =>
        c.notNull().references('api_keys.id').onDelete('cascade'),
      )
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('dashboard_sessions_expires_at')
      .on('dashboard_sessions')
      .column('expires_at')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('dashboard_sessions').execute();
    await db.schema.alterTable('api_keys').dropColumn('operator').execute();
  },
};
