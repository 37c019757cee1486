import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';

export interface DisableEndpointOptions {
  /** Why, for whoever looks next: 1 to 500 characters, one line. */
  reason: string;
}

/**
 * Disables an endpoint by hand (`disabledCause: 'manual'`): nothing more is claimed for it;
 * new messages are still stored, waiting, until it is enabled. An attempt in flight finishes.
 *
 * @example
 * await admin.disableEndpoint('task-42', { reason: 'receiver migrating, ticket #123' });
 */
export async function disableEndpoint(
  _context: AdminContext,
  _endpointId: string,
  _options: DisableEndpointOptions,
): Promise<EndpointHealth> {
  throw new Error('not implemented yet');
}
