import { NotifierError } from '../errors/notifier-error.js';

const MAX_KEY_LENGTH = 256;

/**
 * An optional idempotency key: 1 to 256 characters; `NotifierError('invalid_idempotency_key')`.
 *
 * @example
 * checkIdempotencyKey(request.idempotencyKey); // 'order-42' or null
 */
export function checkIdempotencyKey(key: unknown): string | null {
  return checkKey(key, 'idempotencyKey', 'invalid_idempotency_key') ?? null;
}

/**
 * An optional ordering key: 1 to 256 characters; `NotifierError('invalid_ordering_key')`.
 *
 * @example
 * checkOrderingKey(request.orderingKey); // 'order-42' or undefined
 */
export function checkOrderingKey(key: unknown): string | undefined {
  return checkKey(key, 'orderingKey', 'invalid_ordering_key');
}

function checkKey(
  key: unknown,
  field: string,
  reason: 'invalid_idempotency_key' | 'invalid_ordering_key',
): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new NotifierError(reason, `${field} must be 1 to ${MAX_KEY_LENGTH} characters`, {
      field,
    });
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
