import type { Dispatcher } from 'undici';
import { BodyExcerptBuffer } from './body-excerpt.js';
import { toTransportError } from './to-transport-error.js';
import type { HttpResponse, TransportError } from './transport.js';

/** Why the connection is dropped after an excerpt: the rest of the body is not wanted. */
const EXCERPT_COMPLETE = new Error('the response body excerpt is complete');

/**
 * One request's undici dispatch handler: it keeps the status, the headers and an excerpt of
 * the body, and settles exactly once, with the response, with the transport error, or with
 * the error given to `fail` (the deadline passed). A handler rather than `request()`: no
 * response stream, async iterator or `AbortSignal` is built per request.
 *
 * @example
 * const exchange = new ExchangeHandler(4096, resolve, reject);
 * agent.dispatch({ origin, path, method: 'POST', headers, body }, exchange);
 */
export class ExchangeHandler implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #failure: TransportError | undefined;
  #settled = false;
  #status = 0;
  #headers: Record<string, string> = {};
  readonly #excerpt: BodyExcerptBuffer;
  readonly #resolve: (response: HttpResponse) => void;
  readonly #reject: (error: TransportError) => void;

  constructor(
    maxBodyBytes: number,
    resolve: (response: HttpResponse) => void,
    reject: (error: TransportError) => void,
  ) {
    this.#excerpt = new BodyExcerptBuffer(maxBodyBytes);
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /** Ends the exchange with `error` now, and aborts the request (at once, or once started). */
  fail(error: TransportError): void {
    if (!this.#settle()) return;
    this.#failure = error;
    this.#reject(error);
    this.#controller?.abort(error);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#failure !== undefined) controller.abort(this.#failure);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    // 1xx informational answers come before the real one.
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#headers = flattenHeaders(headers);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#excerpt.add(chunk)) return;
    this.#succeed();
    controller.abort(EXCERPT_COMPLETE);
  }

  onResponseEnd(): void {
    this.#succeed();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settle()) this.#reject(toTransportError(error));
  }

  #succeed(): void {
    if (!this.#settle()) return;
    const { bytes, truncated } = this.#excerpt.result();
    this.#resolve({ status: this.#status, headers: this.#headers, body: bytes, truncated });
  }

  /** `true` the first time only. */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    return true;
  }
}

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value !== undefined) {
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return flat;
}
