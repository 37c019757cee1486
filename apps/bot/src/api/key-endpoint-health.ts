import type { EndpointHealth, EndpointInfo } from '@dramarelay/webhook-notifier';
import { type KeyScope, keyEndpointIds, MAX_SCOPE_ENDPOINTS } from './key-scope.js';

/**
 * The key's endpoints the notifier knows, with their health, in id order. `own`: the key's
 * endpoint records, when the caller has listed them already.
 */
export async function listKeyEndpointHealth(
  scope: KeyScope,
  apiKeyId: string,
  own?: readonly EndpointInfo[],
): Promise<EndpointHealth[]> {
  const ids = await keyEndpointIds(scope, apiKeyId, own);
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
