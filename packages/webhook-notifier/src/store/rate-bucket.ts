import type { RateLimit } from './delivery-store.js';

/**
 * A rate-limited endpoint's bucket holds up to this many seconds' worth of attempts (and
 * never less than one): after a quiet spell that many may go at once, so over any window of
 * `w` seconds at most `perSecond * (w + 0.5)` attempts start. Both stores use it (the
 * PostgreSQL store in its claim statement).
 */
export const RATE_BURST_SECONDS = 0.5;

/** Tokens of an endpoint's bucket; `refilledAt` is when `tokens` was last computed. */
export interface RateBucket {
  tokens: number;
  refilledAt: number;
}

/** The most tokens a bucket holds. */
export function burstOf(limit: RateLimit): number {
  return Math.max(1, limit.perSecond * RATE_BURST_SECONDS);
}

/**
 * The bucket at `now`: refilled at `perSecond`, capped at the burst. A clock behind the one
 * that last spent (another process) refills nothing rather than taking tokens back.
 *
 * @example
 * refill(undefined, { perSecond: 10 }, Date.now()); // { tokens: 5, refilledAt: now }
 */
export function refill(bucket: RateBucket | undefined, limit: RateLimit, now: number): RateBucket {
  const burst = burstOf(limit);
  if (bucket === undefined) return { tokens: burst, refilledAt: now };
  const elapsed = Math.max(0, now - bucket.refilledAt) / 1000;
  return {
    tokens: Math.min(burst, bucket.tokens + elapsed * limit.perSecond),
    refilledAt: Math.max(now, bucket.refilledAt),
  };
}
