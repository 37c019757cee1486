import type { EnqueueInput } from '../store/delivery-store.js';

/** How long this process trusts that an endpoint it wrote or checked is still as it left it. */
export const ENDPOINT_CHECK_MS = 1_000;

type Endpoint = EnqueueInput['endpoint'];

/**
 * The inline endpoints this store wrote or found current lately, with their URL, scheme and
 * secrets. While one is known, `enqueue` writes only the message and the delivery (the
 * endpoint upsert costs the database more than the two inserts; in a transaction, the inserts
 * also require the endpoint row to be visible). Endpoints are never deleted, so a known
 * endpoint exists; a change made elsewhere (another process enqueueing with other settings)
 * is overwritten again at most `ENDPOINT_CHECK_MS` later, by the one enqueue that checks (a
 * period more for each check that fails).
 */
export interface KnownEndpoints {
  /**
   * Whether the endpoint may be trusted now. Once its check is due, the first caller gets
   * `false` (and checks, then `remember`s it); other callers keep trusting it meanwhile, and
   * the next check falls due one period later if that one never reported back.
   */
  isCurrent(endpoint: Endpoint): boolean;
  remember(endpoint: Endpoint): void;
  /** After any change this store makes to endpoints: check each one again. */
  forgetAll(): void;
}

export function createKnownEndpoints(now: () => number = () => performance.now()): KnownEndpoints {
  const known = new Map<string, { endpoint: Endpoint; checkedAt: number }>();
  return {
    isCurrent(endpoint) {
      const entry = known.get(endpoint.id);
      if (entry === undefined || !sameSettings(entry.endpoint, endpoint)) return false;
      const at = now();
      if (at - entry.checkedAt < ENDPOINT_CHECK_MS) return true;
      // Time for a check, made by this caller alone: enqueues running meanwhile trust the
      // endpoint one more period, so a busy process checks once, not once per producer.
      entry.checkedAt = at;
      return false;
    },
    remember(endpoint) {
      const { id, url, scheme, secrets } = endpoint;
      // A copy: the caller's secrets array may change after it is remembered.
      known.set(id, { endpoint: { id, url, scheme, secrets: [...secrets] }, checkedAt: now() });
    },
    forgetAll() {
      known.clear();
    },
  };
}

/** Same URL, scheme and secrets, in the same order (the first secret signs first). */
function sameSettings(a: Endpoint, b: Endpoint): boolean {
  if (a.url !== b.url || a.scheme !== b.scheme || a.secrets.length !== b.secrets.length) {
    return false;
  }
  return a.secrets.every((secret, i) => secret === b.secrets[i]);
}
