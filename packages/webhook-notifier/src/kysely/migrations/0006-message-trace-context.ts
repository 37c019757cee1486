import { type Kysely, type Migration, sql } from 'kysely';
import { webhookTables } from '../webhook-database.js';

/**
 * Messages keep the W3C `traceparent` of the span that enqueued them (issue 13), so a worker
 * in another process links its attempt spans to it. Nullable, no default: adding it rewrites
 * nothing, and messages enqueued without tracing stay as they are.
 */
export function createMessageTraceContextMigration(schema?: string): Migration {
  const t = webhookTables(schema);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs before any table type exists
    async up(db: Kysely<any>) {
      await sql`alter table ${t.messages} add column traceparent text`.execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see `up`
    async down(db: Kysely<any>) {
      await sql`alter table ${t.messages} drop column traceparent`.execute(db);
    },
  };
}
