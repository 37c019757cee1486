import type { TaskCompletedEvent } from '@dramarelay/receiver-verify';
import type { VerificationDetails } from '../submissions/claim.table.js';

/**
 * The `task.completed` body integrators already parse (fields are only ever added): the type
 * receiver-verify publishes, generated from docs/schemas/task.completed.json, so what the app
 * builds is checked against the schema's type.
 */
export type { TaskCompletedEvent };

export interface CompletedClaimFacts {
  task: { id: number; external_id: string | null; title: string };
  user: { id: number; username: string | null };
  platform: string;
  link: string;
  submittedAt: Date;
  verifiedAt: Date;
  reward: number;
  details: VerificationDetails;
}

export function taskCompletedEvent(facts: CompletedClaimFacts): TaskCompletedEvent {
  return {
    event: 'task.completed',
    timestamp: facts.verifiedAt.toISOString(),
    data: {
      task_id: facts.task.external_id,
      relay_task_id: facts.task.id,
      task_title: facts.task.title,
      user_id: facts.user.id,
      username: facts.user.username,
      platform: facts.platform,
      submission_link: facts.link,
      submitted_at: facts.submittedAt.toISOString(),
      verified_at: facts.verifiedAt.toISOString(),
      node_power_earned: facts.reward,
      verification_status: 'verified',
      verification_details: facts.details,
    },
  };
}
