import type { RetentionOptions } from '@dramarelay/webhook-notifier';
import type { AppConfig } from '../config.js';

const DAY_MS = 24 * 3_600_000;

/**
 * The notifier's `retention` option from the app's settings: every running worker prunes
 * (hourly, one process at a time) messages older than the given days whose deliveries are
 * all finished, with their attempts. Pending deliveries are never pruned.
 */
export function retentionOption(
  retention: AppConfig['webhookRetention'],
): RetentionOptions | false {
  if (!retention) return false;
  return {
    deliveredMaxAgeMs: retention.deliveredDays * DAY_MS,
    failedMaxAgeMs: retention.failedDays * DAY_MS,
  };
}
