import { WebhookVerificationError } from './errors.js';

/**
 * Parses a unix-seconds header and checks it against the clock.
 * Throws `invalid_timestamp`, `timestamp_too_old` or `timestamp_too_new`.
 */
export function checkTimestamp(
  value: string,
  header: string,
  toleranceSeconds: number,
  nowMs: number,
): number {
  if (!/^\d{1,15}$/.test(value)) throw new WebhookVerificationError('invalid_timestamp', header);
  const timestamp = Number(value);
  const now = Math.floor(nowMs / 1000);
  if (now - timestamp > toleranceSeconds) {
    throw new WebhookVerificationError('timestamp_too_old', header);
  }
  if (timestamp - now > toleranceSeconds) {
    throw new WebhookVerificationError('timestamp_too_new', header);
  }
  return timestamp;
}
