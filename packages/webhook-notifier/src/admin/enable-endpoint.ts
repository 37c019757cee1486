import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';

/**
 * Enables an endpoint (disabled or paused) and forgets its failure run: its pending
 * deliveries are claimed again at once. `failed` ones stay failed: replay them.
 *
 * @example
 * await admin.enableEndpoint('task-42');
 * await admin.replay({ endpointId: 'task-42' });
 */
export async function enableEndpoint(
  _context: AdminContext,
  _endpointId: string,
): Promise<EndpointHealth> {
  throw new Error('not implemented yet');
}
