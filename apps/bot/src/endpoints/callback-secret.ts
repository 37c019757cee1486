import type { SigningScheme } from './endpoint.table.js';

export type CallbackSecretResult =
  | { ok: true; secret: string; scheme: SigningScheme; generated: boolean }
  | { ok: false; field: 'callback_secret' | 'callback_scheme'; error: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

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
  const encoded = secret.slice(prefix.length);
  if (!BASE64.test(encoded)) return false;
  return sizes.includes(Buffer.from(encoded, 'base64').length);
}
