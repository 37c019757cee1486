import type { DeliveryView } from '../notifications/completion-webhooks.js';
import type { ClaimCounts } from '../submissions/claim.repository.js';
import type { Task } from './task.repository.js';

/** A task as the API shows it. The callback secret is never part of it. */
export function taskView(
  task: Task,
  extras: {
    now: Date;
    delivery?: DeliveryView | undefined;
    /** Why the latest completion's webhook was refused, when it was. */
    refused?: string | undefined;
    counts?: ClaimCounts | undefined;
  },
) {
  const delivery = extras.delivery;
  return {
    id: task.id,
    ...taskFields(task, extras.now),
    claims: extras.counts?.claims ?? 0,
    completions: extras.counts?.completions ?? 0,
    /**
     * Of the latest completion's webhook; `null` until a completion is sent, `refused` when
     * the delivery engine refused to write it (the reason is in `callback_last_error`).
     */
    callback_status: extras.refused !== undefined ? 'refused' : (delivery?.status ?? null),
    callback_attempts: delivery?.attempts ?? 0,
    /**
     * The original X2C API's name, kept for its integrations: the attempts of the latest
     * completion's webhook that failed (all of them, except a successful last one).
     */
    callback_retry_count: delivery
      ? delivery.attempts - (delivery.status === 'success' && delivery.attempts > 0 ? 1 : 0)
      : 0,
    callback_last_attempt: delivery?.lastAttemptAt?.toISOString() ?? null,
    callback_last_status_code: delivery?.lastStatusCode ?? null,
    callback_last_error: extras.refused ?? delivery?.lastError ?? null,
    callback_delivery_id: delivery?.id ?? null,
  };
}

export type TaskView = ReturnType<typeof taskView>;

/**
 * What the API and the `task.*` events both say of a task, `status` as of `at` (`expired`: an
 * active task past `expires_at`). Never the callback secret.
 */
export function taskFields(task: Task, at: Date) {
  const expired = task.status === 'active' && task.expires_at.getTime() <= at.getTime();
  return {
    task_id: task.external_id,
    title: task.title,
    description: task.description,
    video_url: task.video_url,
    thumbnail_url: task.thumbnail_url,
    duration: task.duration,
    node_power_reward: task.node_power_reward,
    keywords_template: task.keywords_template,
    hashtags: task.hashtags,
    category: task.category,
    project_id: task.project_id,
    source: task.source,
    status: expired ? ('expired' as const) : task.status,
    expires_at: task.expires_at.toISOString(),
    created_at: task.created_at.toISOString(),
    updated_at: task.updated_at.toISOString(),
    callback_url: task.callback_url,
    callback_scheme: task.callback_scheme,
    /** `null`: no limit; a task with `completions` at `max_completions` is full. */
    max_completions: task.max_completions,
  };
}
