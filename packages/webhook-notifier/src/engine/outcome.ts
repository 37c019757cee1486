import { DeliveryError } from '../errors/delivery-error.js';
import type { Verdict } from '../retry/classify.js';
import { type RetryPolicy, retryDelay } from '../retry/retry-policy.js';
import type { AttemptRecord, DeliveryOutcome, DeliveryRecord } from '../store/delivery-store.js';
import type { FailureReason } from './events.js';

/** The decision after one attempt, with what the events need to say about it. */
export interface Decision {
  outcome: DeliveryOutcome;
  result: 'delivered' | 'retry' | 'failed';
  failureReason: FailureReason | null;
  error: DeliveryError | null;
}

export interface DecideInput {
  delivery: DeliveryRecord;
  attempt: AttemptRecord;
  verdict: Verdict;
  workerId: string;
  /** When the attempt finished; the next attempt is scheduled from here. */
  now: number;
  policy: RetryPolicy;
  random: () => number;
}

/**
 * Turns a verdict into the delivery's next state: delivered; pending again after the
 * schedule's (jittered) step, or the receiver's `Retry-After` when that is longer; or failed,
 * when the error is permanent, the endpoint is gone, or the schedule is exhausted.
 *
 * @example
 * decideOutcome({ delivery, attempt, verdict, workerId, now, policy, random }).outcome.status;
 */
export function decideOutcome(input: DecideInput): Decision {
  const { delivery, attempt, verdict, workerId } = input;
  const { id: deliveryId, leaseExpiresAt } = delivery;
  if (verdict.outcome === 'delivered') {
    return {
      outcome: { deliveryId, workerId, leaseExpiresAt, attempt, status: 'delivered' },
      result: 'delivered',
      failureReason: null,
      error: null,
    };
  }
  const retryable = verdict.outcome === 'retry';
  const error = new DeliveryError({
    message: attempt.error ?? verdict.message,
    status: verdict.statusCode,
    attempt: attempt.attempt,
    retryable,
    errorClass: verdict.errorClass,
  });
  if (verdict.outcome === 'retry') {
    const step = retryDelay(input.policy, attempt.attempt - delivery.attemptBase - 1, input.random);
    if (step !== undefined) {
      const delay = Math.max(step, verdict.retryAfterMs ?? 0);
      const nextAttemptAt = new Date(input.now + delay);
      return {
        outcome: {
          deliveryId,
          workerId,
          leaseExpiresAt,
          attempt,
          status: 'pending',
          nextAttemptAt,
          error: error.message,
        },
        result: 'retry',
        failureReason: null,
        error,
      };
    }
  }
  const failureReason: FailureReason =
    verdict.outcome === 'retry'
      ? 'attempts_exhausted'
      : verdict.outcome === 'disable'
        ? 'endpoint_gone'
        : 'permanent_error';
  return {
    outcome: {
      deliveryId,
      workerId,
      leaseExpiresAt,
      attempt,
      status: 'failed',
      error: error.message,
    },
    result: 'failed',
    failureReason,
    error,
  };
}
