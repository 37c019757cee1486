import type { Migration } from 'kysely';
import { type Kysely, sql } from 'kysely';

/**
 * A task may cap how many claims it pays (`max_completions`, none by default). Completions are
 * counted from the verified claims, under a lock on the task row; the index keeps that count
 * (and the bot's "is it full" test on every listed task) cheap.
 */
export const tasksMaxCompletions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('tasks')
      .addColumn('max_completions', 'integer', (c) =>
        c.check(sql`max_completions is null or max_completions > 0`),
      )
      .execute();
    await db.schema
      .createIndex('claims_verified_by_task')
      .on('claims')
      .column('task_id')
      .where(sql.ref('status'), '=', 'verified')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('claims_verified_by_task').execute();
    await db.schema.alterTable('tasks').dropColumn('max_completions').execute();
  },
};
