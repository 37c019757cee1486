import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import type { Bytes } from './bytes.js';
import type { CryptoBackend } from './crypto-backend.js';
import { pkcs8FromSeed, seedFromPkcs8, spkiFromPublicKey } from './ed25519-der.js';
import { hmacSha256 } from './hmac-node.js';
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

function content(prefix: string, body: string | Uint8Array): Buffer {
  return typeof body === 'string'
    ? Buffer.from(prefix + body)
    : Buffer.concat([Buffer.from(prefix), body]);
}

/** Compares two strings without stopping at the first difference (nor at a length one). */
function equalInConstantTime(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** Node's native crypto, synchronous. */
export const nodeCrypto: CryptoBackend = {
  sign: (key, prefix, body, encoding) =>
    key.kind === 'hmac'
      ? hmacSha256(key.bytes, prefix, body, encoding)
      : sign(null, content(prefix, body), keyObject(key)).toString(encoding),
  verify(key, { signature, encoding }, prefix, body) {
    if (key.kind === 'hmac') {
      // Compared as text: the expected value is spelled canonically, so a signature that
      // only decodes to the same bytes (Node's decoders skip bad characters) never matches.
      const expected = hmacSha256(key.bytes, prefix, body, encoding);
      return equalInConstantTime(expected, signature);
    }
    const given = Buffer.from(signature, encoding);
    if (given.toString(encoding) !== signature) return false;
    return verify(null, content(prefix, body), keyObject(key), given);
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
