import { Hono } from 'hono';
import { findClaimByDelivery } from '../../submissions/claim.repository.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError } from '../api-error.js';
import type { ApiEnv } from '../api-key-auth.js';
import { isEndpointOfKey, scopeEndpointIds } from '../key-scope.js';
import { adminCall } from '../notifier-error.js';
import { jsonObjectBody } from '../request-body.js';
import { deliveryJson } from './delivery-json.js';
import { adminFilter, COMMON_FILTERS, readFilters, replayStatus } from './filter-input.js';
import { attemptJson, deliveryEntryJson, endpointHealthJson } from './operations-json.js';

/** The shape of a delivery id; anything else is unknown without asking the store. */
export const DELIVERY_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** A replay request restarts at most this many batches (of 1000); `cursor` goes on. */
const REPLAY_MAX_BATCHES = 100;

/** The deliveries of the key's tasks and default endpoint: log, detail, redeliver, replay. */
export function deliveryRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  const admin = () => deps.operations.admin;

  routes.get('/', async (c) => {
    const query = readFilters(c.req.query(), [...COMMON_FILTERS, 'status', 'limit']);
    const endpointId = await scopeEndpointIds(deps, c.get('apiKey').id, query.endpoint);
    const page = await adminCall('delivery', () =>
      admin().listDeliveries({
        ...adminFilter(query, endpointId),
        ...(query.status && { status: query.status }),
        limit: query.limit ?? 50,
      }),
    );
    return c.json({
      success: true,
      deliveries: page.deliveries.map(deliveryEntryJson),
      next_cursor: page.nextCursor,
    });
  });

  routes.post('/replay', async (c) => {
    const body = readFilters(await jsonObjectBody(c), [...COMMON_FILTERS, 'status', 'dry_run']);
    const status = replayStatus(body.status);
    const endpointId = await scopeEndpointIds(deps, c.get('apiKey').id, body.endpoint);
    const result = await adminCall('endpoint', () =>
      admin().replay({
        ...adminFilter(body, endpointId),
        status,
        dryRun: body.dry_run ?? false,
        maxBatches: REPLAY_MAX_BATCHES,
      }),
    );
    return c.json(
      {
        success: true,
        dry_run: result.dryRun,
        matched: result.matched,
        on_disabled_endpoints: result.onDisabledEndpoints,
        replayed: result.replayed,
        cursor: result.cursor,
      },
      result.dryRun ? 200 : 202,
    );
  });

  routes.get('/:id', async (c) => {
    const id = await ownDeliveryId(c.get('apiKey').id, c.req.param('id'));
    const detail = await adminCall('delivery', () => admin().getDelivery(id));
    const claim = await findClaimByDelivery(deps.db, id, c.get('apiKey').id);
    return c.json({
      success: true,
      delivery: {
        ...deliveryEntryJson({ ...detail.delivery, eventType: detail.message.eventType }),
        claim_id: claim?.id ?? null,
        payload: JSON.parse(Buffer.from(detail.message.body).toString('utf8')),
        attempt_log: detail.attempts.map(attemptJson),
      },
      endpoint: endpointHealthJson(detail.endpoint),
    });
  });

  routes.post('/:id/redeliver', async (c) => {
    const apiKeyId = c.get('apiKey').id;
    const id = await ownDeliveryId(apiKeyId, c.req.param('id'));
    const delivery = await adminCall('delivery', () => deps.webhooks.redeliver(id));
    if (!delivery) throw new ApiError(404, 'not_found', 'delivery not found');
    const claim = await findClaimByDelivery(deps.db, id, apiKeyId);
    return c.json(
      { success: true, claim_id: claim?.id ?? null, ...deliveryJson(id, delivery) },
      202,
    );
  });

  /** The id, when the delivery goes to one of the key's endpoints; a 404 otherwise. */
  async function ownDeliveryId(apiKeyId: string, id: string): Promise<string> {
    const delivery = DELIVERY_ID.test(id) ? await deps.webhooks.delivery(id) : undefined;
    if (!delivery || !(await isEndpointOfKey(deps, apiKeyId, delivery.endpointId))) {
      throw new ApiError(404, 'not_found', 'delivery not found');
    }
    return id;
  }

  return routes;
}
