import { hostname } from 'node:os';
import { type RetentionPolicy, resolveRetention } from '../admin/prune.js';
import {
  type BreakerOptions,
  DEFAULT_BREAKER,
  type ResolvedBreakerOptions,
} from '../breaker/circuit-breaker.js';
import { misuse } from '../errors/misuse.js';
import type { HttpTransport } from '../http/transport.js';
import { createIdGenerator, type IdGenerator } from '../ids/time-ordered-id.js';
import {
  type ClassifyOptions,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_MIN_RETRY_AFTER_MS,
} from '../retry/classify.js';
import { type RetryPolicy, retryPresets, validateRetryPolicy } from '../retry/retry-policy.js';
import type { SsrfPolicy } from '../ssrf/ssrf-policy.js';
import type { DeliveryStore } from '../store/delivery-store.js';
import { VERSION } from '../version.js';
import { type Logger, silentLogger } from './logger.js';

/** Where the engine reads the time: milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** Sizes, timeouts and caps. Every field has a default. */
export interface NotifierLimits {
  /** Largest serialised payload `enqueue` accepts. Default 256 KiB. */
  maxPayloadBytes: number;
  /** Total time for one attempt (connect, send, response headers, body excerpt). Default 15 s. */
  timeoutMs: number;
  /** Attempts in flight at once in this process. Default 64. */
  globalConcurrency: number;
  /** Attempts in flight at once to one endpoint. Default 16. */
  perEndpointConcurrency: number;
  /** Deliveries claimed (and outcomes settled) per store call. Default 100. */
  batchSize: number;
  /** How long a claim is held before another worker may take it over. Default 60 s. */
  leaseMs: number;
  /** How often the running loop looks for due work without a wake-up. Default 1 s; below `leaseMs`. */
  pollIntervalMs: number;
}

/** Everything `createNotifier` accepts. Only `store` is required. */
export interface NotifierOptions<Tx = never> {
  store: DeliveryStore<Tx>;
  /** Default: `createUndiciTransport({ ssrf })`, closed by `stop()`. */
  transport?: HttpTransport;
  clock?: Clock;
  /** A number in [0, 1) for retry jitter. Default `Math.random`. */
  random?: () => number;
  logger?: Logger;
  /** Default `retryPresets.standardWebhooks`. */
  retry?: RetryPolicy;
  limits?: Partial<NotifierLimits>;
  /** The destination policy checked at `enqueue` (and by the default transport). `false`: off. */
  ssrf?: SsrfPolicy | false;
  breaker?: BreakerOptions;
  classify?: ClassifyOptions;
  /** Default `dramarelay-webhook-notifier/<version>`. */
  userAgent?: string;
  /** Names this process's leases. Default `<hostname>:<pid>:<random>`. */
  workerId?: string;
  idGenerator?: IdGenerator;
  /**
   * Prune old finished deliveries from running workers (`start()`): every `intervalMs`
   * (default 1 hour, the first run within a minute of starting), one process at a time
   * across all workers. Needs a store implementing `DeliveryAdminStore`. Default: off.
   */
  retention?: RetentionOptions | false;
  /**
   * Called at each `enqueue`: the W3C `traceparent` of the caller's active span, stored with
   * the message so a worker in any process can link its attempts to it (see
   * `currentTraceparent` in `@dramarelay/webhook-notifier/otel`). A value that is not a valid
   * `traceparent`, or a throw, stores nothing: tracing never refuses a message.
   */
  traceparent?: () => string | null | undefined;
}

/** The `retention` option: the policy, and how often workers apply it. */
export interface RetentionOptions extends RetentionPolicy {
  /** Time between runs in each worker. Default 1 hour. */
  intervalMs?: number;
}

/** The `retention` option with its defaults. */
export type ResolvedRetention = Required<RetentionPolicy> & { intervalMs: number };

const DEFAULT_RETENTION_INTERVAL_MS = 60 * 60_000;

/** The options with every default filled in and checked. */
export interface EngineConfig<Tx> {
  store: DeliveryStore<Tx>;
  clock: Clock;
  random: () => number;
  logger: Logger;
  retry: RetryPolicy;
  limits: NotifierLimits;
  ssrf: SsrfPolicy | false;
  breaker: ResolvedBreakerOptions;
  classify: Required<ClassifyOptions>;
  userAgent: string;
  workerId: string;
  nextId: IdGenerator;
  retention: ResolvedRetention | false;
  traceparent: (() => string | null | undefined) | undefined;
}

export const DEFAULT_LIMITS: NotifierLimits = Object.freeze({
  maxPayloadBytes: 256 * 1024,
  timeoutMs: 15_000,
  globalConcurrency: 64,
  perEndpointConcurrency: 16,
  batchSize: 100,
  leaseMs: 60_000,
  pollIntervalMs: 1_000,
});

