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
