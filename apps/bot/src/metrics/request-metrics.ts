import type { MiddlewareHandler } from 'hono';
import { matchedRoutes, routePath } from 'hono/route';
import type { AppMetrics } from './app-metrics.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Counts and times every request by method, route pattern (`/api/tasks/:id`, never
 * `/api/tasks/42`) and status, so the number of series stays bounded whatever clients send:
 * a path no route matched is `unmatched`, an unusual method `other`.
 */
export function requestMetrics(metrics: AppMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const handled = matchedRoutes(c).some((route) => route.method !== 'ALL');
      metrics.recordRequest(
        {
          method: METHODS.has(c.req.method) ? c.req.method : 'other',
          route: handled ? routePath(c, -1) : 'unmatched',
          status: c.res.status,
        },
        (performance.now() - started) / 1000,
      );
    }
  };
}
