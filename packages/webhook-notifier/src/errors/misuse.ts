const PREFIX = '@dramarelay/webhook-notifier:';

/**
 * The error thrown for a misuse of the API (a bad option, a call in the wrong state).
 * Its message names the package so it is easy to trace in an application's logs.
 *
 * @example
 * throw misuse('limits.timeoutMs must be a positive integer');
 */
export function misuse(message: string): TypeError {
  return new TypeError(`${PREFIX} ${message}`);
}
