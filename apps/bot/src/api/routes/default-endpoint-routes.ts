import type { EndpointInfo } from '@dramarelay/webhook-notifier';
import { Hono } from 'hono';
import { endpointTimes } from '../../endpoints/endpoint-times.repository.js';
import { createKeyEndpoint, notifierCall, settleCallback } from '../../endpoints/key-endpoints.js';
import { keyEndpointId } from '../../notifications/endpoint-ids.js';
import { DEFAULT_ENDPOINT_EVENT_TYPES } from '../../notifications/event-catalog.js';
import { endpointSchema } from '../../tasks/task-input.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, parseWith } from '../api-error.js';
import type { ApiEnv } from '../api-key-auth.js';
import { jsonObjectBody } from '../request-body.js';
import { keyEndpointDeps } from './endpoint-routes.js';

/**
 * `/api/endpoint`, as integrations written before `/api/endpoints` use it: the key's endpoint
 * `apikey_<key id>`, which receives the completions of its tasks without a callback_url.
 */
export function defaultEndpointRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  const records = keyEndpointDeps(deps);

  /** The key's default endpoint, if it has one now. */
  async function findDefault(apiKeyId: string) {
    const record = await deps.operations.endpoints.get(keyEndpointId(apiKeyId));
    return record?.tenant === apiKeyId ? record : undefined;
  }

  routes.get('/', async (c) => {
    const endpoint = await findDefault(c.get('apiKey').id);
    if (!endpoint) throw new ApiError(404, 'not_found', 'no default endpoint is set');
    return c.json({ success: true, endpoint: await endpointView(endpoint) });
  });

  // The whole of it is replaced, as before: a PUT without a secret gets a new one.
  routes.put('/', async (c) => {
    const apiKeyId = c.get('apiKey').id;
    const input = parseWith(endpointSchema, await jsonObjectBody(c));
    const id = keyEndpointId(apiKeyId);
    if (!(await findDefault(apiKeyId))) {
      // A default endpoint deleted before is made again under its id, with its history.
      const event_types = [...DEFAULT_ENDPOINT_EVENT_TYPES];
      const created = await createKeyEndpoint(records, apiKeyId, { ...input, event_types }, id);
      return c.json({
        success: true,
        endpoint: await shown(created.endpoint, created.generatedSecret),
      });
    }
    const callback = settleCallback(records, input);
    const endpoint = await notifierCall(() =>
      deps.operations.endpoints.update(id, {
        url: callback.url,
        scheme: callback.scheme,
        secrets: callback.secret,
      }),
    );
    return c.json({ success: true, endpoint: await shown(endpoint, callback.generatedSecret) });
  });

  routes.delete('/', async (c) => {
    const apiKeyId = c.get('apiKey').id;
    const found = await findDefault(apiKeyId);
    if (!found || !(await deps.operations.endpoints.delete(found.id))) {
      throw new ApiError(404, 'not_found', 'no default endpoint is set');
    }
    return c.json({ success: true });
  });

  async function shown(endpoint: EndpointInfo, generatedSecret: string | undefined) {
    const view = await endpointView(endpoint);
    return generatedSecret ? { ...view, secret: generatedSecret } : view;
  }

  async function endpointView(endpoint: EndpointInfo) {
    const times = await endpointTimes(deps.db, endpoint.id);
    return {
      id: endpoint.id,
      url: endpoint.url,
      scheme: endpoint.scheme,
      event_types: endpoint.eventTypes ?? [],
      created_at: times?.created_at.toISOString() ?? null,
      updated_at: times?.updated_at.toISOString() ?? null,
    };
  }

  return routes;
}
