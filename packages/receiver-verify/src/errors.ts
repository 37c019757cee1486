/**
 * Why a webhook was rejected. Each reason is stable and safe to log or switch on.
 *
 * - `missing_header`: a required header is absent or empty.
 * - `malformed_header`: the signature header holds no `version,value` (or `algorithm=value`) entry.
 * - `invalid_timestamp`: the timestamp header is not a whole number of seconds.
 * - `timestamp_too_old` / `timestamp_too_new`: the timestamp is outside the tolerance window.
 * - `no_matching_signature`: no signature in the header matches any of the secrets.
 * - `invalid_json`: the signature matched but the body is not JSON.
 */
export type WebhookVerificationErrorReason =
  | 'missing_header'
  | 'malformed_header'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature'
  | 'invalid_json';

/**
 * The request is not an authentic, fresh webhook. Verification functions reject with it;
 * they never throw it synchronously. Answer it with `status`.
 *
 * @example
 * try {
 *   await verify(body, headers, secret);
 * } catch (error) {
 *   if (!(error instanceof WebhookVerificationError)) throw error;
 *   return Response.json({ error: error.reason }, { status: error.status });
 * }
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  /** Machine-readable cause; see {@link WebhookVerificationErrorReason}. */
  declare readonly reason: WebhookVerificationErrorReason;
  /** The header at fault, in lower case, when one is. */
  declare readonly header?: string;
  /**
   * The HTTP status to answer with: 401 when the request is not authentic or not fresh
   * (`no_matching_signature`, `timestamp_too_old`, `timestamp_too_new`), 400 when it is
   * malformed (`missing_header`, `malformed_header`, `invalid_timestamp`, `invalid_json`).
   */
  declare readonly status: 400 | 401;

  constructor(reason: WebhookVerificationErrorReason, header?: string, options?: ErrorOptions) {
    // Printed as `WebhookVerificationError: missing_header (webhook-id)`.
    super(header ? `${reason} (${header})` : reason, options);
    this.reason = reason;
    this.header = header;
    // no_matching_signature, timestamp_too_old and timestamp_too_new: not authentic, or stale.
    this.status = /^[nt]/.test(reason) ? 401 : 400;
  }
}

/** A `TypeError` for API misuse, named after the package so it is easy to trace. */
export function misuse(message: string): TypeError {
  return new TypeError(`@dramarelay/receiver-verify: ${message}`);
}

/** Raw bytes only: a parsed-and-reserialised body never matches its signature. */
export function assertRawBody(body: unknown): asserts body is string | Uint8Array {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw misuse('body must be the raw string or Uint8Array');
  }
}
