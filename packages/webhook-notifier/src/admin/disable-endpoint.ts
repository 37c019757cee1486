import { NotifierError } from '../errors/notifier-error.js';
import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';
import { loadEndpoint, patchEndpoint } from './patch-endpoint.js';

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
  context: AdminContext,
  endpointId: string,
  options: DisableEndpointOptions,
): Promise<EndpointHealth> {
  const endpoint = await loadEndpoint(context, endpointId);
  const reason = options?.reason;
  if (typeof reason !== 'string' || !/^[^\r\n]{1,500}$/.test(reason) || reason.trim() === '') {
    throw new NotifierError('invalid_argument', 'reason must be one line of 1 to 500 characters', {
      field: 'reason',
    });
  }
  return patchEndpoint(context, endpoint.id, {
    status: 'disabled',
    disabledCause: 'manual',
    disabledReason: reason,
    disabledAt: new Date(context.clock.now()),
  });
}
