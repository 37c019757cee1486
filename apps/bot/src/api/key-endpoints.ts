import type { EndpointHealth, WebhookAdmin } from '@dramarelay/webhook-notifier';
import type { Db } from '../database/database.js';
import { keyEndpointIds, MAX_SCOPE_ENDPOINTS } from './key-scope.js';

/** The key's endpoints the notifier knows, with their health, in id order. */
export async function listKeyEndpoints(
  db: Db,
  admin: WebhookAdmin,
  apiKeyId: string,
): Promise<EndpointHealth[]> {
  const ids = await keyEndpointIds(db, admin, apiKeyId);
  const endpoints: EndpointHealth[] = [];
  for (let i = 0; i < ids.length; i += MAX_SCOPE_ENDPOINTS) {
    const chunk = ids.slice(i, i + MAX_SCOPE_ENDPOINTS);
    const page = await admin.listEndpoints({ ids: chunk, limit: MAX_SCOPE_ENDPOINTS });
    endpoints.push(...page.endpoints);
  }
  return endpoints;
}
