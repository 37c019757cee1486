import { TransportError, type TransportErrorCode } from './transport.js';

const CODES: Readonly<Record<string, TransportErrorCode>> = {
  ERR_SSRF_REFUSED: 'ssrf_refused',
  UND_ERR_CONNECT_TIMEOUT: 'connect_timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NODATA: 'dns',
  EAI_NONAME: 'dns',
  // undici refused the request before sending it (e.g. a header value with a newline):
  // retrying cannot help, like a bad URL.
  UND_ERR_INVALID_ARG: 'invalid_url',
};

/**
 * Maps whatever undici, `net` or the SSRF guard threw to a {@link TransportError}; the
 * original stays as `cause`. Anything unrecognised (resets, refusals, closed sockets,
 * TLS failures) is `network`.
 *
 * @example
 * toTransportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).code; // 'network'
 */
export function toTransportError(error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  const code = CODES[errorCode(error)] ?? 'network';
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(code, message, { cause: error });
}

// Node wraps some failures: happy-eyeballs in an AggregateError, undici in `cause`.
function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code in CODES) return code;
  if (cause !== undefined) {
    const inner = errorCode(cause);
    if (inner !== '') return inner;
  }
  if (Array.isArray(errors) && errors.length > 0) return errorCode(errors[0]);
  return typeof code === 'string' ? code : '';
}
