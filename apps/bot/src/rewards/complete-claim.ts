import type { Db } from '../database/database.js';
import type { CompletionWebhooks } from '../notifications/completion-webhooks.js';
import { resolveEndpoint } from '../notifications/resolve-endpoint.js';
import { taskCompletedEvent } from '../notifications/task-completed-event.js';
import type { Claim } from '../submissions/claim.repository.js';
import type { VerificationDetails } from '../submissions/claim.table.js';
import { creditClaimReward } from './reward.repository.js';

export type CompletionResult =
  | { completed: true; claim: Claim; reward: number; deliveryId: string | null }
  | { completed: false };

/**
 * Marks a verified link, pays for it and writes its webhook, all in one transaction. The
 * status guard makes a second (or concurrent) completion of the same claim a no-op: it waits
 * on the row lock, then finds the claim verified and changes nothing.
 */
export async function completeClaim(
  deps: { db: Db; webhooks: CompletionWebhooks },
  input: { claimId: number; link: string; details: VerificationDetails; now: Date },
): Promise<CompletionResult> {
  return deps.db.transaction().execute(async (tx) => {
    const claim = await tx
      .updateTable('claims')
      .set({
        status: 'verified',
        verified_at: input.now,
        verification_details: JSON.stringify(input.details),
        verification_attempts: (eb) => eb('verification_attempts', '+', 1),
        next_verification_at: null,
        last_verification_error: null,
        updated_at: input.now,
      })
      .where('id', '=', input.claimId)
      // Only the link that was checked, and only while it is under review (never twice).
      .where('status', '=', 'pending_verification')
      .where('submission_link', '=', input.link)
      .returningAll()
      .executeTakeFirst();
    if (!claim) return { completed: false };

    const task = await tx
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', claim.task_id)
      .executeTakeFirstOrThrow();
    const user = await tx
      .selectFrom('telegram_users')
      .select(['id', 'username'])
      .where('id', '=', claim.user_id)
      .executeTakeFirstOrThrow();
    const reward = task.node_power_reward;
    await creditClaimReward(tx, {
      userId: claim.user_id,
      claimId: claim.id,
      amount: reward,
      now: input.now,
    });

    const endpoint = await resolveEndpoint(tx, task);
    if (!endpoint) return { completed: true, claim, reward, deliveryId: null };
    const event = taskCompletedEvent({
      task,
      user,
      platform: claim.platform ?? 'unknown',
      link: input.link,
      submittedAt: claim.submitted_at ?? input.now,
      verifiedAt: input.now,
      reward,
      details: input.details,
    });
    const { messageId, deliveryId } = await deps.webhooks.enqueue(tx, {
      endpoint,
      event,
      idempotencyKey: `task.completed:${claim.id}`,
    });
    const updated = await tx
      .updateTable('claims')
      .set({ webhook_message_id: messageId, webhook_delivery_id: deliveryId })
      .where('id', '=', claim.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { completed: true, claim: updated, reward, deliveryId };
  });
}
