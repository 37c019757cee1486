/**
 * The storage contract of the delivery engine. Small on purpose: an in-memory store ships in
 * the core (`MemoryStore`) and a PostgreSQL store behind `@dramarelay/webhook-notifier/kysely`.
 *
 * Times are `Date`s computed by the engine's clock and passed in, so a store never reads the
 * wall clock itself and tests can drive time by hand.
 */

/** How a message is signed on the wire. */
export type SigningScheme = 'standard-webhooks' | 'legacy';

export type EndpointStatus = 'active' | 'disabled';

/**
 * Why an endpoint is disabled: `gone` (it answered 410), `failing` (no success for the
 * breaker's `disableAfterMs`), or `manual` (an operator's `disableEndpoint`).
 */
export type DisabledCause = 'gone' | 'failing' | 'manual';

export interface EndpointRecord {
  /** Stable id chosen by the caller (defaults to the URL). */
  id: string;
  url: string;
  scheme: SigningScheme;
  /**
   * Active signing secrets: `whsec_...` (HMAC, v1), `whsk_...` (Ed25519, v1a), or any string
   * for the legacy scheme. Several give several signatures (rotation). Never sent on the wire.
   */
  secrets: string[];
  status: EndpointStatus;
  /** Circuit breaker: while set and in the future, no delivery to this endpoint is claimed. */
  pausedUntil: Date | null;
  consecutiveFailures: number;
  /** When the current run of failures started; `null` after a success. */
  failingSince: Date | null;
  disabledReason: string | null;
  /**
   * The fields below are kept by the stores of this package (`MemoryStore`, the Kysely
   * store); optional so that records built by hand or by older stores still type-check.
   * Absent means `null` (or `[]` for `previousSecrets`).
   */
  /** Why it was disabled; `null` while active. */
  disabledCause?: DisabledCause | null;
  /** When it was disabled; `null` while active. */
  disabledAt?: Date | null;
  /** Start time of the last attempt that delivered. */
  lastSuccessAt?: Date | null;
  /** Start time of the last attempt that did not deliver. */
  lastFailureAt?: Date | null;
  /**
   * Secrets replaced by a rotation, still signing beside `secrets` until
   * `previousSecretsExpireAt` (Standard Webhooks receivers accept any one matching
   * signature, so both old and new receivers verify during the overlap). Ignored from then
   * on, and dropped by the next rotation or update.
   */
  previousSecrets?: string[];
  previousSecretsExpireAt?: Date | null;
  /**
   * Routing (endpoint records, `send`). An endpoint created by `notifier.endpoints.create` is
   * `registered`; one made by an inline `enqueue` is not, and never receives a `send`.
   */
  registered?: boolean;
  /** The application's own id for the customer owning it; `null`: no tenant. */
  tenant?: string | null;
  /** Exact event types and prefix wildcards (`task.*`) it receives; `[]`: every type. */
  eventTypes?: string[];
  description?: string | null;
  /** The application's own labels. */
  metadata?: Record<string, string>;
  /** Overrides `limits.timeoutMs` for its attempts; `null`: the notifier's. */
  timeoutMs?: number | null;
  /** Overrides `limits.perEndpointConcurrency`; `null`: the notifier's. */
  concurrency?: number | null;
  /** When `endpoints.delete` removed it (its history stays); `null` otherwise. */
  deletedAt?: Date | null;
  /**
   * At most this many attempts per second to this endpoint, counted across every worker
   * process sharing the store (a token bucket the store keeps: up to half a second's worth,
   * at least one, may go at once after a quiet spell). `null`: no limit.
   */
  rateLimit?: RateLimit | null;
}

/** An endpoint's rate limit: a positive, finite number of attempts per second. */
export interface RateLimit {
  perSecond: number;
}

