import type { HttpResponse, HttpTransport } from '../http/transport.js';
import {
  type ClassifyOptions,
  classifyError,
  classifyResponse,
  type Verdict,
} from '../retry/classify.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import type { AttemptRecord, ClaimedDelivery } from '../store/delivery-store.js';
import type { Emitter } from './emitter.js';
import type { AttemptRef } from './events.js';
import type { Clock, EngineConfig } from './options.js';
import { type Decision, decideOutcome } from './outcome.js';
import { redact, sensitiveValues } from './redact.js';
import { bodyExcerpt, keptHeaders } from './response-excerpt.js';
import { requestHeaders } from './sign-request.js';

/** What one attempt needs from the engine. */
export interface AttemptContext {
  transport: HttpTransport;
  clock: Clock;
  random: () => number;
  emitter: Emitter;
  policy: RetryPolicy;
  classify: ClassifyOptions;
  timeoutMs: number;
  /** Endpoint timeouts are kept under it. */
  leaseMs: number;
  userAgent: string;
  workerId: string;
}

/**
 * The attempt context of an engine configuration.
 *
 * @example
 * const context = attemptContext(config, transport, emitter);
 */
export function attemptContext(
  config: Omit<EngineConfig<unknown>, 'store'>,
  transport: HttpTransport,
  emitter: Emitter,
): AttemptContext {
  return {
    transport,
    emitter,
    clock: config.clock,
    random: config.random,
    policy: config.retry,
    classify: config.classify,
    timeoutMs: config.limits.timeoutMs,
    leaseMs: config.limits.leaseMs,
    userAgent: config.userAgent,
    workerId: config.workerId,
  };
}

/**
 * How long an attempt to this endpoint may take: its own `timeoutMs` when it has one (kept
 * under this worker's lease), else the notifier's `limits.timeoutMs`.
 *
 * @example
 * attemptTimeoutMs({ timeoutMs: 2_000 }, { timeoutMs: 15_000, leaseMs: 60_000 }); // 2000
 */
export function attemptTimeoutMs(
  endpoint: { timeoutMs?: number | null },
  limits: { timeoutMs: number; leaseMs: number },
): number {
  const own = endpoint.timeoutMs ?? null;
  return own === null ? limits.timeoutMs : Math.min(own, limits.leaseMs - 1);
}

/** One finished attempt: its outcome for the store and its facts for the events. */
export interface AttemptResult extends Decision {
  ref: AttemptRef;
  verdict: Verdict;
  record: AttemptRecord;
}

/**
 * Signs the stored bytes with a fresh timestamp, sends them once, classifies the answer and
 * decides the delivery's next state. It never throws: every failure becomes an outcome.
 *
 * @example
 * const result = await runAttempt(claimed, context);
 * result.outcome.status; // 'delivered' | 'pending' | 'failed'
 */
export async function runAttempt(
  claimed: ClaimedDelivery,
  context: AttemptContext,
): Promise<AttemptResult> {
  const { delivery, message, endpoint } = claimed;
  const { clock } = context;
  const ref: AttemptRef = {
    deliveryId: delivery.id,
    messageId: message.id,
    endpointId: endpoint.id,
    eventType: message.eventType,
    attempt: delivery.attempts + 1,
  };
  context.emitter.emit('attempt.started', ref);
  const startedAt = clock.now();
  let response: HttpResponse | undefined;
  let verdict: Verdict;
  let headers: Record<string, string> | undefined;
  try {
    headers = await requestHeaders(claimed, ref.attempt, startedAt, context.userAgent);
    response = await context.transport.send({
      url: endpoint.url,
      headers,
      body: message.body,
      timeoutMs: attemptTimeoutMs(endpoint, context),
    });
    verdict = classifyResponse(response, clock.now(), context.classify);
  } catch (error) {
    verdict = headers === undefined ? signingFailure(error) : classifyError(error);
  }
  const finishedAt = clock.now();
  const failure = verdict.outcome === 'delivered' ? null : verdict;
  const record: AttemptRecord = {
    deliveryId: delivery.id,
    attempt: ref.attempt,
    startedAt: new Date(startedAt),
    durationMs: Math.max(0, finishedAt - startedAt),
    statusCode: response?.status ?? null,
    errorClass: failure?.errorClass ?? null,
    // Only failures carry text that could echo a secret; success skips the scan.
    error:
      failure &&
      redact(
        failure.message,
        sensitiveValues([...endpoint.secrets, ...(endpoint.previousSecrets ?? [])], headers),
      ),
    responseHeaders: response === undefined ? {} : keptHeaders(response.headers),
    responseExcerpt: response === undefined ? null : bodyExcerpt(response.body),
  };
  const decision = decideOutcome({
    delivery,
    attempt: record,
    verdict,
    workerId: context.workerId,
    now: finishedAt,
    policy: context.policy,
    random: context.random,
  });
  if (context.emitter.observed('attempt.finished')) {
    context.emitter.emit('attempt.finished', {
      ...ref,
      statusCode: record.statusCode,
      errorClass: record.errorClass,
      durationMs: record.durationMs,
      result: decision.result,
      error: decision.error,
    });
  }
  const { outcome, result, failureReason, error } = decision;
  return { outcome, result, failureReason, error, ref, verdict, record };
}

function signingFailure(error: unknown): Verdict {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    outcome: 'fail',
    errorClass: 'signing',
    statusCode: null,
    message: `signing failed: ${detail}`,
  };
}
