import type { EndpointHealth } from '@dramarelay/webhook-notifier';
import { type KeyScope, keyEndpointIds, MAX_SCOPE_ENDPOINTS } from './key-scope.js';

/** The key's endpoints the notifier knows, with their health, in id order. */
export async function listKeyEndpointHealth(
  scope: KeyScope,
  apiKeyId: string,
): Promise<EndpointHealth[]> {
  const ids = await keyEndpointIds(scope, apiKeyId);
  const endpoints: EndpointHealth[] = [];
  for (let i = 0; i < ids.length; i += MAX_SCOPE_ENDPOINTS) {
    const chunk = ids.slice(i, i + MAX_SCOPE_ENDPOINTS);
    const page = await scope.operations.admin.listEndpoints({
      ids: chunk,
      limit: MAX_SCOPE_ENDPOINTS,
    });
    endpoints.push(...page.endpoints);
  }
  return endpoints;
}