export interface MessageRecord {
  /** `msg_...`; it is the `webhook-id` on every attempt of every delivery of this message. */
  id: string;
  eventType: string;
  /** The serialised payload: signed and sent unchanged on every attempt. */
  body: Uint8Array;
  idempotencyKey: string | null;
  createdAt: Date;
  /**
   * The W3C `traceparent` of the span active when the message was enqueued (the notifier's
   * `traceparent` option), so attempts in any process can link to it. Absent means `null`.
   */
  traceparent?: string | null;
  /** The tenant of a `send` (idempotency keys are per tenant); `null` for inline enqueues. */
  tenant?: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface DeliveryRecord {
  /** `dlv_...` */
  id: string;
  messageId: string;
  endpointId: string;
  status: DeliveryStatus;
  /** Attempts made so far (monotonic, also across redeliveries). */
  attempts: number;
  /** `attempts` when the delivery was last (re)started; the retry schedule counts from here. */
  attemptBase: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  lastError: string | null;
  lastStatusCode: number | null;
  lastAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Deliveries to one endpoint with the same key are attempted one at a time, in enqueue
   * order (see `DeliveryStore.claimDue`). Absent or `null`: no ordering.
   */
  orderingKey?: string | null;
}

/** Why an attempt did not deliver; `null` on success. */
export type AttemptErrorClass =
  | 'http_status'
  | 'timeout'
  | 'connect_timeout'
  | 'network'
  | 'dns'
  | 'ssrf_refused'
  | 'invalid_url'
  | 'redirect'
  | 'signing'
  | 'endpoint_disabled';

export interface AttemptRecord {
  deliveryId: string;
  /** 1-based, `DeliveryRecord.attempts` after this attempt. */
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  errorClass: AttemptErrorClass | null;
  /** Human-readable error, never containing a secret or a signature. */
  error: string | null;
  /** Selected response headers (lower-case names). */
  responseHeaders: Record<string, string>;
  /** The first 4 KiB of the response body, decoded as UTF-8 (lossy). */
  responseExcerpt: string | null;
}

export interface EnqueueInput {
  message: MessageRecord;
  endpoint: Pick<EndpointRecord, 'id' | 'url' | 'scheme' | 'secrets'>;
  deliveryId: string;
  now: Date;
  /** Ordering key of the delivery; absent or `null`: none. */
  orderingKey?: string | null;
}

export interface EnqueueResult {
  message: MessageRecord;
  delivery: DeliveryRecord;
  /** `false` when the idempotency key was already used: the earlier message is returned. */
  created: boolean;
}

/** What `DeliveryStore.enqueueMany` stored for one input. */
export interface EnqueuedEntry {
  messageId: string;
  deliveryId: string;
  /** `false` when the idempotency key was already used (also earlier in the same batch). */
  created: boolean;
}

/** A delivery leased to one worker, with everything needed to attempt it. */
export interface ClaimedDelivery {
  delivery: DeliveryRecord;
  message: MessageRecord;
  endpoint: EndpointRecord;
}

export interface ClaimOptions {
  now: Date;
  limit: number;
  workerId: string;
  leaseMs: number;
  /** Endpoints this worker is already saturating; their deliveries are left for later. */
  skipEndpointIds?: readonly string[];
  /**
   * At most this many deliveries per endpoint in the result (the engine's per-endpoint
   * concurrency cap), so one busy endpoint does not fill a whole batch. Absent: no limit.
   */
  perEndpointLimit?: number;
}

/** What happened to a claimed delivery after one attempt: the attempt row plus the new state. */
export type DeliveryOutcome = {
  deliveryId: string;
  workerId: string;
  /**
   * The lease the attempt ran under (`leaseExpiresAt` of the claimed delivery). When given,
   * the delivery only moves on while its lease is still exactly this one, so a stale outcome
   * cannot overwrite a newer claim by the same worker after its lease expired.
   */
  leaseExpiresAt?: Date | null;
  attempt: AttemptRecord;
} & (
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: Date; error: string }
  | { status: 'failed'; error: string }
);

/** What `settle` reports back to the engine. */
export interface SettleResult {
  /**
   * The endpoints whose run of failures grew in this batch, in their state after it, so the
   * engine can open the circuit breaker or disable them.
   */
  failingEndpoints: EndpointRecord[];
}

/** Routing fields of a registered endpoint (`RoutingStore.updateEndpointRecord`). */
type RoutingFields =
  | 'tenant'
  | 'eventTypes'
  | 'description'
  | 'metadata'
  | 'timeoutMs'
  | 'concurrency';

