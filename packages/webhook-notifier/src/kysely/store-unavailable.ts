import { NotifierError } from '../errors/notifier-error.js';

// The server is not there, is shutting down or starting up, or dropped the connection.
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
const SERVER_CODES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);
// `pg` says these without a code.
const DRIVER_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|is not queryable|Connection ended unexpectedly/i;

/**
 * Whether an error from `pg` (through Kysely) means the database could not be reached or
 * went away: a refused or dropped connection, a server shutting down or starting up. A
 * constraint violation, a syntax error or a programming error is not.
 *
 * @example
 * if (isStoreUnavailable(error)) return c.json({ reason: 'store_unavailable' }, 503);
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof NotifierError) return error.reason === 'store_unavailable';
  const code = errorCode(error);
  if (code !== undefined) {
    return SOCKET_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08');
  }
  return error instanceof Error && DRIVER_MESSAGES.test(error.message);
}

/** A driver error meaning the database is away, as `NotifierError('store_unavailable')`; others as they are. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof NotifierError || !isStoreUnavailable(error)) return error;
  const detail = errorCode(error) ?? (error as Error).message;
  return new NotifierError('store_unavailable', `the database is unavailable (${detail})`, {
    cause: error,
  });
}

/**
 * The store with every method's failure passed through `toStoreError`, so callers of the
 * public API see `store_unavailable` instead of a driver's error during an outage.
 */
export function withStoreErrors<S extends object>(store: S): S {
  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(store)) {
    guarded[name] =
      typeof method === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
            } catch (error) {
              throw toStoreError(error);
            }
          }
        : method;
  }
  return guarded as S;
}

/** `code` of the error, or of the first of an `AggregateError` (IPv4 and IPv6 both refused). */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const first = (error as { errors?: unknown[] } | null)?.errors?.[0];
  const inner = (first as { code?: unknown } | undefined)?.code;
  return typeof inner === 'string' ? inner : undefined;
}
