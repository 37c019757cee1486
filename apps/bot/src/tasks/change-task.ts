import { randomUUID } from 'node:crypto';
import type { Db } from '../database/database.js';
import type { CompletionWebhooks } from '../notifications/completion-webhooks.js';
import { taskChangeEvent, taskDeletedEvent } from '../notifications/task-events.js';
import type { TaskCreationDeps } from './create-tasks.js';
import {
  deleteTaskForKey,
  lockTaskForKey,
  type Task,
  updateTaskForKey,
} from './task.repository.js';
import type { UpdateTaskInput } from './task-input.js';
import { taskPatch } from './task-patch.js';

export interface TaskChangeDeps extends Pick<TaskCreationDeps, 'checkUrl' | 'generateSecret'> {
  db: Db;
  webhooks: Pick<CompletionWebhooks, 'send'>;
  now: () => Date;
}

/**
 * Changes a live task of the key and writes what changed (`task.updated`, or `task.paused`)
 * in the same transaction; nothing is sent when no value changed. `undefined`: no such task.
 */
export async function updateTask(
  deps: TaskChangeDeps,
  apiKeyId: string,
  id: number,
  input: UpdateTaskInput,
): Promise<{ task: Task; generatedSecret: string | undefined } | undefined> {
  return deps.db.transaction().execute(async (tx) => {
    const before = await lockTaskForKey(tx, apiKeyId, id);
    if (!before) return undefined;
    const { patch, generatedSecret } = taskPatch({ ...deps, now: deps.now() }, before, input);
    const task = await updateTaskForKey(tx, apiKeyId, id, patch);
    if (!task) return undefined;
    const event = taskChangeEvent(before, task);
    if (event) {
      // Each change is its own event: no key of the change's own would tell two apart.
      const idempotencyKey = `${event.event}:${id}:${randomUUID()}`;
      await deps.webhooks.send(tx, { apiKeyId, event, idempotencyKey });
    }
    return { task, generatedSecret };
  });
}

/** Deletes a live task of the key (softly) with its `task.deleted`; `false`: no such task. */
export async function deleteTask(
  deps: Pick<TaskChangeDeps, 'db' | 'webhooks' | 'now'>,
  apiKeyId: string,
  id: number,
): Promise<boolean> {
  return deps.db.transaction().execute(async (tx) => {
    const before = await lockTaskForKey(tx, apiKeyId, id);
    if (!before) return false;
    const now = deps.now();
    if (!(await deleteTaskForKey(tx, apiKeyId, id, now))) return false;
    const event = taskDeletedEvent(before, now);
    await deps.webhooks.send(tx, { apiKeyId, event, idempotencyKey: `task.deleted:${id}` });
    return true;
  });
}
