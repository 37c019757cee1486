import { decodeBase64 } from './base64.js';
import { type Bytes, utf8 } from './bytes.js';
import { misuse } from './errors.js';
import type { Secrets } from './types.js';

/** `hmac`: a shared `whsec_` key; `ed25519`: a `whpk_` public key; `ed25519-secret`: a `whsk_` seed. */
export type KeyKind = 'hmac' | 'ed25519' | 'ed25519-secret';

export interface Key {
  kind: KeyKind;
  bytes: Bytes;
}

/** One secret string, read both ways; `standard` is absent for a bare non-base64 string. */
export interface ParsedSecret {
  standard: Key | undefined;
  legacy: Key;
}

const PREFIXES: readonly [prefix: string, kind: KeyKind, sizes: readonly number[]][] = [
  ['whsec_', 'hmac', []],
  ['whpk_', 'ed25519', [32]],
  ['whsk_', 'ed25519-secret', [32, 64]],
];

// Parsed keys are cached so that each runtime can cache its imported key per secret.
const cache = new Map<string, ParsedSecret>();

/**
 * Validates and parses one or several secrets. Throws a `TypeError` on misuse: nothing given,
 * an empty string, or a prefixed key that is not valid base64 of the right length.
 */
export function resolveSecrets(secrets: Secrets): ParsedSecret[] {
  const list: readonly unknown[] = typeof secrets === 'string' ? [secrets] : secrets;
  if (!Array.isArray(list) || list.length === 0) throw misuse('no secret given');
  return list.map(parseSecret);
}

function parseSecret(secret: unknown): ParsedSecret {
  if (typeof secret !== 'string' || secret === '') throw misuse('a secret is empty');
  let parsed = cache.get(secret);
  if (!parsed) {
    if (cache.size >= 256) cache.clear();
    parsed = { standard: parseStandard(secret), legacy: { kind: 'hmac', bytes: utf8(secret) } };
    cache.set(secret, parsed);
  }
  return parsed;
}

function parseStandard(secret: string): Key | undefined {
  for (const [prefix, kind, sizes] of PREFIXES) {
    if (!secret.startsWith(prefix)) continue;
    const bytes = decodeBase64(secret.slice(prefix.length));
    if (!bytes?.length || (sizes.length > 0 && !sizes.includes(bytes.length))) {
      throw misuse(`malformed ${prefix} secret`);
    }
    // A 64-byte whsk_ key is the seed followed by its public key (libsodium's layout).
    return { kind, bytes: kind === 'ed25519-secret' ? bytes.slice(0, 32) : bytes };
  }
  // Like the reference library, an unprefixed secret is the base64 key itself.
  const bytes = decodeBase64(secret);
  return bytes?.length ? { kind: 'hmac', bytes } : undefined;
}
