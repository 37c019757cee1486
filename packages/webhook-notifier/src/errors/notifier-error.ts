/** Why `enqueue` (or an operator call) refused: a closed list, safe to switch on. */
export type NotifierErrorReason =
  | 'payload_too_large'
  | 'invalid_payload'
  | 'invalid_event_type'
  | 'invalid_endpoint'
  | 'destination_refused'
  | 'missing_secret'
  | 'invalid_secret'
  | 'invalid_idempotency_key'
  /** `orderingKey` is not a string of 1 to 256 characters. */
  | 'invalid_ordering_key'
  /** `rateLimit.perSecond` is not a positive, finite number. */
  | 'invalid_rate_limit'
  /** `endpoints.create`/`update`: the id, or the tenant's URL and event types, are taken. */
  | 'duplicate_endpoint'
  | 'not_found'
  /** An operator call on a delivery whose endpoint is disabled: enable the endpoint first. */
  | 'endpoint_disabled'
  /** A bad filter, cursor, window or page size of a listing, replay or statistics call. */
  | 'invalid_filter'
  /** Any other bad argument of an operator call (a disable reason, a rotation overlap). */
  | 'invalid_argument'
  /** The store does not implement what the call needs (`DeliveryAdminStore`). */
  | 'not_supported'
  /**
   * The database could not be reached or went away (refused or dropped connection, server
   * shutting down or starting up); `cause` holds the driver's error. Try again later (503).
   */
  | 'store_unavailable';

/** Machine-readable details; never a secret or a signature. */
export interface NotifierErrorDetails {
  /** `payload_too_large`: the serialised size in bytes. */
  size?: number;
  /** `payload_too_large`: the configured `limits.maxPayloadBytes`. */
  limit?: number;
  /** `destination_refused`: the SSRF guard's refusal reason (e.g. `private_address`). */
  refusal?: string;
  /**
   * `invalid_filter`, `invalid_argument`, `invalid_endpoint`, `invalid_ordering_key`,
   * `invalid_rate_limit` (`rateLimit.perSecond`), ...: the offending field.
   */
  field?: string;
  /** `endpoint_disabled`: the disabled endpoint. */
  endpointId?: string;
  cause?: unknown;
}

/**
 * A request the notifier refused. Nothing was stored.
 *
 * @example
 * try {
 *   await notifier.enqueue(input);
 * } catch (error) {
 *   if (error instanceof NotifierError && error.reason === 'payload_too_large') {
 *     console.log(error.size, error.limit);
 *   }
 * }
 */
export class NotifierError extends Error {
  override readonly name = 'NotifierError';
  readonly reason: NotifierErrorReason;
  readonly size?: number;
  readonly limit?: number;
  readonly refusal?: string;
  readonly field?: string;
  readonly endpointId?: string;

  constructor(reason: NotifierErrorReason, message: string, details: NotifierErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    if (details.size !== undefined) this.size = details.size;
    if (details.limit !== undefined) this.limit = details.limit;
    if (details.refusal !== undefined) this.refusal = details.refusal;
    if (details.field !== undefined) this.field = details.field;
    if (details.endpointId !== undefined) this.endpointId = details.endpointId;
  }
}
