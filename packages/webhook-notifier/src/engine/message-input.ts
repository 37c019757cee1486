import { NotifierError } from '../errors/notifier-error.js';

const MAX_KEY_LENGTH = 256;

/**
 * An optional idempotency key: 1 to 256 characters; `NotifierError('invalid_idempotency_key')`.
 *
 * @example
 * checkIdempotencyKey(request.idempotencyKey); // 'order-42' or null
 */
export function checkIdempotencyKey(key: unknown): string | null {
  if (key === undefined) return null;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new NotifierError(
      'invalid_idempotency_key',
      `idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters`,
      { field: 'idempotencyKey' },
    );
  }
  return key;
}

/**
 * What a store throws when an inline `enqueue` repeats the key of a `send` without a tenant
 * that reached no endpoint: there is no delivery to return as the first one.
 *
 * @example
 * if (delivery === undefined) throw keyOfEmptySend();
 */
export function keyOfEmptySend(): NotifierError {
  return new NotifierError(
    'invalid_idempotency_key',
    'idempotencyKey was used by a send that reached no endpoint: use another key',
    { field: 'idempotencyKey' },
  );
}
