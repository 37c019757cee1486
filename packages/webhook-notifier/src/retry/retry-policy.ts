import { misuse } from '../errors/misuse.js';

/**
 * How a scheduled delay is spread: `'full'` picks uniformly in `[0, step]` (AWS "full
 * jitter"), `{ ratio }` picks uniformly in `[step × (1 − ratio), step × (1 + ratio)]`,
 * `'none'` keeps the step exactly.
 */
export type Jitter = 'full' | 'none' | { readonly ratio: number };

/**
 * A retry schedule as data: `schedule[i]` is the delay in milliseconds after attempt `i + 1`.
 * After the last step the delivery is `failed` (so there are `schedule.length + 1` attempts).
 */
export interface RetryPolicy {
  readonly schedule: readonly number[];
  readonly jitter: Jitter;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Ready-made policies. `original` keeps the promise of the system we replace (5 s, 25 s,
 * 125 s, then failed); `standardWebhooks` is the schedule the Standard Webhooks spec suggests.
 *
 * @example
 * createNotifier({ store, retry: retryPresets.original });
 */
export const retryPresets = Object.freeze({
  original: Object.freeze({
    schedule: Object.freeze([5 * SECOND, 25 * SECOND, 125 * SECOND]),
    jitter: 'none',
  }),
  standardWebhooks: Object.freeze({
    schedule: Object.freeze([
      5 * SECOND,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      10 * HOUR,
    ]),
    jitter: Object.freeze({ ratio: 0.2 }),
  }),
} as const satisfies Record<string, RetryPolicy>);

/**
 * The delay before the next attempt after `retryIndex + 1` attempts since the schedule
 * (re)started, or `undefined` when the schedule is exhausted.
 *
 * @example
 * retryDelay(retryPresets.original, 0, Math.random); // 5000
 * retryDelay(retryPresets.original, 3, Math.random); // undefined: failed
 */
export function retryDelay(
  policy: RetryPolicy,
  retryIndex: number,
  random: () => number,
): number | undefined {
  const step = policy.schedule[retryIndex];
  if (step === undefined) return undefined;
  const { jitter } = policy;
  if (jitter === 'none') return step;
  if (jitter === 'full') return Math.round(random() * step);
  return Math.round(step * (1 + jitter.ratio * (2 * random() - 1)));
}

/**
 * Checks a policy given as an option, throwing a `TypeError` for a bad one.
 *
 * @example
 * validateRetryPolicy({ schedule: [1000, 60_000], jitter: 'full' });
 */
export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  if (!Array.isArray(policy.schedule)) throw misuse('retry.schedule must be an array');
  for (const step of policy.schedule) {
    if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) {
      throw misuse('retry.schedule must hold finite, non-negative millisecond delays');
    }
  }
  const { jitter } = policy;
  if (jitter === 'full' || jitter === 'none') return policy;
  const ratio = typeof jitter === 'object' && jitter !== null ? jitter.ratio : Number.NaN;
  if (!(ratio >= 0 && ratio <= 1)) {
    throw misuse("retry.jitter must be 'full', 'none' or { ratio } with 0 <= ratio <= 1");
  }
  return policy;
}
