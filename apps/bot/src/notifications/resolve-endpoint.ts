import type { Transaction } from 'kysely';
import type { AppTables } from '../database/database.js';
import type { Task } from '../tasks/task.repository.js';
import type { CompletionWebhooks, WebhookEndpoint } from './completion-webhooks.js';
import { keyEndpointId, taskEndpointId } from './endpoint-ids.js';
import type { TaskCompletedEvent } from './task-completed-event.js';

/** The task's own callback as an endpoint; `undefined` when it has none. */
export function taskCallbackEndpoint(task: Task): WebhookEndpoint | undefined {
  if (!task.callback_url || !task.callback_secret) return undefined;
  return {
    id: taskEndpointId(task.id),
    url: task.callback_url,
    secrets: [task.callback_secret],
    scheme: task.callback_scheme ?? 'standard-webhooks',
  };
}

/**
 * Where a task's completion goes, in `tx`: to its own callback only, as it always has; else to
 * every endpoint of its key subscribed to `task.completed` (the default endpoint among them).
 * `deliveryId` is the one the task's API shows: its callback's, else the default endpoint's,
 * else the first; `null` when no endpoint subscribes.
 */
export async function sendCompletion(
  tx: Transaction<AppTables>,
  webhooks: Pick<CompletionWebhooks, 'enqueue' | 'send'>,
  task: Task,
  input: { event: TaskCompletedEvent; idempotencyKey: string },
): Promise<{ messageId: string; deliveryId: string | null }> {
  const own = taskCallbackEndpoint(task);
  if (own) return webhooks.enqueue(tx, { endpoint: own, ...input });
  const receipt = await webhooks.send(tx, { apiKeyId: task.api_key_id, ...input });
  const fallback = keyEndpointId(task.api_key_id);
  const shown = receipt.deliveries.find((d) => d.endpointId === fallback) ?? receipt.deliveries[0];
  return { messageId: receipt.messageId, deliveryId: shown?.deliveryId ?? null };
}
