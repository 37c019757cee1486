import { generateSecret, sign } from '@dramarelay/receiver-verify';
import type { DeliveryDetail } from '@dramarelay/webhook-notifier';
import { WEBHOOK_USER_AGENT } from '../notifications/webhook-user-agent.js';

const MASK = '••••••••';

/**
 * The headers of the delivery's latest attempt as the notifier sent them, signatures masked.
 * The secret is never read: the headers are rebuilt with a throwaway one by the same signer,
 * so names, order and the id and timestamp are the real ones, and only the masked part is not.
 * `undefined` before the first attempt.
 */
export async function headersAsSent(
  detail: DeliveryDetail,
): Promise<Record<string, string> | undefined> {
  const last = detail.attempts.at(-1);
  if (!last) return undefined;
  const scheme = detail.endpoint.scheme;
  const count = scheme === 'legacy' ? 1 : Math.max(1, detail.endpoint.signingSecretCount);
  const headers = await sign({
    scheme,
    id: detail.message.id,
    timestamp: last.startedAt,
    body: detail.message.body,
    secrets: Array.from({ length: count }, () => generateSecret()),
    eventType: detail.message.eventType,
  });
  for (const name of Object.keys(headers)) {
    if (name.endsWith('signature')) {
      headers[name] = (headers[name] as string)
        .split(' ')
        .map((signature) => signature.replace(/^(v1a?,|sha256=).*$/, `$1${MASK}`))
        .join(' ');
    }
  }
  headers['content-type'] = 'application/json';
  headers['user-agent'] = WEBHOOK_USER_AGENT;
  headers[scheme === 'legacy' ? 'x-webhook-attempt' : 'webhook-attempt'] = String(last.attempt);
  return headers;
}
