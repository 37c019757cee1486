import type { Bytes } from './bytes.js';

/** Standard base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Strict standard base64 (padding optional), or `undefined`. `atob` forgives whitespace and
 * non-zero trailing bits, so only the canonical spelling is accepted: a changed character
 * can never decode to the same bytes.
 */
export function decodeBase64(text: string): Bytes | undefined {
  try {
    const bytes = Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
    return encodeBase64(bytes).replace(/=+$/, '') === text.replace(/=+$/, '') ? bytes : undefined;
  } catch {
    return undefined;
  }
}
