import { Hono } from 'hono';
import { findClaimByDelivery } from '../../submissions/claim.repository.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError } from '../api-error.js';
import type { ApiEnv } from '../api-key-auth.js';
import { deliveryJson } from './delivery-json.js';

const DELIVERY_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function deliveryRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.post('/:id/redeliver', async (c) => {
    const id = c.req.param('id');
    const claim = DELIVERY_ID.test(id)
      ? await findClaimByDelivery(deps.db, id, c.get('apiKey').id)
      : undefined;
    if (!claim) throw new ApiError(404, 'not_found', 'delivery not found');
    const delivery = await deps.webhooks.redeliver(id);
    if (!delivery) throw new ApiError(404, 'not_found', 'delivery not found');
    return c.json({ success: true, claim_id: claim.id, ...deliveryJson(id, delivery) }, 202);
  });

  return routes;
}
