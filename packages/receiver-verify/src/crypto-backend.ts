import type { Bytes } from './bytes.js';
import type { Key } from './secrets.js';
import type { Candidate } from './signature-header.js';

/**
 * The only primitives that differ between runtimes. `crypto-node.ts` implements them with
 * `node:crypto`, `crypto-web.ts` with `crypto.subtle`; everything else is shared.
 * Signed content is always `prefix` (UTF-8) followed by the raw `body` bytes.
 */
export interface CryptoBackend {
  /**
   * HMAC-SHA256 with an `hmac` key, or an Ed25519 signature with an `ed25519-secret` seed,
   * encoded as the signature header spells it.
   */
  sign(
    key: Key,
    prefix: string,
    body: string | Uint8Array,
    encoding: 'base64' | 'hex',
  ): string | Promise<string>;
  /**
   * Checks a candidate with an `hmac` key (in constant time) or an `ed25519` public key.
   * Non-canonical encodings of a valid signature must fail.
   */
  verify(
    key: Key,
    candidate: Candidate,
    prefix: string,
    body: string | Uint8Array,
  ): boolean | Promise<boolean>;
  /** A fresh Ed25519 key pair as raw 32-byte seed and public key. */
  generateEd25519(): Promise<{ seed: Bytes; publicKey: Bytes }>;
  randomBytes(length: number): Bytes;
}
