import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';
import { loadEndpoint, patchEndpoint } from './patch-endpoint.js';

/**
 * Enables an endpoint (disabled or paused) and forgets its failure run: its pending
 * deliveries are claimed again at once. `failed` ones stay failed: replay them.
 *
 * @example
 * await admin.enableEndpoint('task-42');
 * await admin.replay({ endpointId: 'task-42' });
 */
export async function enableEndpoint(
  context: AdminContext,
  endpointId: string,
): Promise<EndpointHealth> {
  const endpoint = await loadEndpoint(context, endpointId);
  return patchEndpoint(context, endpoint.id, {
    status: 'active',
    disabledReason: null,
    disabledCause: null,
    disabledAt: null,
    pausedUntil: null,
    consecutiveFailures: 0,
    failingSince: null,
  });
}
