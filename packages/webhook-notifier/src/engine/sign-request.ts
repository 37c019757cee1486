import { sign } from '@dramarelay/receiver-verify';
import type { ClaimedDelivery } from '../store/delivery-store.js';
import { signingSecrets } from './signing-secrets.js';

/**
 * The name of the attempt-number header: `webhook-attempt` with Standard Webhooks,
 * `x-webhook-attempt` with the legacy scheme (so that a receiver's scheme detection, which
 * looks at `webhook-*` names, is not misled).
 */
export function attemptHeaderName(scheme: ClaimedDelivery['endpoint']['scheme']): string {
  return scheme === 'legacy' ? 'x-webhook-attempt' : 'webhook-attempt';
}

/**
 * All headers of one attempt: the signature headers for the stored bytes and a fresh
 * timestamp, then `content-type`, `user-agent` and the attempt number.
 *
 * @example
 * await requestHeaders(claimed, 2, Date.now(), 'dramarelay-webhook-notifier/1.0.0');
 * // { 'webhook-id': 'msg_…', 'webhook-timestamp': '…', 'webhook-signature': 'v1,…',
 * //   'content-type': 'application/json', 'user-agent': '…', 'webhook-attempt': '2' }
 */
export async function requestHeaders(
  { message, endpoint }: ClaimedDelivery,
  attempt: number,
  nowMs: number,
  userAgent: string,
): Promise<Record<string, string>> {
  const headers = await sign({
    scheme: endpoint.scheme,
    id: message.id,
    timestamp: Math.floor(nowMs / 1000),
    body: message.body,
    secrets: signingSecrets(endpoint, nowMs),
    eventType: message.eventType,
  });
  // `sign` returns a fresh object: completing it in place is cheaper than a spread copy.
  headers['content-type'] = 'application/json';
  headers['user-agent'] = userAgent;
  headers[attemptHeaderName(endpoint.scheme)] = String(attempt);
  return headers;
}
