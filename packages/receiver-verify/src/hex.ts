import type { Bytes } from './bytes.js';

export function encodeHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Even-length lower-case hex only (as Python's `hexdigest()` writes it), or `undefined`. */
export function decodeHex(text: string): Bytes | undefined {
  const pairs = /^([\da-f]{2})*$/.test(text) ? (text.match(/../g) ?? []) : undefined;
  return pairs && Uint8Array.from(pairs, (pair) => Number.parseInt(pair, 16));
}
