import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PLAIN_KEY = /^drk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKeySecret {
  id: string;
  /** Shown once; only its hash is stored. */
  plainKey: string;
  keyHash: string;
}

/** A key with 256 random bits; its id is embedded so lookup does not depend on the secret. */
export function generateApiKeySecret(): NewApiKeySecret {
  const publicPart = randomBytes(6).toString('hex');
  const plainKey = `drk_${publicPart}_${randomBytes(32).toString('base64url')}`;
  return { id: `key_${publicPart}`, plainKey, keyHash: hashApiKey(plainKey) };
}

export function hashApiKey(plainKey: string): string {
  return createHash('sha256').update(plainKey, 'utf8').digest('hex');
}

/** The key id a presented key claims to be, or `undefined` when it is not shaped like a key. */
export function apiKeyIdOf(plainKey: string): string | undefined {
  const match = PLAIN_KEY.exec(plainKey);
  return match ? `key_${match[1]}` : undefined;
}

/** Compares the presented key with a stored hash in constant time. */
export function apiKeyMatches(plainKey: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(plainKey), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
