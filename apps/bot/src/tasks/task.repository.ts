import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../database/database.js';
import type { TaskTable } from './task.table.js';

export type Task = Selectable<TaskTable>;
export type NewTask = Insertable<TaskTable>;
export type TaskPatch = Updateable<TaskTable>;

/** What a caller asks for when listing: `expired` is an `active` task past `expires_at`. */
export type TaskListStatus = 'active' | 'paused' | 'expired';

/** Inserts a task; `undefined` when the key already has a live task with this external id. */
export async function insertTask(db: Db, task: NewTask): Promise<Task | undefined> {
  return db
    .insertInto('tasks')
    .values(task)
    .onConflict((oc) =>
      oc.columns(['api_key_id', 'external_id']).where('deleted_at', 'is', null).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
}

export async function findTaskByExternalId(
  db: Db,
  apiKeyId: string,
  externalId: string,
): Promise<Task | undefined> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('api_key_id', '=', apiKeyId)
    .where('external_id', '=', externalId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** A live task owned by the key; another key's task is as absent as a missing one. */
export async function findTaskForKey(
  db: Db,
  apiKeyId: string,
  id: number,
): Promise<Task | undefined> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('id', '=', id)
    .where('api_key_id', '=', apiKeyId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export interface ListTasksOptions {
  status?: TaskListStatus;
  limit: number;
  offset: number;
  now: Date;
}

export async function listTasksForKey(
  db: Db,
  apiKeyId: string,
  options: ListTasksOptions,
): Promise<{ tasks: Task[]; total: number }> {
  let query = db
    .selectFrom('tasks')
    .where('api_key_id', '=', apiKeyId)
    .where('deleted_at', 'is', null);
  if (options.status === 'paused') query = query.where('status', '=', 'paused');
  if (options.status === 'active') {
    query = query.where('status', '=', 'active').where('expires_at', '>', options.now);
  }
  if (options.status === 'expired') {
    query = query.where('status', '=', 'active').where('expires_at', '<=', options.now);
  }
  const [tasks, { total }] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { tasks, total: Number(total) };
}

export async function updateTaskForKey(
  db: Db,
  apiKeyId: string,
  id: number,
  patch: TaskPatch,
): Promise<Task | undefined> {
  return db
    .updateTable('tasks')
    .set(patch)
    .where('id', '=', id)
    .where('api_key_id', '=', apiKeyId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Deletes softly: claims and rewards keep pointing at the row, and the caller's task_id is
 * free to be used again.
 */
export async function deleteTaskForKey(
  db: Db,
  apiKeyId: string,
  id: number,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({ deleted_at: now, updated_at: now })
    .where('id', '=', id)
    .where('api_key_id', '=', apiKeyId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Tasks users can claim now: live, active and not expired; newest first. */
export async function listClaimableTasks(
  db: Db,
  options: { now: Date; limit: number; offset: number },
): Promise<{ tasks: Task[]; total: number }> {
  const query = db
    .selectFrom('tasks')
    .where('deleted_at', 'is', null)
    .where('status', '=', 'active')
    .where('expires_at', '>', options.now);
  const [tasks, { total }] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { tasks, total: Number(total) };
}

export async function findClaimableTask(db: Db, id: number, now: Date): Promise<Task | undefined> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('status', '=', 'active')
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function findTaskById(db: Db, id: number): Promise<Task | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}
