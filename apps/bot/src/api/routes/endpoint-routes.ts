import { Hono } from 'hono';
import {
  deleteKeyEndpoint,
  findKeyEndpoint,
  type KeyEndpoint,
  upsertKeyEndpoint,
} from '../../endpoints/endpoint.repository.js';
import { keyDefaultEndpoint } from '../../notifications/resolve-endpoint.js';
import { prepareCallback, TaskInputError } from '../../tasks/create-tasks.js';
import { endpointSchema } from '../../tasks/task-input.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, parseWith } from '../api-error.js';
import type { ApiEnv } from '../api-key-auth.js';
import { jsonObjectBody } from '../request-body.js';

/** The key's default webhook endpoint, for tasks created without a callback_url. */
export function endpointRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.get('/', async (c) => {
    const endpoint = await findKeyEndpoint(deps.db, c.get('apiKey').id);
    if (!endpoint) throw new ApiError(404, 'not_found', 'no default endpoint is set');
    return c.json({ success: true, endpoint: endpointView(endpoint) });
  });

  routes.put('/', async (c) => {
    const input = parseWith(endpointSchema, await jsonObjectBody(c));
    const callback = withEndpointFieldNames(() =>
      prepareCallback(
        { checkUrl: deps.webhooks.checkUrl, generateSecret: deps.generateSecret },
        { callback_url: input.url, callback_secret: input.secret, callback_scheme: input.scheme },
        '',
      ),
    );
    const endpoint = await upsertKeyEndpoint(deps.db, {
      apiKeyId: c.get('apiKey').id,
      url: callback.url!,
      secret: callback.secret!,
      scheme: callback.scheme!,
      now: deps.now(),
    });
    // Deliveries waiting for the default endpoint go to its new URL, secret and scheme.
    await deps.operations.follow(keyDefaultEndpoint(endpoint));
    const view = endpointView(endpoint);
    return c.json({
      success: true,
      endpoint: callback.generatedSecret ? { ...view, secret: callback.generatedSecret } : view,
    });
  });

  routes.delete('/', async (c) => {
    if (!(await deleteKeyEndpoint(deps.db, c.get('apiKey').id))) {
      throw new ApiError(404, 'not_found', 'no default endpoint is set');
    }
    return c.json({ success: true });
  });

  return routes;
}

function endpointView(endpoint: KeyEndpoint) {
  return {
    url: endpoint.url,
    scheme: endpoint.scheme,
    created_at: endpoint.created_at.toISOString(),
    updated_at: endpoint.updated_at.toISOString(),
  };
}

/** The same rules as a task's callback, reported under this route's own field names. */
function withEndpointFieldNames<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof TaskInputError)) throw error;
    const rename = (text: string) => text.replaceAll('callback_', '');
    throw new ApiError(400, 'invalid_field', rename(error.message), rename(error.field));
  }
}
