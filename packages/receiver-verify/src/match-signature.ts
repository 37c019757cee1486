import type { CryptoBackend } from './crypto-backend.js';
import type { Key } from './secrets.js';
import type { Candidate } from './signature-header.js';

/**
 * True when any key verifies any candidate signature of its kind. Stays synchronous while
 * the backend is (Node), so the hot path pays for no extra promise.
 */
export function matchSignature(
  backend: CryptoBackend,
  keys: readonly Key[],
  candidates: readonly Candidate[],
  prefix: string,
  body: string | Uint8Array,
): boolean | Promise<boolean> {
  return some(keys, (key) =>
    some(
      candidates,
      (candidate) => candidate.kind === key.kind && backend.verify(key, candidate, prefix, body),
    ),
  );
}

function some<T>(
  items: readonly T[],
  test: (item: T) => boolean | Promise<boolean>,
  from = 0,
): boolean | Promise<boolean> {
  for (let i = from; i < items.length; i++) {
    const result = test(items[i]!);
    if (typeof result !== 'boolean') return result.then((ok) => ok || some(items, test, i + 1));
    if (result) return true;
  }
  return false;
}
