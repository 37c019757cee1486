const DELTA_SECONDS = /^\s*(\d+)\s*$/;
// Every HTTP-date form starts with a day name; this keeps Date.parse's leniency ('-5', '5.5') out.
const HTTP_DATE = /^\s*[A-Za-z]{3}/;

/**
 * Reads an HTTP `Retry-After` value (delta seconds or an HTTP date) as milliseconds from
 * `now`. Returns `null` when absent or unreadable; a date in the past gives `0`.
 *
 * @example
 * parseRetryAfter('120', Date.now()); // 120000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('2026-10-21T07:27:00Z')); // 60000
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const delta = DELTA_SECONDS.exec(value);
  if (delta !== null) return Number(delta[1]) * 1_000;
  const at = HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
