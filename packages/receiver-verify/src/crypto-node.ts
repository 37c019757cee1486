import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import type { Bytes } from './bytes.js';
import type { CryptoBackend } from './crypto-backend.js';
import { pkcs8FromSeed, seedFromPkcs8, spkiFromPublicKey } from './ed25519-der.js';
import type { Key } from './secrets.js';

// Imported Ed25519 keys, cached per parsed secret (the key bytes are cached per secret string).
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

function keyObject({ kind, bytes }: Key): KeyObject {
  let key = keyObjects.get(bytes);
  if (!key) {
    key =
      kind === 'ed25519'
        ? createPublicKey({
            key: Buffer.from(spkiFromPublicKey(bytes)),
            format: 'der',
            type: 'spki',
          })
        : createPrivateKey({
            key: Buffer.from(pkcs8FromSeed(bytes)),
            format: 'der',
            type: 'pkcs8',
          });
    keyObjects.set(bytes, key);
  }
  return key;
}

// Two updates: the body is never copied to prepend the prefix.
function hmac(key: Uint8Array, prefix: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(prefix).update(body).digest();
}

function content(prefix: string, body: string | Uint8Array): Buffer {
  return typeof body === 'string'
    ? Buffer.from(prefix + body)
    : Buffer.concat([Buffer.from(prefix), body]);
}

/** Node's native crypto, synchronous. */
export const nodeCrypto: CryptoBackend = {
  sign: (key, prefix, body) =>
    key.kind === 'hmac'
      ? (hmac(key.bytes, prefix, body) as Bytes)
      : (sign(null, content(prefix, body), keyObject(key)) as Bytes),
  verify(key, { signature, encoding }, prefix, body) {
    const given = Buffer.from(signature, encoding);
    // Node's decoders skip bad characters; the round trip keeps only the canonical spelling.
    if (given.toString(encoding) !== signature) return false;
    if (key.kind !== 'hmac') return verify(null, content(prefix, body), keyObject(key), given);
    const digest = hmac(key.bytes, prefix, body);
    return digest.length === given.length && timingSafeEqual(digest, given);
  },
  async generateEd25519() {
    const pair = generateKeyPairSync('ed25519');
    return {
      seed: seedFromPkcs8(pair.privateKey.export({ format: 'der', type: 'pkcs8' })),
      publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).slice(12) as Bytes,
    };
  },
  randomBytes: (length) => randomBytes(length) as Bytes,
};
