import { encodeBase64 } from './base64.js';
import type { CryptoBackend } from './crypto-backend.js';
import type { KeyPair } from './types.js';

/** `whsec_` + base64 of 24 random bytes, the Standard Webhooks convention. */
export function generateSecretWith(backend: CryptoBackend): string {
  return `whsec_${encodeBase64(backend.randomBytes(24))}`;
}

/** A fresh Ed25519 pair; the secret key is seed + public key, as libsodium lays it out. */
export async function generateKeyPairWith(backend: CryptoBackend): Promise<KeyPair> {
  const { seed, publicKey } = await backend.generateEd25519();
  const secretKey = Uint8Array.from([...seed, ...publicKey]);
  return {
    secretKey: `whsk_${encodeBase64(secretKey)}`,
    publicKey: `whpk_${encodeBase64(publicKey)}`,
  };
}
