import { Hono } from 'hono';
import type { ApiDeps } from '../api-deps.js';
import type { ApiEnv } from '../api-key-auth.js';
import { scopeEndpointIds } from '../key-scope.js';
import { adminCall } from '../notifier-error.js';
import { readFilters } from './filter-input.js';
import { statsRowJson, taskIdOf } from './operations-json.js';

const DEFAULT_WINDOW_MS = 24 * 3_600_000;

/** Success rates, volumes and latency of the key's deliveries; the last 24 hours by default. */
export function statsRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.get('/', async (c) => {
    const query = readFilters(c.req.query(), ['since', 'until', 'endpoint']);
    const until = query.until ?? deps.now();
    const since = query.since ?? new Date(until.getTime() - DEFAULT_WINDOW_MS);
    const admin = deps.operations.admin;
    const endpointId = await scopeEndpointIds(deps, c.get('apiKey').id, query.endpoint);
    const stats = await adminCall('endpoint', () => admin.stats({ since, until, endpointId }));
    return c.json({
      success: true,
      since: stats.since.toISOString(),
      until: stats.until.toISOString(),
      overall: statsRowJson(stats.overall),
      endpoints: stats.endpoints.map((row) => ({
        endpoint_id: row.endpointId,
        task_id: taskIdOf(row.endpointId),
        ...statsRowJson(row),
      })),
    });
  });

  return routes;
}
