import type { Db } from '../database/database.js';
import type { CompletionWebhooks } from '../notifications/completion-webhooks.js';
import { completeClaim } from '../rewards/complete-claim.js';
import {
  findClaim,
  rejectSubmission,
  scheduleVerificationRetry,
} from '../submissions/claim.repository.js';
import type { VerificationDetails } from '../submissions/claim.table.js';
import type { Platform } from '../submissions/platform-link.js';
import { findTaskById } from '../tasks/task.repository.js';
import { matchVideo } from './keyword-match.js';
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
      reason: 'no_match' | 'unverifiable';
      details: VerificationDetails | null;
    }
  | { status: 'pending'; claimId: number; userId: number; nextCheckAt: Date; error: string }
  /** Already verified, replaced by a newer link, or gone: nothing was done. */
  | { status: 'unchanged'; claimId: number };

export interface ClaimVerifier {
  verify(claimId: number): Promise<VerificationOutcome>;
  canCheck(platform: Platform): boolean;
}

export interface ClaimVerifierDeps {
  db: Db;
  webhooks: CompletionWebhooks;
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

    const answer = await fetchVideoFacts(claim.platform, link, deps.oembed);
    if (!answer.ok) {
      const attempts = claim.verification_attempts + 1;
      if (attempts >= recheck.maxAttempts) {
        const rejected = await rejectSubmission(deps.db, {
          claimId,
          link,
          error: `could not be verified: ${answer.error}`,
          details: null,
          now: now(),
        });
        return rejected
          ? { ...base, status: 'rejected', reason: 'unverifiable', details: null }
          : { status: 'unchanged', claimId };
      }
      const delay = Math.min(recheck.firstDelayMs * 2 ** (attempts - 1), recheck.maxDelayMs);
      const nextCheckAt = new Date(deps.clock.now() + delay);
      const kept = await scheduleVerificationRetry(deps.db, {
        claimId,
        link,
        error: answer.error,
        nextAt: nextCheckAt,
        now: now(),
      });
      return kept
        ? { ...base, status: 'pending', nextCheckAt, error: answer.error }
        : { status: 'unchanged', claimId };
    }

    const details = matchVideo(task, answer.facts);
    if (!details.matched) {
      const rejected = await rejectSubmission(deps.db, {
        claimId,
        link,
        error: 'the video does not match the task',
        details,
        now: now(),
      });
      return rejected
        ? { ...base, status: 'rejected', reason: 'no_match', details }
        : { status: 'unchanged', claimId };
    }

    const result = await completeClaim(deps, { claimId, link, details, now: now() });
    return result.completed
      ? { ...base, status: 'verified', reward: result.reward, details }
      : { status: 'unchanged', claimId };
  }

  return { verify, canCheck: (platform) => canCheck(platform, deps.oembed) };
}
