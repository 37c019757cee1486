import type { Db } from '../database/database.js';
import type { CompletionWebhooks } from '../notifications/completion-webhooks.js';
import {
  type CompletionDeps,
  type CompletionResult,
  completeClaim,
  TASK_DELETED_ERROR,
} from '../rewards/complete-claim.js';
import { findClaim, scheduleVerificationRetry } from '../submissions/claim.repository.js';
import type { VerificationDetails } from '../submissions/claim.table.js';
import type { Platform } from '../submissions/platform-link.js';
import { rejectAndAnnounce } from '../submissions/reject-submission.js';
import { findTaskById } from '../tasks/task.repository.js';
import { matchTermsOf, matchVideo } from './keyword-match.js';
import { canCheck, fetchVideoFacts, type OembedOptions } from './oembed.js';

export interface Clock {
  now(): number;
}

/** How long a link that cannot be checked waits, and how often it is tried, before giving up. */
export interface RecheckPolicy {
  maxAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RECHECK: RecheckPolicy = {
  maxAttempts: 12,
  firstDelayMs: 60_000,
  maxDelayMs: 6 * 60 * 60_000,
};

/**
 * `task_deleted`: the task was deleted before the link was verified; `task_full`: it had paid
 * its `max_completions` already; `unmatchable`: the task gives no usable drama name, keyword
 * or title to look for.
 */
export type RejectionReason =
  | 'no_match'
  | 'unverifiable'
  | 'task_deleted'
  | 'task_full'
  | 'unmatchable';

export type VerificationOutcome =
  | {
      status: 'verified';
      claimId: number;
      userId: number;
      reward: number;
      details: VerificationDetails;
    }
  | {
      status: 'rejected';
      claimId: number;
      userId: number;
      reason: RejectionReason;
      details: VerificationDetails | null;
    }
  | {
      status: 'pending';
      claimId: number;
      userId: number;
      nextCheckAt: Date;
      error: string;
      /** Checks made so far: the user hears about the first one that could not be made. */
      attempts: number;
    }
  /** Already verified, replaced by a newer link, or gone: nothing was done. */
  | { status: 'unchanged'; claimId: number };

export interface ClaimVerifier {
  verify(claimId: number): Promise<VerificationOutcome>;
  canCheck(platform: Platform): boolean;
}

export interface ClaimVerifierDeps {
  db: Db;
  webhooks: CompletionWebhooks;
  /** Told about completions that failed or whose webhook was refused. */
  logger: CompletionDeps['logger'];
  clock: Clock;
  oembed: OembedOptions;
  recheck?: RecheckPolicy;
}

/**
 * Checks a submitted link against its task. The only way to `verified` is an oEmbed answer
 * that matches; a link that cannot be checked stays under review and is tried again, and after
 * `maxAttempts` it is rejected, never passed.
 */
export function createClaimVerifier(deps: ClaimVerifierDeps): ClaimVerifier {
  const recheck = deps.recheck ?? DEFAULT_RECHECK;
  const now = () => new Date(deps.clock.now());

  async function verify(claimId: number): Promise<VerificationOutcome> {
    const claim = await findClaim(deps.db, claimId);
    const link = claim?.submission_link;
    if (claim?.status !== 'pending_verification' || !link || !claim.platform) {
      return { status: 'unchanged', claimId };
    }
    const task = await findTaskById(deps.db, claim.task_id);
    if (!task) return { status: 'unchanged', claimId };
    const base = { claimId, userId: claim.user_id };

    const reject = async (
      reason: RejectionReason,
      error: string,
      details: VerificationDetails | null,
    ): Promise<VerificationOutcome> => {
      const rejected = await deps.db.transaction().execute((tx) =>
        rejectAndAnnounce(tx, deps.webhooks, task, {
          claimId,
          link,
          reason,
          error,
          details,
          now: now(),
        }),
      );
      return rejected
        ? { ...base, status: 'rejected', reason, details }
        : { status: 'unchanged', claimId };
    };

    /** A check that could not be made: tried again later, and rejected after the last try. */
    const retryLater = async (error: string): Promise<VerificationOutcome> => {
      const attempts = claim.verification_attempts + 1;
      if (attempts >= recheck.maxAttempts) {
        return reject('unverifiable', `could not be verified: ${error}`, null);
      }
      const delay = Math.min(recheck.firstDelayMs * 2 ** (attempts - 1), recheck.maxDelayMs);
      const nextCheckAt = new Date(deps.clock.now() + delay);
      const kept = await scheduleVerificationRetry(deps.db, {
        claimId,
        link,
        error,
        nextAt: nextCheckAt,
        now: now(),
      });
      return kept
        ? { ...base, status: 'pending', nextCheckAt, error, attempts }
        : { status: 'unchanged', claimId };
    };

    if (task.deleted_at !== null) return reject('task_deleted', TASK_DELETED_ERROR, null);
    // Fails closed: a task with nothing to look for would otherwise match every video.
    if (matchTermsOf(task).terms.length === 0) {
      return reject('unmatchable', 'the task has no usable drama name, keyword or title', null);
    }

    const answer = await fetchVideoFacts(claim.platform, link, deps.oembed);
    if (!answer.ok) return retryLater(answer.error);

    const details = matchVideo(task, answer.facts);
    if (!details.matched) return reject('no_match', 'the video does not match the task', details);

    let result: CompletionResult;
    try {
      result = await completeClaim(deps, { claimId, link, details, now: now() });
    } catch (error) {
      // Counted like a check that could not be made, so a completion that keeps failing is
      // retried with growing delays and then rejected, never retried forever.
      deps.logger.error(
        { err: error, claimId, taskId: task.id },
        'completing a verified link failed',
      );
      return retryLater('the verified link could not be recorded');
    }
    if (result.completed) return { ...base, status: 'verified', reward: result.reward, details };
    return result.reason === 'not_pending'
      ? { status: 'unchanged', claimId }
      : { ...base, status: 'rejected', reason: result.reason, details };
  }

  return { verify, canCheck: (platform) => canCheck(platform, deps.oembed) };
}
