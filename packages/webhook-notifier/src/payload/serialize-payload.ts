import { NotifierError } from '../errors/notifier-error.js';

const encoder = new TextEncoder();

/**
 * Turns a payload into the bytes that are stored, signed and sent unchanged on every
 * attempt: a `Uint8Array` is taken as is (copied); anything else is `JSON.stringify`-ed once
 * and encoded as UTF-8, so Chinese text stays Chinese, never `\uXXXX`. Refuses, with a
 * `NotifierError`, what cannot be serialised or is larger than `maxBytes`.
 *
 * @example
 * serializePayload({ title: '《霸道总裁爱上我》' }, 262_144); // Uint8Array of UTF-8 JSON
 */
export function serializePayload(payload: unknown, maxBytes: number): Uint8Array {
  const bytes = payload instanceof Uint8Array ? payload.slice() : encodeJson(payload);
  if (bytes.byteLength > maxBytes) {
    throw new NotifierError(
      'payload_too_large',
      `payload is ${bytes.byteLength} bytes; the limit is ${maxBytes}`,
      { size: bytes.byteLength, limit: maxBytes },
    );
  }
  return bytes;
}

function encodeJson(payload: unknown): Uint8Array {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (cause) {
    throw new NotifierError('invalid_payload', 'payload cannot be serialised as JSON', { cause });
  }
  if (json === undefined) {
    throw new NotifierError(
      'invalid_payload',
      `payload of type ${typeof payload} has no JSON form`,
    );
  }
  return encoder.encode(json);
}
