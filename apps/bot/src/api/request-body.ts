import type { Context } from 'hono';
import { ApiError } from './api-error.js';

const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/;

/**
 * `application/json` or a `+json` type (`application/merge-patch+json`), with no charset
 * other than UTF-8: JSON is UTF-8 (RFC 8259), and any other spelling is a client's mistake
 * better reported than guessed at.
 */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type = '', ...parameters] = header.split(';');
  if (!JSON_MEDIA_TYPE.test(type.trim().toLowerCase())) return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    return /^"?utf-8"?$/i.test(value.trim());
  });
}

/** The request body as a JSON object, or a 4xx saying what is wrong with it. */
export async function jsonObjectBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'body_required', 'a JSON body is required');
  if (!isJsonMediaType(c.req.header('content-type'))) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      'the body must be JSON sent with Content-Type: application/json',
      'Content-Type',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'body_not_object', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** A positive integer path id; anything else is a 404, like an id that does not exist. */
export function pathId(c: Context, name: string, what: string): number {
  const raw = c.req.param(name) ?? '';
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) {
    throw new ApiError(404, 'not_found', `${what} not found`);
  }
  return id;
}
