import type { EndpointState } from '@dramarelay/webhook-notifier';
import { Hono } from 'hono';
import type { ApiDeps } from '../api-deps.js';
import { ApiError } from '../api-error.js';
import type { ApiEnv } from '../api-key-auth.js';
import { listKeyEndpoints } from '../key-endpoints.js';
import { ownEndpointId } from '../key-scope.js';
import { adminCall } from '../notifier-error.js';
import { endpointHealthJson } from './operations-json.js';

const STATES: readonly EndpointState[] = ['active', 'paused', 'disabled'];

/**
 * The key's endpoints as the notifier sees them (one per task with its own callback, one
 * for the default endpoint), with their health; and the way back from `disabled`.
 */
export function endpointHealthRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  const admin = () => deps.operations.admin;

  routes.get('/', async (c) => {
    const { state, ...rest } = c.req.query();
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) {
      throw new ApiError(
        400,
        'invalid_filter',
        `${unknown} is not a filter here (use state)`,
        unknown,
      );
    }
    if (state !== undefined && !STATES.includes(state as EndpointState)) {
      throw new ApiError(
        400,
        'invalid_filter',
        `state must be one of ${STATES.join(', ')}`,
        'state',
      );
    }
    const endpoints = await listKeyEndpoints(deps.db, admin(), c.get('apiKey').id);
    return c.json({
      success: true,
      endpoints: endpoints
        .filter((e) => state === undefined || e.state === state)
        .map(endpointHealthJson),
    });
  });

  routes.get('/:id', async (c) => {
    const id = await ownEndpointId(deps.db, c.get('apiKey').id, c.req.param('id'));
    const endpoint = await adminCall('endpoint', () => admin().getEndpoint(id));
    return c.json({ success: true, endpoint: endpointHealthJson(endpoint) });
  });

  routes.post('/:id/enable', async (c) => {
    const id = await ownEndpointId(deps.db, c.get('apiKey').id, c.req.param('id'));
    const endpoint = await adminCall('endpoint', () => admin().enableEndpoint(id));
    return c.json({ success: true, endpoint: endpointHealthJson(endpoint) });
  });

  return routes;
}
