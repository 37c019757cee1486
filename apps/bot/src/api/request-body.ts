import type { Context } from 'hono';
import { ApiError } from './api-error.js';

/** The request body as a JSON object, or a 400 saying what is wrong with it. */
export async function jsonObjectBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'a JSON body is required');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** A positive integer path id; anything else is a 404, like an id that does not exist. */
export function pathId(c: Context, name: string, what: string): number {
  const raw = c.req.param(name) ?? '';
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) throw new ApiError(404, `${what} not found`);
  return id;
}
