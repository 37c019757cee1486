import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AppTables } from '../database/database.js';
import { DEFAULT_LOCALE } from '../i18n/locales.js';
import { translator } from '../i18n/translate.js';
import type { CompletionWebhooks } from '../notifications/completion-webhooks.js';
import { submissionRejectedEvent } from '../notifications/submission-rejected-event.js';
import type { Task } from '../tasks/task.repository.js';
import type { RejectionReason } from '../verification/verify-claim.js';
import { type Claim, rejectSubmission } from './claim.repository.js';
import type { VerificationDetails } from './claim.table.js';
import { outcomeText } from './outcome-text.js';

/**
 * Rejects the link under review and writes `submission.rejected` for the task's key in the
 * same transaction, with the very message the user is sent (`reason_text`, in their
 * language). `undefined` when the link is no longer under review: nothing changed or was sent.
 */
export async function rejectAndAnnounce(
  tx: Transaction<AppTables>,
  webhooks: Pick<CompletionWebhooks, 'send'>,
  task: Task,
  input: {
    claimId: number;
    link: string;
    reason: RejectionReason;
    error: string;
    details: VerificationDetails | null;
    now: Date;
  },
): Promise<Claim | undefined> {
  const claim = await rejectSubmission(tx, input);
  if (!claim) return undefined;
  const user = await tx
    .selectFrom('telegram_users')
    .select(['id', 'username', 'language'])
    .where('id', '=', claim.user_id)
    .executeTakeFirstOrThrow();
  const language = user.language ?? DEFAULT_LOCALE;
  const platform = claim.platform ?? 'unknown';
  const outcome = {
    status: 'rejected' as const,
    claimId: claim.id,
    userId: user.id,
    reason: input.reason,
    details: input.details,
  };
  const event = submissionRejectedEvent({
    claimId: claim.id,
    task,
    user,
    platform,
    link: input.link,
    submittedAt: claim.submitted_at,
    rejectedAt: input.now,
    reason: input.reason,
    reasonText: outcomeText(translator(language), outcome, task, platform) ?? input.error,
    language,
    details: input.details,
  });
  // A link is rejected once (the status guard above); a later link of the same claim is news.
  const idempotencyKey = `submission.rejected:${claim.id}:${randomUUID()}`;
  await webhooks.send(tx, { apiKeyId: task.api_key_id, event, idempotencyKey });
  return claim;
}
