import { NotifierError } from '../errors/notifier-error.js';
import type { RateLimit } from '../store/delivery-store.js';

/**
 * Checks an endpoint's rate limit: `{ perSecond }`, a positive finite number (fractions
 * allowed: `0.5` is one attempt every two seconds), or `null` for no limit.
 *
 * @example
 * normaliseRateLimit({ perSecond: 20 }); // { perSecond: 20 }
 * normaliseRateLimit({ perSecond: 0 }); // throws NotifierError('invalid_rate_limit')
 */
export function normaliseRateLimit(value: unknown, field = 'rateLimit'): RateLimit | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new NotifierError('invalid_rate_limit', `${field} must be { perSecond } or null`, {
      field,
    });
  }
  const { perSecond } = value as { perSecond?: unknown };
  if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0) {
    throw new NotifierError(
      'invalid_rate_limit',
      `${field}.perSecond must be a positive, finite number of attempts per second`,
      { field: `${field}.perSecond` },
    );
  }
  return { perSecond };
}
