import type { EndpointInfo, EndpointState } from '@dramarelay/webhook-notifier';
import { Hono } from 'hono';
import { listKeyEndpoints } from '../../endpoints/key-endpoints.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError } from '../api-error.js';
import type { ApiEnv } from '../api-key-auth.js';
import { listKeyEndpointHealth } from '../key-endpoint-health.js';
import { ownEndpointId } from '../key-scope.js';
import { adminCall } from '../notifier-error.js';
import { endpointJson } from './operations-json.js';

const STATES: readonly EndpointState[] = ['active', 'paused', 'disabled'];

/**
 * The key's endpoints as the notifier sees them (its own, with what they subscribe to, and
 * one per task with its own callback), with their health; and the way back from `disabled`.
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
    const apiKeyId = c.get('apiKey').id;
    // The key's records are listed once: for the ids in scope and for the fields shown.
    const records = await listKeyEndpoints(deps.operations.endpoints, apiKeyId);
    const endpoints = await listKeyEndpointHealth(deps, apiKeyId, records);
    const byId = new Map(records.map((record) => [record.id, record]));
    return c.json({
      success: true,
      endpoints: endpoints
        .filter((e) => state === undefined || e.state === state)
        .map((e) => endpointJson(e, byId.get(e.id))),
    });
  });

  routes.get('/:id', async (c) => {
    const id = await ownEndpointId(deps, c.get('apiKey').id, c.req.param('id'), { live: true });
    return c.json({ success: true, endpoint: await readEndpoint(deps, id) });
  });

  routes.post('/:id/enable', async (c) => {
    const id = await ownEndpointId(deps, c.get('apiKey').id, c.req.param('id'), { live: true });
    await adminCall('endpoint', () => admin().enableEndpoint(id));
    return c.json({ success: true, endpoint: await readEndpoint(deps, id) });
  });

  return routes;
}

/** An endpoint of the key as the API shows it: health, and subscriptions for its own. */
export async function readEndpoint(deps: ApiDeps, id: string, record?: EndpointInfo) {
  const [health, info] = await Promise.all([
    adminCall('endpoint', () => deps.operations.admin.getEndpoint(id)),
    record ?? deps.operations.endpoints.get(id),
  ]);
  return endpointJson(health, info);
}
