import type { SubmissionRejectedEvent } from '@dramarelay/receiver-verify';
import type { VerificationDetails } from '../submissions/claim.table.js';
import type { RejectionReason } from '../verification/verify-claim.js';

/**
 * The `submission.rejected` body: the type receiver-verify publishes, generated from
 * docs/schemas/submission.rejected.json. `reasonText` is the message the user was sent.
 */
export type { SubmissionRejectedEvent };

export interface RejectedSubmissionFacts {
  claimId: number;
  task: { id: number; external_id: string | null; title: string };
  user: { id: number; username: string | null };
  platform: string;
  link: string;
  submittedAt: Date | null;
  rejectedAt: Date;
  reason: RejectionReason;
  reasonText: string;
  language: string;
  details: VerificationDetails | null;
}

export function submissionRejectedEvent(facts: RejectedSubmissionFacts): SubmissionRejectedEvent {
  return {
    event: 'submission.rejected',
    timestamp: facts.rejectedAt.toISOString(),
    data: {
      claim_id: facts.claimId,
      relay_task_id: facts.task.id,
      task_id: facts.task.external_id,
      task_title: facts.task.title,
      user_id: facts.user.id,
      username: facts.user.username,
      platform: facts.platform,
      submission_link: facts.link,
      submitted_at: facts.submittedAt?.toISOString() ?? null,
      rejected_at: facts.rejectedAt.toISOString(),
      reason: facts.reason,
      reason_text: facts.reasonText,
      language: facts.language,
      verification_details: facts.details,
    },
  };
}
