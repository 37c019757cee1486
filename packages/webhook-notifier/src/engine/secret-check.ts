import { sign } from '@dramarelay/receiver-verify';
import { NotifierError } from '../errors/notifier-error.js';
import type { SigningScheme } from '../store/delivery-store.js';

const MAX_REMEMBERED = 1_000;
const EMPTY = new Uint8Array(0);

/** Resolves when the secrets can sign; `NotifierError('invalid_secret')` naming `field` otherwise. */
export type SecretCheck = (
  scheme: SigningScheme,
  secrets: readonly string[],
  field?: string,
) => Promise<void>;

/**
 * Refuses, at `enqueue`, secrets that could never sign (a malformed `whsec_`, two secrets
 * for the legacy scheme), by signing an empty body once per distinct secret set. Good sets
 * are remembered, so the hot path costs a map lookup.
 *
 * @example
 * const checkSecrets = createSecretCheck();
 * await checkSecrets('standard-webhooks', ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']);
 */
export function createSecretCheck(): SecretCheck {
  const known = new Set<string>();
  return async (scheme, secrets, field = 'endpoint.secrets') => {
    const key = `${scheme}\n${secrets.join('\n')}`;
    if (known.has(key)) return;
    try {
      await sign({
        scheme,
        id: 'msg_check',
        timestamp: 0,
        body: EMPTY,
        secrets,
        eventType: 'check',
      });
    } catch {
      // The signer's message is not repeated: it might quote the secret.
      throw new NotifierError('invalid_secret', `${field} cannot sign with the ${scheme} scheme`, {
        field,
      });
    }
    if (known.size >= MAX_REMEMBERED) known.clear();
    known.add(key);
  };
}