/** Fields to change on an endpoint; absent fields are left as they are. */
export interface EndpointPatch extends Pick<EndpointRecord, RoutingFields> {
  status?: EndpointStatus;
  pausedUntil?: Date | null;
  consecutiveFailures?: number;
  failingSince?: Date | null;
  disabledReason?: string | null;
  disabledCause?: DisabledCause | null;
  disabledAt?: Date | null;
  /** Where and how its deliveries go: every delivery not yet delivered follows at its next claim. */
  url?: string;
  scheme?: SigningScheme;
  secrets?: string[];
  previousSecrets?: string[];
  previousSecretsExpireAt?: Date | null;
  /** A new limit (checked by the caller), or `null` to remove it. */
  rateLimit?: RateLimit | null;
}

export interface ListDeliveriesOptions {
  status?: DeliveryStatus;
  endpointId?: string;
  messageId?: string;
  limit?: number;
  /** Return deliveries whose id sorts after this one (ids are time-ordered). */
  after?: string;
}

/**
 * The whole storage interface. Write operations that a worker does per delivery come in
 * batches (`claimDue`, `settle`) so a database store can do them in one statement each.
 *
 * @typeParam Tx - a store-specific transaction handle accepted by `enqueue` (the outbox).
 */
export interface DeliveryStore<Tx = never> {
  /**
   * Store a message, upsert its endpoint, and create its delivery, atomically. With `tx`,
   * inside the caller's transaction. A repeated idempotency key returns the first message.
   */
  enqueue(input: EnqueueInput, tx?: Tx): Promise<EnqueueResult>;
  /**
   * Optional: `enqueue` for many inputs at once, all or nothing (with `tx`, inside it; without,
   * in a transaction of the store's own), waking the workers once. Entries come in input
   * order; a key already stored, or used earlier in the inputs, returns the first message.
   */
  enqueueMany?(inputs: readonly EnqueueInput[], tx?: Tx): Promise<EnqueuedEntry[]>;
  /**
   * Lease up to `limit` pending deliveries that are due, whose endpoint is active and not
   * paused, and whose lease (if any) has expired. A crashed worker's leases come back.
   *
   * Ordering: a delivery with an `orderingKey` is claimable only while no other `pending`
   * delivery to the same endpoint with the same key came before it (leased, retrying or due):
   * one at a time per key, in enqueue order. `redeliver` and a replay put a delivery back at
   * the end of its key's queue, as if enqueued then.
   *
   * Rate limits: an endpoint with `rateLimit` gets at most as many deliveries as its token
   * bucket holds; the claim spends them, atomically with the lease, for every worker sharing
   * the store.
   */
  claimDue(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  /**
   * Record attempts and move deliveries on, in one batch. An outcome whose lease was taken
   * over by another worker still appends its attempt row but leaves the delivery alone.
   *
   * It also keeps each endpoint's failure run, in outcome order, atomically with the rest:
   * a `delivered` outcome sets `consecutiveFailures = 0`, `failingSince = null`,
   * `pausedUntil = null`; any other outcome adds one to `consecutiveFailures` and sets
   * `failingSince` to the attempt's `startedAt` if it was `null`. Endpoints with failures are
   * returned; what to do about them (pause, disable) is the engine's policy, not the store's.
   */
  settle(outcomes: readonly DeliveryOutcome[]): Promise<SettleResult>;
  /** Give leased deliveries back untouched (graceful shutdown). */
  release(deliveryIds: readonly string[], workerId: string): Promise<void>;
  /** Make a delivery pending again, due at `now`, with the retry schedule restarted. */
  redeliver(deliveryId: string, now: Date): Promise<DeliveryRecord | undefined>;
  getEndpoint(id: string): Promise<EndpointRecord | undefined>;
  updateEndpoint(id: string, patch: EndpointPatch): Promise<EndpointRecord | undefined>;
  getMessage(id: string): Promise<MessageRecord | undefined>;
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  listDeliveries(options?: ListDeliveriesOptions): Promise<DeliveryRecord[]>;
  listAttempts(deliveryId: string): Promise<AttemptRecord[]>;
  /** Number of pending deliveries (the backlog). */
  countPending(): Promise<number>;
  /**
   * Optional: call `onWake` soon after a message is enqueued anywhere (e.g. LISTEN/NOTIFY).
   * Returns an unsubscribe function. Without it the engine polls.
   */
  subscribe?(onWake: () => void): Promise<() => Promise<void>>;
}
