import { NotifierError } from '../errors/notifier-error.js';

/**
 * The requests of `enqueueMany` or `sendMany`, checked to be an array of objects;
 * `NotifierError('invalid_argument')` naming `requests` (or `requests.3`) otherwise.
 *
 * @example
 * const requests = checkBatch<EnqueueRequest>(input, 'enqueueMany');
 */
export function checkBatch<T>(requests: unknown, call: string): readonly T[] {
  if (!Array.isArray(requests)) {
    throw new NotifierError('invalid_argument', `${call} needs an array of requests`, {
      field: 'requests',
    });
  }
  requests.forEach((request, index) => {
    if (typeof request !== 'object' || request === null) {
      throw new NotifierError('invalid_argument', `requests.${index} must be an object`, {
        field: `requests.${index}`,
      });
    }
  });
  return requests;
}

/**
 * A refusal of request `index` of a batch, its field prefixed with `requests.<index>.`
 * (a payload refusal, which names no field, becomes `requests.<index>.payload`).
 *
 * @example
 * try { check(requests[3]); } catch (error) { throw atIndex(error, 3); }
 */
export function atIndex(error: unknown, index: number): unknown {
  if (!(error instanceof NotifierError)) return error;
  const field = `requests.${index}.${error.field ?? 'payload'}`;
  return new NotifierError(error.reason, `requests.${index}: ${error.message}`, {
    ...(error.size === undefined ? {} : { size: error.size }),
    ...(error.limit === undefined ? {} : { limit: error.limit }),
    ...(error.refusal === undefined ? {} : { refusal: error.refusal }),
    ...(error.endpointId === undefined ? {} : { endpointId: error.endpointId }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
    field,
  });
}

/**
 * The first item of each idempotency key (and every item without one), and for each item the
 * index in `unique` whose result it shares (`repeat`: it is not the first with its key), so
 * a repeated key gets the first one's receipt.
 *
 * @example
 * const { unique, slots, repeat } = firstOfEachKey(inputs, (input) => input.message.idempotencyKey);
 */
export function firstOfEachKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string | null,
): { unique: T[]; slots: number[]; repeat: boolean[] } {
  const unique: T[] = [];
  const slots: number[] = [];
  const repeat: boolean[] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    const first = key === null ? undefined : seen.get(key);
    repeat.push(first !== undefined);
    if (first !== undefined) {
      slots.push(first);
      continue;
    }
    if (key !== null) seen.set(key, unique.length);
    slots.push(unique.length);
    unique.push(item);
  }
  return { unique, slots, repeat };
}

/**
 * The store's optional batch method, bound; `NotifierError('not_supported')` when the store
 * does not have it.
 *
 * @example
 * const enqueueMany = batchMethod(config.store, 'enqueueMany');
 */
export function batchMethod<S extends object, K extends keyof S & string>(
  store: S,
  method: K,
): NonNullable<S[K]> {
  const found = store[method];
  if (typeof found !== 'function') {
    throw new NotifierError('not_supported', `the store has no ${method}()`);
  }
  return found.bind(store) as NonNullable<S[K]>;
}
