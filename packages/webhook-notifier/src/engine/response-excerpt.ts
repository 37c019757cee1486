import type { HttpResponse } from '../http/transport.js';

/** Response headers worth keeping in the attempt log. */
const KEPT_HEADERS = ['content-type', 'content-length', 'retry-after', 'location', 'x-request-id'];
const MAX_HEADER_CHARS = 256;
export const MAX_EXCERPT_BYTES = 4096;

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * The few response headers kept with an attempt, each value capped.
 *
 * @example
 * keptHeaders({ 'retry-after': '30', 'set-cookie': 'x' }); // { 'retry-after': '30' }
 */
export function keptHeaders(headers: HttpResponse['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value !== undefined) kept[name] = value.slice(0, MAX_HEADER_CHARS);
  }
  return kept;
}

/**
 * At most the first 4 KiB of a response body as text, cut on a character boundary, or
 * `null` for an empty body. A huge body never reaches the store.
 *
 * @example
 * bodyExcerpt(new TextEncoder().encode('ok')); // 'ok'
 */
export function bodyExcerpt(body: Uint8Array, maxBytes = MAX_EXCERPT_BYTES): string | null {
  if (body.byteLength === 0) return null;
  let end = Math.min(body.byteLength, maxBytes);
  // Step back over UTF-8 continuation bytes so the cut does not split a character.
  if (end < body.byteLength) {
    while (end > 0 && ((body[end] ?? 0) & 0xc0) === 0x80) end--;
  }
  return decoder.decode(body.subarray(0, end));
}
