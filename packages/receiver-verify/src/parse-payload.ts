import { fromUtf8 } from './bytes.js';
import { WebhookVerificationError } from './errors.js';

/** Parses a verified body; only ever called after a signature matched. */
export function parsePayload(body: string | Uint8Array): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : fromUtf8(body));
  } catch (cause) {
    throw new WebhookVerificationError('invalid_json', undefined, { cause });
  }
}

/** The event type a parsed payload names in its `event` field, as the relay's payloads do. */
export function eventTypeOf(payload: unknown): string | undefined {
  const { event } = Object(payload) as { event?: unknown };
  return typeof event === 'string' ? event : undefined;
}
