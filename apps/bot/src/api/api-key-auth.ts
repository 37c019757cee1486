import type { MiddlewareHandler } from 'hono';
import { type ApiKey, authenticateApiKey } from '../api-keys/api-key.repository.js';
import type { Db } from '../database/database.js';
import { ApiError } from './api-error.js';

export type ApiEnv = { Variables: { apiKey: ApiKey } };

/**
 * `X-API-Key` only: a key in the query string would end up in access logs and browser
 * history, so it is not looked at.
 */
export function apiKeyAuth(db: Db): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const presented = c.req.header('x-api-key');
    if (!presented)
      throw new ApiError(401, 'missing_api_key', 'missing X-API-Key header', 'X-API-Key');
    const apiKey = await authenticateApiKey(db, presented);
    if (!apiKey)
      throw new ApiError(401, 'invalid_api_key', 'invalid or revoked API key', 'X-API-Key');
    c.set('apiKey', apiKey);
    await next();
  };
}
