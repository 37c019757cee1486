import type { Db } from '../database/database.js';
import { findKeyEndpoint } from '../endpoints/endpoint.repository.js';
import type { Task } from '../tasks/task.repository.js';
import type { WebhookEndpoint } from './completion-webhooks.js';

/** Where a task's completion goes: its own callback, else its key's default, else nowhere. */
export async function resolveEndpoint(db: Db, task: Task): Promise<WebhookEndpoint | undefined> {
  if (task.callback_url && task.callback_secret) {
    return {
      id: `task_${task.id}`,
      url: task.callback_url,
      secret: task.callback_secret,
      scheme: task.callback_scheme ?? 'standard-webhooks',
    };
  }
  const fallback = await findKeyEndpoint(db, task.api_key_id);
  if (!fallback) return undefined;
  return {
    id: `apikey_${task.api_key_id}`,
    url: fallback.url,
    secret: fallback.secret,
    scheme: fallback.scheme,
  };
}
