import type { HttpResponse, TransportErrorCode } from '../http/transport.js';
import type { AttemptErrorClass } from '../store/delivery-store.js';
import { parseRetryAfter } from './retry-after.js';

/** How an attempt's result is judged. */
export interface ClassifyOptions {
  /** Retry 4xx answers other than 408, 410 and 429 (default `true`); `false` fails them at once. */
  retry4xx?: boolean;
  /** Lower bound for a `Retry-After` delay (default 1 s). */
  minRetryAfterMs?: number;
  /** Upper bound for a `Retry-After` delay (default 1 h), so a receiver cannot park us for days. */
  maxRetryAfterMs?: number;
}

/** What to do after one attempt. */
export type Verdict =
  | { outcome: 'delivered'; statusCode: number }
  | {
      outcome: 'retry';
      errorClass: AttemptErrorClass;
      statusCode: number | null;
      message: string;
      /** The receiver's `Retry-After`, clamped; `null` when it sent none. */
      retryAfterMs: number | null;
    }
  | { outcome: 'fail'; errorClass: AttemptErrorClass; statusCode: number | null; message: string }
  /** 410 Gone: fail the delivery and disable the endpoint. */
  | { outcome: 'disable'; errorClass: 'http_status'; statusCode: 410; message: string };

export const DEFAULT_MIN_RETRY_AFTER_MS = 1_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 3_600_000;

const RETRIED_4XX = new Set([408, 429]);

/**
 * Judges an HTTP response: 2xx delivered; 3xx a failure (redirects are never followed),
 * retried; 410 disables the endpoint; 408, 429 and 5xx retried, honouring `Retry-After`;
 * other 4xx retried unless `retry4xx: false`.
 *
 * @example
 * classifyResponse({ status: 503, headers: { 'retry-after': '30' } }, Date.now());
 * // { outcome: 'retry', errorClass: 'http_status', statusCode: 503, retryAfterMs: 30000, ... }
 */
export function classifyResponse(
  response: Pick<HttpResponse, 'status' | 'headers'>,
  now: number,
  options: ClassifyOptions = {},
): Verdict {
  const { status } = response;
  if (status >= 200 && status < 300) return { outcome: 'delivered', statusCode: status };
  if (status >= 300 && status < 400) {
    return {
      outcome: 'retry',
      errorClass: 'redirect',
      statusCode: status,
      message: `HTTP ${status}: redirects are not followed`,
      retryAfterMs: null,
    };
  }
  const message = `HTTP ${status}`;
  if (status === 410)
    return { outcome: 'disable', errorClass: 'http_status', statusCode: 410, message };
  const permanent =
    status >= 400 && status < 500 && !RETRIED_4XX.has(status) && options.retry4xx === false;
  if (permanent) return { outcome: 'fail', errorClass: 'http_status', statusCode: status, message };
  return {
    outcome: 'retry',
    errorClass: 'http_status',
    statusCode: status,
    message,
    retryAfterMs: clampRetryAfter(parseRetryAfter(response.headers['retry-after'], now), options),
  };
}

const RETRIED_CODES: ReadonlySet<TransportErrorCode> = new Set([
  'timeout',
  'connect_timeout',
  'network',
  'dns',
]);

/**
 * Judges an attempt that produced no response: timeouts, network and DNS errors are
 * retried; `ssrf_refused` and `invalid_url` fail at once. Anything else a custom transport
 * throws counts as a network error.
 *
 * @example
 * classifyError(new TransportError('timeout', 'no answer in 15000 ms'));
 * // { outcome: 'retry', errorClass: 'timeout', statusCode: null, ... }
 */
export function classifyError(error: unknown): Verdict {
  const code = transportErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ssrf_refused' || code === 'invalid_url') {
    return { outcome: 'fail', errorClass: code, statusCode: null, message };
  }
  const errorClass = code !== undefined && RETRIED_CODES.has(code) ? code : 'network';
  return { outcome: 'retry', errorClass, statusCode: null, message, retryAfterMs: null };
}

function transportErrorCode(error: unknown): TransportErrorCode | undefined {
  // Duck-typed so that a second copy of this package (ESM next to CJS) is still understood.
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'TransportError' && typeof code === 'string'
    ? (code as TransportErrorCode)
    : undefined;
}

function clampRetryAfter(ms: number | null, options: ClassifyOptions): number | null {
  if (ms === null) return null;
  const min = options.minRetryAfterMs ?? DEFAULT_MIN_RETRY_AFTER_MS;
  const max = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  return Math.min(max, Math.max(min, ms));
}
