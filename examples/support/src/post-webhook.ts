import { randomUUID } from 'node:crypto';
import { sign } from '@dramarelay/receiver-verify';
import type { SigningScheme } from '@dramarelay/webhook-notifier';

export interface PostedWebhook {
  /** The `webhook-id` sent (Standard Webhooks only). */
  id: string;
  status: number;
  text: string;
}

/**
 * Sends a request the way an attacker or a broken sender would: `signedBody` is signed (by
 * default `body` itself), `body` is sent, at `timestamp` (unix seconds, default now).
 * With `signed: false` no signature header is sent at all.
 *
 * @example
 * await postWebhook({ url, scheme, secret, body: tampered, signedBody: original });
 */
export async function postWebhook(options: {
  url: string;
  scheme: SigningScheme;
  secret: string;
  body: string;
  signedBody?: string;
  timestamp?: number;
  signed?: boolean;
  /** Sent as well, e.g. the `x-webhook-secret` header the original sender leaked. */
  headers?: Record<string, string>;
  /** Sent instead of the signed headers of the same names, e.g. a timestamp that is not a number. */
  replace?: Record<string, string>;
}): Promise<PostedWebhook> {
  const id = `msg_forged_${randomUUID()}`;
  const signature =
    options.signed === false
      ? {}
      : await sign({
          scheme: options.scheme,
          id,
          timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
          body: options.signedBody ?? options.body,
          secrets: options.secret,
          eventType: 'task.completed',
        });
  const response = await fetch(options.url, {
    method: 'POST',
    body: options.body,
    headers: {
      ...options.headers,
      ...signature,
      ...options.replace,
      'content-type': 'application/json',
    },
  });
  return { id, status: response.status, text: await response.text() };
}
