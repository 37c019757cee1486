import type {
  TaskCreatedEvent,
  TaskDeletedEvent,
  TaskExpiredEvent,
  TaskPausedEvent,
  TaskUpdatedEvent,
} from '@dramarelay/receiver-verify';
import type { Task } from '../tasks/task.repository.js';
import { taskFields } from '../tasks/task-view.js';

/**
 * The `task.*` bodies sent to a key's subscribed endpoints: the types receiver-verify
 * publishes, generated from docs/schemas/task.*.json. `data` is the task as the API shows it
 * (never its callback secret), at the instant of the change.
 */
export type TaskEvent =
  | TaskCreatedEvent
  | TaskUpdatedEvent
  | TaskPausedEvent
  | TaskExpiredEvent
  | TaskDeletedEvent;

/** The task's fields every `task.*` event carries; `status` as GET /api/tasks/{id} says it at `at`. */
export function taskEventData(task: Task, at: Date): TaskCreatedEvent['data'] {
  return { relay_task_id: task.id, ...taskFields(task, at) };
}

export function taskCreatedEvent(task: Task): TaskCreatedEvent {
  return {
    event: 'task.created',
    timestamp: task.created_at.toISOString(),
    data: taskEventData(task, task.created_at),
  };
}

/**
 * What a change of `before` into `after` reports: `task.paused` when it paused an active task,
 * `task.updated` otherwise; `undefined` when no value changed.
 */
export function taskChangeEvent(
  before: Task,
  after: Task,
): TaskUpdatedEvent | TaskPausedEvent | undefined {
  const changed = changedFields(before, after);
  if (changed.length === 0) return undefined;
  const data = { ...taskEventData(after, after.updated_at), changed };
  const timestamp = after.updated_at.toISOString();
  const paused = before.status === 'active' && after.status === 'paused';
  return paused
    ? { event: 'task.paused', timestamp, data }
    : { event: 'task.updated', timestamp, data };
}

export function taskExpiredEvent(task: Task): TaskExpiredEvent {
  return {
    event: 'task.expired',
    timestamp: task.expires_at.toISOString(),
    data: { ...taskEventData(task, task.expires_at), status: 'expired' },
  };
}

/** The task as it was until `deletedAt`. */
export function taskDeletedEvent(task: Task, deletedAt: Date): TaskDeletedEvent {
  return {
    event: 'task.deleted',
    timestamp: deletedAt.toISOString(),
    data: { ...taskEventData(task, deletedAt), deleted_at: deletedAt.toISOString() },
  };
}

/** The API's name of each column a change can set. */
const CHANGEABLE: ReadonlyArray<readonly [keyof Task, string]> = [
  ['external_id', 'task_id'],
  ['title', 'title'],
  ['description', 'description'],
  ['video_url', 'video_url'],
  ['thumbnail_url', 'thumbnail_url'],
  ['duration', 'duration'],
  ['node_power_reward', 'node_power_reward'],
  ['keywords_template', 'keywords_template'],
  ['hashtags', 'hashtags'],
  ['category', 'category'],
  ['max_completions', 'max_completions'],
  ['project_id', 'project_id'],
  ['source', 'source'],
  ['status', 'status'],
  ['expires_at', 'expires_at'],
  ['callback_url', 'callback_url'],
  ['callback_secret', 'callback_secret'],
  ['callback_scheme', 'callback_scheme'],
];

function changedFields(before: Task, after: Task): string[] {
  const same = (a: unknown, b: unknown) =>
    a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
  return CHANGEABLE.filter(([column]) => !same(before[column], after[column])).map(
    ([, name]) => name,
  );
}
