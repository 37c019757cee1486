import type { Db } from '../database/database.js';
import {
  type CompletionWebhooks,
  WebhookRefusedError,
} from '../notifications/completion-webhooks.js';
import { sendCompletion } from '../notifications/resolve-endpoint.js';
import { taskCompletedEvent } from '../notifications/task-completed-event.js';
import { type Claim, updateLinkUnderReview } from '../submissions/claim.repository.js';
import type { VerificationDetails } from '../submissions/claim.table.js';
import { rejectAndAnnounce } from '../submissions/reject-submission.js';
import { creditClaimReward } from './reward.repository.js';

export type CompletionResult =
  | { completed: true; claim: Claim; reward: number; deliveryId: string | null }
  /** Not under review with this link any more (done already, replaced, or gone): no change. */
  | { completed: false; reason: 'not_pending' }
  /**
   * The task was deleted before the link was verified, or had paid its `max_completions`
   * already: the claim is rejected, unpaid.
   */
  | { completed: false; reason: 'task_deleted' | 'task_full'; claim: Claim };

export interface CompletionDeps {
  db: Db;
  webhooks: CompletionWebhooks;
  logger: { error(obj: object, msg: string): void };
}

export const TASK_DELETED_ERROR = 'the task was deleted before the link was verified';
export const TASK_FULL_ERROR = 'the task had reached its max_completions';

/** Counted inside the completion's transaction, which holds the task row's lock. */
async function isFull(db: Db, task: { id: number; max_completions: number | null }) {
  if (task.max_completions === null) return false;
  const { n } = await db
    .selectFrom('claims')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('task_id', '=', task.id)
    .where('status', '=', 'verified')
    .executeTakeFirstOrThrow();
  return Number(n) >= task.max_completions;
}

/**
 * Marks a verified link, pays for it and writes its webhook, all in one transaction. The
 * status guard makes a second (or concurrent) completion of the same claim a no-op: it waits
 * on the row lock, then finds the claim verified and changes nothing.
 *
 * A task deleted before this runs pays nothing: the claim is rejected instead. A webhook the
 * delivery engine refuses (an endpoint or secret that is no longer usable) does not undo the
 * reward, which would only be retried and refused again: the reward is paid without it, and
 * the refusal is kept on the claim (`webhook_error`) and logged.
 */
export async function completeClaim(
  deps: CompletionDeps,
  input: { claimId: number; link: string; details: VerificationDetails; now: Date },
): Promise<CompletionResult> {
  let refused: { taskId: number; claimId: number; reason: string; error: string } | undefined;
  const result = await deps.db.transaction().execute(async (tx): Promise<CompletionResult> => {
    // FOR NO KEY UPDATE: a DELETE of the task that committed first is seen here, a later one
    // waits until this transaction is over, and completions of one task are counted one at a
    // time, so `max_completions` holds however many links are verified at once. (Claims only
    // take a key-share lock on the task: claiming never waits on this.)
    const task = await tx
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', (eb) =>
        eb.selectFrom('claims').select('task_id').where('id', '=', input.claimId),
      )
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!task) return { completed: false, reason: 'not_pending' };
    const refusal =
      task.deleted_at !== null
        ? ('task_deleted' as const)
        : (await isFull(tx, task))
          ? ('task_full' as const)
          : undefined;
    if (refusal) {
      const rejected = await rejectAndAnnounce(tx, deps.webhooks, task, {
        claimId: input.claimId,
        link: input.link,
        reason: refusal,
        error: refusal === 'task_deleted' ? TASK_DELETED_ERROR : TASK_FULL_ERROR,
        details: input.details,
        now: input.now,
      });
      return rejected
        ? { completed: false, reason: refusal, claim: rejected }
        : { completed: false, reason: 'not_pending' };
    }

    // Only the link that was checked, and only while it is under review (never twice).
    const claim = await updateLinkUnderReview(tx, input, {
      status: 'verified',
      verified_at: input.now,
      verification_details: JSON.stringify(input.details),
      verification_attempts: (eb) => eb('verification_attempts', '+', 1),
      next_verification_at: null,
      last_verification_error: null,
      updated_at: input.now,
    });
    if (!claim) return { completed: false, reason: 'not_pending' };

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
    let receipt: { messageId: string; deliveryId: string | null };
    try {
      receipt = await sendCompletion(tx, deps.webhooks, task, {
        event,
        idempotencyKey: `task.completed:${claim.id}`,
      });
    } catch (error) {
      if (!(error instanceof WebhookRefusedError)) throw error;
      refused = { taskId: task.id, claimId: claim.id, reason: error.reason, error: error.message };
      // Kept on the claim, so the task's deliveries show why no webhook was sent.
      const noted = await tx
        .updateTable('claims')
        .set({ webhook_error: `${error.reason}: ${error.message}` })
        .where('id', '=', claim.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { completed: true, claim: noted, reward, deliveryId: null };
    }
    const updated = await tx
      .updateTable('claims')
      .set({ webhook_message_id: receipt.messageId, webhook_delivery_id: receipt.deliveryId })
      .where('id', '=', claim.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { completed: true, claim: updated, reward, deliveryId: receipt.deliveryId };
  });
  if (refused) {
    // Logged once the reward is committed; the engine's message never quotes a secret.
    deps.logger.error(refused, 'task.completed webhook refused; the reward was paid without it');
  }
  return result;
}
