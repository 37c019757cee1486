import { sign } from '@dramarelay/receiver-verify';
import type { SigningScheme } from './endpoint.table.js';

export type CallbackSecretResult =
  | { ok: true; secret: string; scheme: SigningScheme; generated: boolean }
  | { ok: false; field: 'callback_secret' | 'callback_scheme'; error: string };

/**
 * Picks the signing scheme and secret of a callback. Without a scheme, a plain secret (the
 * X2C contract, e.g. `my_secret_2024`) means `legacy`; otherwise Standard Webhooks. Without a
 * secret one is generated, to be shown once.
 */
export function resolveCallbackSecret(
  input: { secret?: string | null | undefined; scheme?: SigningScheme | null | undefined },
  generateSecret: () => string,
): CallbackSecretResult {
  const given = input.secret ?? undefined;
  const scheme: SigningScheme =
    input.scheme ?? (given !== undefined && !isStandardKey(given) ? 'legacy' : 'standard-webhooks');
  if (given === undefined) {
    return { ok: true, secret: generateSecret(), scheme, generated: true };
  }
  if (scheme === 'standard-webhooks' && !validStandardKey(given)) {
    return {
      ok: false,
      field: 'callback_secret',
      error:
        'callback_secret must be a whsec_ key (base64 of 16 to 64 bytes) for the standard-webhooks scheme; leave it out to get one, or set callback_scheme to legacy',
    };
  }
  if (scheme === 'legacy' && !signerAccepts(given, scheme)) {
    return {
      ok: false,
      field: 'callback_secret',
      error:
        'callback_secret cannot sign with the legacy scheme: a secret that starts with whsec_, whsk_ or whpk_ must be a well-formed key of that kind',
    };
  }
  return { ok: true, secret: given, scheme, generated: false };
}

function isStandardKey(secret: string): boolean {
  return secret.startsWith('whsec_') || secret.startsWith('whsk_');
}

function validStandardKey(secret: string): boolean {
  const [prefix, sizes] = secret.startsWith('whsk_')
    ? ['whsk_', [32, 64]]
    : ['whsec_', Array.from({ length: 49 }, (_, i) => i + 16)];
  if (!secret.startsWith(prefix)) return false;
  // The signer is the judge: it takes only the canonical base64 spelling, which then decodes
  // to exactly the bytes it signs with, so the size below is the size of the real key.
  if (!signerAccepts(secret, 'standard-webhooks')) return false;
  return sizes.includes(Buffer.from(secret.slice(prefix.length), 'base64').length);
}

/**
 * Whether the notifier will be able to sign with this secret: the same trial signature its
 * `enqueue` makes, so a secret stored here is never refused there. Misuse throws a
 * `TypeError` synchronously (receiver-verify's contract); the signature itself is not needed.
 */
function signerAccepts(secret: string, scheme: SigningScheme): boolean {
  try {
    sign({
      scheme,
      id: 'msg_check',
      timestamp: 0,
      body: '',
      secrets: [secret],
      eventType: 'check',
    }).catch(() => {});
    return true;
  } catch {
    return false;
  }
}
