import type { ExpressionBuilder, Insertable, Selectable, Updateable } from 'kysely';
import type { AppTables, Db } from '../database/database.js';
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

function liveTaskOfKey(db: Db, apiKeyId: string, id: number) {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('id', '=', id)
    .where('api_key_id', '=', apiKeyId)
    .where('deleted_at', 'is', null);
}

/** A live task owned by the key; another key's task is as absent as a missing one. */
export async function findTaskForKey(
  db: Db,
  apiKeyId: string,
  id: number,
): Promise<Task | undefined> {
  return liveTaskOfKey(db, apiKeyId, id).executeTakeFirst();
}

/** `findTaskForKey` holding the row until the transaction ends, so a change sees what it changes. */
export async function lockTaskForKey(
  tx: Db,
  apiKeyId: string,
  id: number,
): Promise<Task | undefined> {
  return liveTaskOfKey(tx, apiKeyId, id).forUpdate().executeTakeFirst();
}

/**
 * Active live tasks past `expires_at` whose expiry was not announced yet, oldest first, locked
 * (skipping those another sweeper holds) until the transaction ends.
 */
export async function lockUnannouncedExpiries(tx: Db, now: Date, limit: number): Promise<Task[]> {
  return tx
    .selectFrom('tasks')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('status', '=', 'active')
    .where('expires_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb('expiry_announced_for', 'is', null),
        eb('expiry_announced_for', '!=', eb.ref('expires_at')),
      ]),
    )
    .orderBy('expires_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markExpiryAnnounced(tx: Db, task: Task): Promise<void> {
  await tx
    .updateTable('tasks')
    .set({ expiry_announced_for: task.expires_at })
    .where('id', '=', task.id)
    .execute();
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
  return listTasks(db, apiKeyId, options);
}

/** Every key's tasks, newest first: the operator's dashboard. */
export async function listTasksOfEveryKey(
  db: Db,
  options: ListTasksOptions,
): Promise<{ tasks: Task[]; total: number }> {
  return listTasks(db, null, options);
}

async function listTasks(db: Db, apiKeyId: string | null, options: ListTasksOptions) {
  let query = db.selectFrom('tasks').where('deleted_at', 'is', null);
  if (apiKeyId !== null) query = query.where('api_key_id', '=', apiKeyId);
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

/**
 * Whether a task still pays: no `max_completions`, or fewer verified claims than that. Only a
 * filter for browsing and claiming; the completion itself counts again under a lock.
 */
export function hasRoom(eb: ExpressionBuilder<AppTables, 'tasks'>) {
  return eb.or([
    eb('tasks.max_completions', 'is', null),
    eb(
      eb
        .selectFrom('claims')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('claims.task_id', '=', 'tasks.id')
        .where('claims.status', '=', 'verified'),
      '<',
      eb.ref('tasks.max_completions'),
    ),
  ]);
}

/** Which tasks to list: all, or one category (`null`: the tasks that have none). */
export type CategoryFilter = { all: true } | { all: false; category: string | null };

function claimable(db: Db, now: Date) {
  return db
    .selectFrom('tasks')
    .where('deleted_at', 'is', null)
    .where('status', '=', 'active')
    .where('expires_at', '>', now)
    .where(hasRoom);
}

/** Tasks users can claim now: live, active, not expired, not full; newest first. */
export async function listClaimableTasks(
  db: Db,
  options: { now: Date; limit: number; offset: number; filter?: CategoryFilter },
): Promise<{ tasks: Task[]; total: number }> {
  let query = claimable(db, options.now);
  const filter = options.filter;
  if (filter && !filter.all) {
    query =
      filter.category === null
        ? query.where('category', 'is', null)
        : query.where('category', '=', filter.category);
  }
  const [tasks, { total }] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { tasks, total: Number(total) };
}

export interface CategoryCount {
  /** `null`: tasks without a category. */
  category: string | null;
  count: number;
}

/** The categories of the tasks users can claim now, the fullest first. */
export async function listClaimableCategories(db: Db, now: Date): Promise<CategoryCount[]> {
  const rows = await claimable(db, now)
    .select((eb) => ['category', eb.fn.countAll<number>().as('count')])
    .groupBy('category')
    .orderBy('count', 'desc')
    .orderBy('category')
    .execute();
  return rows.map((r) => ({ category: r.category, count: Number(r.count) }));
}

/** A task users can claim now (live, active, not expired), full or not. */
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

/** Whether a task has paid `max_completions` claims already. */
export async function isTaskFull(db: Db, taskId: number): Promise<boolean> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => hasRoom(eb).as('room'))
    .where('id', '=', taskId)
    .executeTakeFirst();
  return row !== undefined && !row.room;
}

export async function findTaskById(db: Db, id: number): Promise<Task | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}
