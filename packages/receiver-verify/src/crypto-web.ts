import { decodeBase64, encodeBase64 } from './base64.js';
import { type Bytes, concatContent } from './bytes.js';
import type { CryptoBackend } from './crypto-backend.js';
import { pkcs8FromSeed } from './ed25519-der.js';
import { decodeHex, encodeHex } from './hex.js';
import type { Key } from './secrets.js';

// Imported keys, cached per parsed secret (the key bytes are cached per secret string).
const cryptoKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function importKey({ kind, bytes }: Key): Promise<CryptoKey> {
  let key = cryptoKeys.get(bytes);
  if (!key) {
    const seed = kind === 'ed25519-secret';
    key = crypto.subtle.importKey(
      seed ? 'pkcs8' : 'raw',
      seed ? pkcs8FromSeed(bytes) : bytes,
      kind === 'hmac' ? { name: 'HMAC', hash: 'SHA-256' } : 'Ed25519',
      false,
      kind === 'hmac' ? ['sign', 'verify'] : seed ? ['sign'] : ['verify'],
    );
    cryptoKeys.set(bytes, key);
  }
  return key;
}

/** JWK fields are unpadded base64url. */
function decodeBase64Url(text: string): Bytes {
  return decodeBase64(text.replace(/-/g, '+').replace(/_/g, '/'))!;
}

/**
 * Web Crypto only: runs in Deno, Bun, browsers, workers and edge runtimes. HMAC signatures
 * are checked with `subtle.verify`, which compares in constant time.
 */
export const webCrypto: CryptoBackend = {
  async sign(key, prefix, body, encoding) {
    const cryptoKey = await importKey(key);
    const data = concatContent(prefix, body);
    const signature = await crypto.subtle.sign(cryptoKey.algorithm, cryptoKey, data);
    return (encoding === 'hex' ? encodeHex : encodeBase64)(new Uint8Array(signature));
  },
  async verify(key, { signature, encoding }, prefix, body) {
    const bytes = encoding === 'hex' ? decodeHex(signature) : decodeBase64(signature);
    const cryptoKey = await importKey(key);
    const data = concatContent(prefix, body);
    return !!bytes && crypto.subtle.verify(cryptoKey.algorithm, cryptoKey, bytes, data);
  },
  async generateEd25519() {
    const { privateKey } = await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify']);
    const { d, x } = await crypto.subtle.exportKey('jwk', privateKey);
    return { seed: decodeBase64Url(d!), publicKey: decodeBase64Url(x!) };
  },
  randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
};
