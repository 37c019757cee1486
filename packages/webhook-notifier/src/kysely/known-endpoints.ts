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
 * is overwritten again at most `ENDPOINT_CHECK_MS` later.
 */
export interface KnownEndpoints {
  isCurrent(endpoint: Endpoint): boolean;
  remember(endpoint: Endpoint): void;
  /** After any change this store makes to endpoints: check each one again. */
  forgetAll(): void;
}

export function createKnownEndpoints(now: () => number = () => performance.now()): KnownEndpoints {
  const known = new Map<string, { settings: string; checkedAt: number }>();
  const settingsOf = (endpoint: Endpoint) =>
    JSON.stringify([endpoint.url, endpoint.scheme, endpoint.secrets]);
  return {
    isCurrent(endpoint) {
      const entry = known.get(endpoint.id);
      if (entry === undefined) return false;
      if (now() - entry.checkedAt >= ENDPOINT_CHECK_MS) {
        known.delete(endpoint.id);
        return false;
      }
      return entry.settings === settingsOf(endpoint);
    },
    remember(endpoint) {
      known.set(endpoint.id, { settings: settingsOf(endpoint), checkedAt: now() });
    },
    forgetAll() {
      known.clear();
    },
  };
}
