import type { VerificationDetails } from '../submissions/claim.table.js';

/** The `task.completed` body integrators already parse; fields are only ever added. */
export interface TaskCompletedEvent {
  event: 'task.completed';
  timestamp: string;
  data: {
    /** The caller's own task id, as it was sent (a string); `null` when none was sent. */
    task_id: string | null;
    /** This service's id of the task (the `:id` of `GET /api/tasks/:id`). */
    relay_task_id: number;
    task_title: string;
    user_id: number;
    username: string | null;
    platform: string;
    submission_link: string;
    submitted_at: string;
    verified_at: string;
    node_power_earned: number;
    verification_status: 'verified';
    verification_details: VerificationDetails;
  };
}

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
