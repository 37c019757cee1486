/**
 * How the engine talks HTTP. The default is `createUndiciTransport()` (keep-alive pools,
 * connect and total timeouts, no redirects, SSRF guard on the connected address); tests
 * inject their own.
 */
export interface HttpRequest {
  url: string;
  /** Final request headers, names in lower case. */
  headers: Record<string, string>;
  /** The exact bytes to send. */
  body: Uint8Array;
  /** Total time allowed for the attempt: connect, send, headers and the body excerpt. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Response headers, names in lower case (multi-valued ones joined with ", "). */
  headers: Record<string, string>;
  /** The first `maxBodyBytes` (4 KiB by default) of the response body. */
  body: Uint8Array;
  /** `true` when the body was longer than the excerpt. */
  truncated: boolean;
}

export type TransportErrorCode =
  | 'timeout'
  | 'connect_timeout'
  | 'network'
  | 'dns'
  | 'ssrf_refused'
  | 'invalid_url';

/** A request that produced no HTTP response. `code` says why. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly code: TransportErrorCode;
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface HttpTransport {
  /** Sends one request. Resolves with any HTTP response (3xx included, never followed). */
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Closes pooled connections, after the requests in flight have ended. */
  close?(): Promise<void>;
  /**
   * Closes every connection at once; requests in flight fail. `stop()` calls it instead of
   * `close()` when attempts were still running at its timeout, so they cannot hold it longer.
   */
  destroy?(): Promise<void>;
}
