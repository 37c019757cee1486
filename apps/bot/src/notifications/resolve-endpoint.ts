import type { Db } from '../database/database.js';
import { findKeyEndpoint, type KeyEndpoint } from '../endpoints/endpoint.repository.js';
import type { Task } from '../tasks/task.repository.js';
import type { WebhookEndpoint } from './completion-webhooks.js';
import { keyEndpointId, taskEndpointId } from './endpoint-ids.js';

/** Where a task's completion goes: its own callback, else its key's default, else nowhere. */
export async function resolveEndpoint(db: Db, task: Task): Promise<WebhookEndpoint | undefined> {
  const own = taskCallbackEndpoint(task);
  if (own) return own;
  const fallback = await findKeyEndpoint(db, task.api_key_id);
  return fallback && keyDefaultEndpoint(fallback);
}

/** The task's own callback as an endpoint; `undefined` when it has none. */
export function taskCallbackEndpoint(task: Task): WebhookEndpoint | undefined {
  if (!task.callback_url || !task.callback_secret) return undefined;
  return {
    id: taskEndpointId(task.id),
    url: task.callback_url,
    secret: task.callback_secret,
    scheme: task.callback_scheme ?? 'standard-webhooks',
  };
}

/** The key's default endpoint as the notifier knows it. */
export function keyDefaultEndpoint(fallback: KeyEndpoint): WebhookEndpoint {
  return {
    id: keyEndpointId(fallback.api_key_id),
    url: fallback.url,
    secret: fallback.secret,
    scheme: fallback.scheme,
  };
}
