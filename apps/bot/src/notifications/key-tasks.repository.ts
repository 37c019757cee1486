import type { Db } from '../database/database.js';

/**
 * Every task id of a key, deleted ones included: a deleted task's endpoint and deliveries
 * still belong to the key that made them.
 */
export async function taskIdsOfKey(db: Db, apiKeyId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('api_key_id', '=', apiKeyId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Whether a task (deleted or not) was made by this key. */
export async function isTaskOfKey(db: Db, apiKeyId: string, taskId: number): Promise<boolean> {
  const row = await db
    .selectFrom('tasks')
    .select('id')
    .where('id', '=', taskId)
    .where('api_key_id', '=', apiKeyId)
    .executeTakeFirst();
  return row !== undefined;
}