const STORE_METHODS = ['enqueue', 'claimDue', 'settle', 'release', 'redeliver'] as const;

/**
 * Fills in defaults and rejects bad options with a `TypeError` naming the package.
 *
 * @example
 * const config = resolveOptions({ store: new MemoryStore() });
 * config.limits.timeoutMs; // 15000
 */
export function resolveOptions<Tx>(options: NotifierOptions<Tx>): EngineConfig<Tx> {
  if (typeof options !== 'object' || options === null) throw misuse('options are required');
  const { store } = options;
  for (const method of STORE_METHODS) {
    if (typeof store?.[method] !== 'function') throw misuse(`store.${method} must be a function`);
  }
  const clock = options.clock ?? { now: () => Date.now() };
  if (typeof clock.now !== 'function') throw misuse('clock.now must be a function');
  const limits = resolveLimits(options.limits ?? {});
  if (limits.leaseMs <= limits.timeoutMs) {
    throw misuse('limits.leaseMs must be longer than limits.timeoutMs');
  }
  // Retries that come due are found on the poll tick; a tick as long as the lease would let
  // leases run out before the loop looks again.
  if (limits.pollIntervalMs >= limits.leaseMs) {
    throw misuse('limits.pollIntervalMs must be shorter than limits.leaseMs');
  }
  return {
    store,
    clock,
    random: fn(options.random, Math.random, 'random'),
    logger: options.logger ?? silentLogger,
    retry: validateRetryPolicy(options.retry ?? retryPresets.standardWebhooks),
    limits,
    ssrf: options.ssrf ?? {},
    breaker: resolveBreaker(options.breaker ?? {}),
    classify: resolveClassify(options.classify ?? {}),
    userAgent: text(options.userAgent, `dramarelay-webhook-notifier/${VERSION}`, 'userAgent'),
    workerId: text(options.workerId, defaultWorkerId(), 'workerId'),
    nextId: fn(
      options.idGenerator,
      createIdGenerator(() => clock.now()),
      'idGenerator',
    ),
    retention: checkRetention(options.retention, store),
    traceparent: fn(options.traceparent, undefined, 'traceparent'),
  };
}

function resolveLimits(input: Partial<NotifierLimits>): NotifierLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof NotifierLimits)[]) {
    const value = input[key];
    if (value === undefined) continue;
    if (!(Number.isInteger(value) && value > 0)) {
      throw misuse(`limits.${key} must be a positive integer`);
    }
    limits[key] = value;
  }
  return limits;
}

function resolveBreaker(input: BreakerOptions): ResolvedBreakerOptions {
  const breaker = { ...DEFAULT_BREAKER };
  for (const key of Object.keys(DEFAULT_BREAKER) as (keyof ResolvedBreakerOptions)[]) {
    const value = input[key];
    if (value === undefined) continue;
    // Infinity is allowed: `failureThreshold: Infinity` never pauses, and so on.
    if (typeof value !== 'number' || !(value > 0)) {
      throw misuse(`breaker.${key} must be a positive number`);
    }
    breaker[key] = value;
  }
  return breaker;
}

function resolveClassify(input: ClassifyOptions): Required<ClassifyOptions> {
  const resolved = {
    retry4xx: input.retry4xx ?? true,
    minRetryAfterMs: input.minRetryAfterMs ?? DEFAULT_MIN_RETRY_AFTER_MS,
    maxRetryAfterMs: input.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
  };
  const { minRetryAfterMs: min, maxRetryAfterMs: max } = resolved;
  if (!(min >= 0 && max >= min && Number.isFinite(max))) {
    throw misuse('classify needs 0 <= minRetryAfterMs <= maxRetryAfterMs, both finite');
  }
  return resolved;
}

function fn<T>(value: T | undefined, fallback: T, name: string): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw misuse(`${name} must be a function`);
  return value;
}

function text(value: string | undefined, fallback: string, name: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '' || /[\r\n]/.test(value)) {
    throw misuse(`${name} must be a non-empty single-line string`);
  }
  return value;
}

function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

function checkRetention<Tx>(
  retention: RetentionOptions | false | undefined,
  store: DeliveryStore<Tx>,
): ResolvedRetention | false {
  if (retention === undefined || retention === false) return false;
  if (typeof (store as { prune?: unknown }).prune !== 'function') {
    throw misuse('retention needs a store with prune() (MemoryStore or the Kysely store)');
  }
  let policy: Required<RetentionPolicy>;
  try {
    policy = resolveRetention(retention);
  } catch (error) {
    throw misuse(`retention: ${(error as Error).message}`);
  }
  const intervalMs = retention.intervalMs ?? DEFAULT_RETENTION_INTERVAL_MS;
  if (!(Number.isInteger(intervalMs) && intervalMs >= 1_000)) {
    throw misuse('retention.intervalMs must be an integer >= 1000');
  }
  return { ...policy, intervalMs };
}
