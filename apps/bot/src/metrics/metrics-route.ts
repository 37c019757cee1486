import { createHash, timingSafeEqual } from 'node:crypto';
import type { Handler } from 'hono';
import { errorBody } from '../api/api-error.js';
import type { AppMetrics } from './app-metrics.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics` for a Prometheus scraper holding `Authorization: Bearer <token>`. Tokens are
 * compared as SHA-256 digests in constant time, so neither their content nor their length
 * leaks through timing.
 */
export function metricsRoute(metrics: AppMetrics, token: string): Handler {
  const expected = digest(token);
  return async (c) => {
    const presented = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const challenge = { 'WWW-Authenticate': 'Bearer realm="metrics"' };
    if (presented === undefined) {
      return c.json(
        errorBody('missing_metrics_token', 'missing Authorization: Bearer header', 'Authorization'),
        401,
        challenge,
      );
    }
    if (!timingSafeEqual(digest(presented), expected)) {
      return c.json(
        errorBody('invalid_metrics_token', 'invalid metrics token', 'Authorization'),
        401,
        challenge,
      );
    }
    const { contentType, body } = await metrics.scrape();
    return c.body(body, 200, { 'content-type': contentType });
  };
}
