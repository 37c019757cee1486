import { Hono } from 'hono';
import {
  createEndpointSchema,
  refuseUnknownFields,
  updateEndpointSchema,
} from '../../endpoints/endpoint-input.js';
import {
  createKeyEndpoint,
  type KeyEndpointDeps,
  updateKeyEndpoint,
} from '../../endpoints/key-endpoints.js';
import { parseEndpointId } from '../../notifications/endpoint-ids.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, parseWith } from '../api-error.js';
import type { ApiEnv } from '../api-key-auth.js';
import { ownEndpointId } from '../key-scope.js';
import { jsonObjectBody } from '../request-body.js';
import { readEndpoint } from './endpoint-health-routes.js';

/** What making and changing a key's endpoints needs, from the API's dependencies. */
export function keyEndpointDeps(deps: ApiDeps): KeyEndpointDeps {
  return {
    endpoints: deps.operations.endpoints,
    checkUrl: deps.webhooks.checkUrl,
    generateSecret: deps.generateSecret,
  };
}

/**
 * The key's own endpoints, each subscribed to the events it wants: created, changed and
 * deleted here (read with the health routes). A task's callback endpoint changes with its task.
 */
export function endpointRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  const records = keyEndpointDeps(deps);

  routes.post('/', async (c) => {
    const body = await jsonObjectBody(c);
    refuseUnknownFields(body);
    const input = parseWith(createEndpointSchema, body);
    const { endpoint, generatedSecret } = await createKeyEndpoint(
      records,
      c.get('apiKey').id,
      input,
    );
    const view = await readEndpoint(deps, endpoint.id, endpoint);
    return c.json(
      { success: true, endpoint: generatedSecret ? { ...view, secret: generatedSecret } : view },
      201,
    );
  });

  routes.patch('/:id', async (c) => {
    const id = await ownRecordId(c.get('apiKey').id, c.req.param('id'));
    const body = await jsonObjectBody(c);
    refuseUnknownFields(body);
    const input = parseWith(updateEndpointSchema, body);
    const current = await deps.operations.endpoints.get(id);
    if (!current) throw new ApiError(404, 'not_found', 'endpoint not found', 'endpoint');
    const secrets = (await deps.operations.storedEndpoint(id))?.secrets ?? [];
    const endpoint = await updateKeyEndpoint(records, current, input, secrets);
    return c.json({ success: true, endpoint: await readEndpoint(deps, id, endpoint) });
  });

  routes.delete('/:id', async (c) => {
    const id = await ownRecordId(c.get('apiKey').id, c.req.param('id'));
    if (!(await deps.operations.endpoints.delete(id))) {
      throw new ApiError(404, 'not_found', 'endpoint not found', 'endpoint');
    }
    return c.json({ success: true, id });
  });

  /** The key's own endpoint; a task's is changed through its task (409). */
  async function ownRecordId(apiKeyId: string, id: string): Promise<string> {
    await ownEndpointId(deps, apiKeyId, id, { live: true });
    const task = parseEndpointId(id);
    if (task?.kind === 'task') {
      throw new ApiError(
        409,
        'task_endpoint',
        `${id} is the callback of task ${task.taskId}: change it with PATCH /api/tasks/${task.taskId}`,
        'endpoint',
      );
    }
    return id;
  }

  return routes;
}
