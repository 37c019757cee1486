import type { Bytes } from './bytes.js';
import { decodeHex } from './hex.js';

// DER headers that wrap a raw Ed25519 key (RFC 8410), so both runtimes can import raw bytes.
const PKCS8_PREFIX = '302e020100300506032b657004220420';
const SPKI_PREFIX = '302a300506032b6570032100';

/** PKCS#8 DER for a 32-byte Ed25519 seed. */
export function pkcs8FromSeed(seed: Uint8Array): Bytes {
  return Uint8Array.from([...decodeHex(PKCS8_PREFIX)!, ...seed]);
}

/** SPKI DER for a 32-byte Ed25519 public key. */
export function spkiFromPublicKey(publicKey: Uint8Array): Bytes {
  return Uint8Array.from([...decodeHex(SPKI_PREFIX)!, ...publicKey]);
}

/** The 32-byte seed inside a PKCS#8 export (it follows the 16-byte header). */
export function seedFromPkcs8(der: Uint8Array): Bytes {
  return der.slice(16, 48);
}
