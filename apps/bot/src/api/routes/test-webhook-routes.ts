import { randomUUID } from 'node:crypto';
import { NotifierError } from '@dramarelay/webhook-notifier';
import { Hono } from 'hono';
import {
  type WebhookEndpoint,
  WebhookRefusedError,
} from '../../notifications/completion-webhooks.js';
import { keyEndpointId, parseEndpointId } from '../../notifications/endpoint-ids.js';
import { taskCallbackEndpoint } from '../../notifications/resolve-endpoint.js';
import { type TestWebhookEvent, testWebhookEvent } from '../../notifications/test-webhook-event.js';
import { findTaskForKey } from '../../tasks/task.repository.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError } from '../api-error.js';
import type { ApiEnv } from '../api-key-auth.js';
import { ownEndpointId } from '../key-scope.js';
import { pathId } from '../request-body.js';

/**
 * `POST /tasks/:id/test-webhook`, `POST /endpoint/test-webhook` and
 * `POST /endpoints/:id/test-webhook`: a signed `webhook.test`
 * event through the notifier, as a completion would go, so a receiver can be checked
 * without Telegram and without completing a task.
 */
export function testWebhookRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.post('/tasks/:id/test-webhook', async (c) => {
    const apiKeyId = c.get('apiKey').id;
    const task = await findTaskForKey(deps.db, apiKeyId, pathId(c, 'id', 'task'));
    if (!task) throw new ApiError(404, 'not_found', 'task not found');
    const own = taskCallbackEndpoint(task);
    const endpoint = own ?? (await defaultEndpoint(apiKeyId));
    if (!endpoint) {
      throw new ApiError(
        409,
        'no_endpoint',
        'the task has no callback_url and the key has no default endpoint: nothing to test',
        'callback_url',
      );
    }
    const event = testWebhookEvent({ now: deps.now(), task, endpoint: own ? 'task' : 'default' });
    return c.json(await send(endpoint, event), 202);
  });

  routes.post('/endpoint/test-webhook', async (c) => {
    const endpoint = await defaultEndpoint(c.get('apiKey').id);
    if (!endpoint) throw new ApiError(404, 'not_found', 'no default endpoint is set');
    const event = testWebhookEvent({ now: deps.now(), task: null, endpoint: 'default' });
    return c.json(await send(endpoint, event), 202);
  });

  routes.post('/endpoints/:id/test-webhook', async (c) => {
    const apiKeyId = c.get('apiKey').id;
    const id = await ownEndpointId(deps, apiKeyId, c.req.param('id'), { live: true });
    const owner = parseEndpointId(id);
    if (owner?.kind === 'task') {
      const task = await findTaskForKey(deps.db, apiKeyId, owner.taskId);
      const own = task && taskCallbackEndpoint(task);
      if (!own || own.id !== id) {
        throw new ApiError(409, 'no_endpoint', 'the task has no callback_url now', 'endpoint');
      }
      const event = testWebhookEvent({ now: deps.now(), task, endpoint: 'task' });
      return c.json(await send(own, event), 202);
    }
    const endpoint = await deps.operations.storedEndpoint(id);
    if (!endpoint) throw new ApiError(404, 'not_found', 'endpoint not found', 'endpoint');
    const kind = owner?.kind === 'key' ? 'default' : 'endpoint';
    const event = testWebhookEvent({ now: deps.now(), task: null, endpoint: kind });
    return c.json(await send(endpoint, event), 202);
  });

  /** The key's default endpoint, signed as it is stored (every secret of a rotation). */
  async function defaultEndpoint(apiKeyId: string): Promise<WebhookEndpoint | undefined> {
    const id = keyEndpointId(apiKeyId);
    const record = await deps.operations.endpoints.get(id);
    if (record?.tenant !== apiKeyId) return undefined;
    return deps.operations.storedEndpoint(id);
  }

  async function send(endpoint: WebhookEndpoint, event: TestWebhookEvent) {
    await refuseDisabled(endpoint.id);
    try {
      const sent = await deps.operations.sendTest(endpoint, event, `webhook.test:${randomUUID()}`);
      return {
        success: true,
        delivery_id: sent.deliveryId,
        webhook_id: sent.messageId,
        endpoint_id: endpoint.id,
        event_type: event.event,
        status: 'pending',
      };
    } catch (error) {
      if (!(error instanceof WebhookRefusedError)) throw error;
      throw new ApiError(409, 'webhook_refused', error.message);
    }
  }

  /** A test to a disabled endpoint would wait unseen: say so, and how to heal it. */
  async function refuseDisabled(endpointId: string) {
    try {
      const health = await deps.operations.admin.getEndpoint(endpointId);
      if (health.state !== 'disabled') return;
      const why = health.disabledReason ? ` (${health.disabledReason})` : '';
      throw new ApiError(
        409,
        'endpoint_disabled',
        `endpoint ${endpointId} is disabled${why}: enable it first with POST /api/endpoints/${endpointId}/enable`,
        'endpoint',
      );
    } catch (error) {
      if (error instanceof NotifierError && error.reason === 'not_found') return;
      throw error;
    }
  }

  return routes;
}
