import type { Db } from '../database/database.js';
import type { CompletionWebhooks } from '../notifications/completion-webhooks.js';
import { countClaimsByTask, latestWebhooks } from '../submissions/claim.repository.js';
import type { Task } from './task.repository.js';
import { type TaskView, taskView } from './task-view.js';

/** Tasks as the API shows them: with claim counts and their latest completion's webhook. */
export async function taskViews(
  deps: { db: Db; webhooks: CompletionWebhooks; now: () => Date },
  tasks: Task[],
): Promise<TaskView[]> {
  const ids = tasks.map((t) => t.id);
  const [counts, webhooks] = await Promise.all([
    countClaimsByTask(deps.db, ids),
    latestWebhooks(deps.db, ids),
  ]);
  const now = deps.now();
  return Promise.all(
    tasks.map(async (task) => {
      const latest = webhooks.get(task.id);
      const delivery = latest?.deliveryId
        ? await deps.webhooks.delivery(latest.deliveryId)
        : undefined;
      const refused = latest?.deliveryId === null ? latest.error : undefined;
      return taskView(task, { now, delivery, refused, counts: counts.get(task.id) });
    }),
  );
}
