import { Agent, type Dispatcher } from 'undici';
import { misuse } from '../errors/misuse.js';
import { checkDestination, parseHttpUrl } from '../ssrf/check-destination.js';
import { compileSsrfPolicy } from '../ssrf/compile-ssrf-policy.js';
import type { DestinationCheck, DestinationRefusal, SsrfPolicy } from '../ssrf/ssrf-policy.js';
import { createDeadlineSweeper } from './deadline-sweeper.js';
import { ExchangeHandler } from './exchange-handler.js';
import { createGuardedConnector } from './guarded-connector.js';
import { toTransportError } from './to-transport-error.js';
import {
  type HttpResponse,
  type HttpTransport,
  TransportError,
  type TransportErrorCode,
} from './transport.js';

export interface UndiciTransportOptions {
  /**
   * Where requests may go. Default: the SSRF guard on, refusing every non-public address.
   * `false` turns the guard off (only `http:`/`https:` are still enforced).
   */
  ssrf?: SsrfPolicy | false;
  /** Time allowed for DNS, TCP and TLS. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** How much of a response body to keep. Default 4096 bytes. */
  maxResponseBodyBytes?: number;
  /** Connections per origin. Default 64. */
  connections?: number;
  /** How long an idle keep-alive connection stays open. Default 4000 ms. */
  keepAliveTimeoutMs?: number;
  /** How often in-flight requests are checked against their deadline. Default 50 ms. */
  deadlineSweepIntervalMs?: number;
  /**
   * Your own undici dispatcher (a `MockAgent` in tests). It is not closed by `close()`, and
   * the connect-time SSRF check is then yours: build it on `createGuardedConnector`. URLs are
   * still checked before sending.
   */
  dispatcher?: Dispatcher;
}

const REFUSAL_CODES: Readonly<Record<DestinationRefusal, TransportErrorCode>> = {
  invalid_url: 'invalid_url',
  scheme_not_allowed: 'invalid_url',
  https_required: 'ssrf_refused',
  credentials_in_url: 'ssrf_refused',
  forbidden_address: 'ssrf_refused',
  dns_failed: 'dns',
};

/** Distinct URLs whose pre-check is remembered (an endpoint's URL is checked once). */
const MAX_CHECKED_URLS = 1_000;

/**
 * The default transport: undici keep-alive pools, POST only, redirects returned as they are,
 * at most `maxResponseBodyBytes` of a body read, a total timeout per request enforced by one
 * shared sweeper, and the SSRF guard checking the address actually connected to.
 *
 * @example
 * const transport = createUndiciTransport({ ssrf: { allow: ['127.0.0.1'] } });
 * const response = await transport.send({
 *   url: 'http://127.0.0.1:8080/hook',
 *   headers: { 'content-type': 'application/json' },
 *   body: new TextEncoder().encode('{"ok":true}'),
 *   timeoutMs: 15_000,
 * });
 * await transport.close();
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  const connectTimeoutMs = positive(options.connectTimeoutMs, 10_000, 'connectTimeoutMs');
  const maxBodyBytes = nonNegative(options.maxResponseBodyBytes, 4096, 'maxResponseBodyBytes');
  const connections = positive(options.connections, 64, 'connections');
  const policy = options.ssrf ?? {};
  // Parse the allow-list now, so a bad entry fails here and not on the first send.
  if (policy !== false) compileSsrfPolicy(policy);
  const ownAgent =
    options.dispatcher === undefined
      ? new Agent({
          connections,
          keepAliveTimeout: positive(options.keepAliveTimeoutMs, 4000, 'keepAliveTimeoutMs'),
          connect:
            policy === false
              ? { timeout: connectTimeoutMs }
              : createGuardedConnector(policy, { connectTimeoutMs }),
        })
      : undefined;
  const dispatcher = options.dispatcher ?? ownAgent!;
  const sweeper = createDeadlineSweeper({ intervalMs: options.deadlineSweepIntervalMs });
  // The pre-check is pure (no DNS), so its verdict per URL string can be remembered.
  const checked = new Map<string, DestinationCheck>();
  const check = (url: string) => {
    let result = checked.get(url);
    if (result === undefined) {
      result = policy === false ? parseHttpUrl(url, false) : checkDestination(url, policy);
      if (checked.size >= MAX_CHECKED_URLS) checked.clear();
      checked.set(url, result);
    }
    return result;
  };
  let closing: Promise<void> | undefined;

  return {
    send(request) {
      if (closing !== undefined) {
        return Promise.reject(new TransportError('network', 'the transport is closed'));
      }
      if (!(request.timeoutMs > 0)) {
        return Promise.reject(misuse('HttpRequest.timeoutMs must be a positive number'));
      }
      const destination = check(request.url);
      if (!destination.ok) {
        const code = REFUSAL_CODES[destination.reason];
        return Promise.reject(new TransportError(code, destination.message));
      }
      const url = destination.url;
      return new Promise<HttpResponse>((resolve, reject) => {
        const exchange = new ExchangeHandler(
          maxBodyBytes,
          (response) => {
            sweeper.clear(deadline);
            resolve(response);
          },
          (error) => {
            sweeper.clear(deadline);
            reject(error);
          },
        );
        const deadline = sweeper.track(request.timeoutMs, () => {
          // Messages name the origin only: paths and queries may carry tokens.
          exchange.fail(
            new TransportError(
              'timeout',
              `${url.origin} gave no complete response within ${request.timeoutMs} ms`,
            ),
          );
        });
        const options = {
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers: request.headers,
          body: request.body,
        } as const;
        try {
          dispatcher.dispatch(options, exchange);
        } catch (error) {
          // undici's own dispatchers report through the handler; an injected one may throw.
          exchange.fail(toTransportError(error));
        }
      });
    },

    close() {
      // The sweeper keeps running meanwhile, so in-flight requests still meet their deadline.
      closing ??= (async () => {
        await ownAgent?.close();
        sweeper.close();
      })();
      return closing;
    },

    destroy() {
      closing = (async () => {
        await ownAgent?.destroy();
        sweeper.close();
      })();
      return closing;
    },
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value > 0)) throw misuse(`${name} must be a positive integer`);
  return value;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 0)) {
    throw misuse(`${name} must be a non-negative integer`);
  }
  return value;
}
