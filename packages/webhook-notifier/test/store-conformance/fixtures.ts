import type {
  AttemptRecord,
  ClaimedDelivery,
  ClaimOptions,
  DeliveryOutcome,
  DeliveryStore,
  EnqueueInput,
} from '../../src/store/delivery-store.js';

const T0 = Date.UTC(2026, 0, 1);
/** An instant `ms` after the suite's epoch. */
export const at = (ms: number): Date => new Date(T0 + ms);
export const LEASE_MS = 30_000;

/** What a new endpoint's state and health are: active, no failures, no rotation. */
export const HEALTHY_ENDPOINT = {
  status: 'active',
  pausedUntil: null,
  consecutiveFailures: 0,
  failingSince: null,
  disabledReason: null,
  disabledCause: null,
  disabledAt: null,
  lastSuccessAt: null,
  lastFailureAt: null,
  previousSecrets: [],
  previousSecretsExpireAt: null,
} as const;

/** Ids sort in creation order, as the engine's time-ordered ids do. */
const pad = (n: number) => String(n).padStart(4, '0');

export function enqueueInput(
  n: number,
  overrides: { endpointId?: string; now?: Date; key?: string | null; url?: string } = {},
): EnqueueInput {
  const now = overrides.now ?? at(n);
  const endpointId = overrides.endpointId ?? 'ep_a';
  return {
    message: {
      id: `msg_${pad(n)}`,
      eventType: 'task.completed',
      // Not valid UTF-8 on purpose: the bytes must come back exactly as they went in.
      body: new Uint8Array([0x7b, 0x00, 0xff, 0xfe, n % 256, 0x7d]),
      idempotencyKey: overrides.key === undefined ? null : overrides.key,
      createdAt: now,
      tenant: null,
    },
    endpoint: {
      id: endpointId,
      url: overrides.url ?? `https://${endpointId.replace('_', '-')}.example.com/hook`,
      scheme: 'standard-webhooks',
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    },
    deliveryId: `dlv_${pad(n)}`,
    now,
  };
}

function attempt(
  deliveryId: string,
  n: number,
  startedAt: Date,
  status: number | null,
): AttemptRecord {
  return {
    deliveryId,
    attempt: n,
    startedAt,
    durationMs: 42,
    statusCode: status,
    errorClass: status === null ? 'timeout' : status >= 300 ? 'http_status' : null,
    error: status === null ? 'no response within 15000 ms' : null,
    responseHeaders: status === null ? {} : { 'content-type': 'text/plain' },
    responseExcerpt: status === null ? null : `status ${status}`,
  };
}

export function delivered(deliveryId: string, workerId: string, n: number, startedAt: Date) {
  return {
    deliveryId,
    workerId,
    attempt: attempt(deliveryId, n, startedAt, 200),
    status: 'delivered',
  } satisfies DeliveryOutcome;
}

export function retrying(
  deliveryId: string,
  workerId: string,
  n: number,
  startedAt: Date,
  nextAttemptAt: Date,
) {
  return {
    deliveryId,
    workerId,
    attempt: attempt(deliveryId, n, startedAt, 503),
    status: 'pending',
    nextAttemptAt,
    error: 'HTTP 503',
  } satisfies DeliveryOutcome;
}

export function failed(deliveryId: string, workerId: string, n: number, startedAt: Date) {
  return {
    deliveryId,
    workerId,
    attempt: attempt(deliveryId, n, startedAt, 400),
    status: 'failed',
    error: 'HTTP 400',
  } satisfies DeliveryOutcome;
}

/** Lets queued microtasks and I/O callbacks run. */
export const settleIo = () => new Promise((resolve) => setImmediate(resolve));

type ClaimExtras = Partial<Pick<ClaimOptions, 'skipEndpointIds' | 'perEndpointLimit'>>;

/** `claimDue` with the suite's lease, and a variant returning just the delivery ids. */
export function claimHelpers(store: () => DeliveryStore<never>) {
  const claim = (
    workerId: string,
    now: Date,
    limit = 10,
    extra: ClaimExtras = {},
  ): Promise<ClaimedDelivery[]> =>
    store().claimDue({ now, limit, workerId, leaseMs: LEASE_MS, ...extra });
  const claimIds = async (workerId: string, now: Date, limit = 10, extra: ClaimExtras = {}) =>
    (await claim(workerId, now, limit, extra)).map((claimed) => claimed.delivery.id);
  return { claim, claimIds };
}
