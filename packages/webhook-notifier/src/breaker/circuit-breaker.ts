import type { EndpointRecord } from '../store/delivery-store.js';

/** When an endpoint is paused (circuit open) or disabled. */
export interface BreakerOptions {
  /** Consecutive failed attempts that open the circuit (default 5). */
  failureThreshold?: number;
  /** First pause (default 30 s). Later pauses last as long as the outage so far. */
  cooldownMs?: number;
  /** Longest pause (default 15 min). */
  maxCooldownMs?: number;
  /** An endpoint failing without a success for this long is disabled (default 5 days). */
  disableAfterMs?: number;
}

export type ResolvedBreakerOptions = Required<BreakerOptions>;

export const DEFAULT_BREAKER: ResolvedBreakerOptions = Object.freeze({
  failureThreshold: 5,
  cooldownMs: 30_000,
  maxCooldownMs: 15 * 60_000,
  disableAfterMs: 5 * 24 * 60 * 60_000,
});

export type BreakerDecision =
  | { action: 'none' }
  | { action: 'pause'; until: Date }
  | { action: 'disable'; reason: string };

/**
 * Decides, after a batch of failures, whether an endpoint should be paused or disabled.
 * The pause grows with the outage (a failed probe after 30 s pauses 30 s more, then 60 s,
 * 120 s, ...) up to `maxCooldownMs`, so concurrent failures do not inflate it.
 *
 * @example
 * decideBreaker(endpoint, Date.now(), DEFAULT_BREAKER); // { action: 'pause', until }
 */
export function decideBreaker(
  endpoint: EndpointRecord,
  now: number,
  options: ResolvedBreakerOptions,
): BreakerDecision {
  if (endpoint.status !== 'active' || endpoint.failingSince === null) return { action: 'none' };
  const failingFor = now - endpoint.failingSince.getTime();
  if (failingFor >= options.disableAfterMs) {
    const since = endpoint.failingSince.toISOString();
    return {
      action: 'disable',
      reason: `failing since ${since} (${endpoint.consecutiveFailures} attempts)`,
    };
  }
  const paused = endpoint.pausedUntil !== null && endpoint.pausedUntil.getTime() > now;
  if (paused || endpoint.consecutiveFailures < options.failureThreshold) return { action: 'none' };
  const cooldown = Math.min(options.maxCooldownMs, Math.max(options.cooldownMs, failingFor));
  return { action: 'pause', until: new Date(now + cooldown) };
}
