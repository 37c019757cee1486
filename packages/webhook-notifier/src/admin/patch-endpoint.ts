import { NotifierError } from '../errors/notifier-error.js';
import type { EndpointPatch, EndpointRecord } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import { checkId } from './admin-input.js';
import type { EndpointHealth } from './endpoint-view.js';
import { getEndpointHealth } from './list-endpoints.js';

/** The stored endpoint, or `not_found`. */
export async function loadEndpoint(
  context: AdminContext,
  endpointId: unknown,
): Promise<EndpointRecord> {
  const id = checkId(endpointId, 'endpointId');
  const endpoint = await context.store.getEndpoint(id);
  if (endpoint === undefined) throw new NotifierError('not_found', `no endpoint ${id}`);
  return endpoint;
}

/**
 * Applies a checked patch and returns the endpoint's health after it (`not_found` if it
 * vanished meanwhile). The store wakes the workers when the endpoint becomes claimable.
 *
 * @example
 * await patchEndpoint(context, 'task-42', { status: 'active' });
 */
export async function patchEndpoint(
  context: AdminContext,
  endpointId: string,
  patch: EndpointPatch,
): Promise<EndpointHealth> {
  const updated = await context.store.updateEndpoint(endpointId, patch);
  if (updated === undefined) throw new NotifierError('not_found', `no endpoint ${endpointId}`);
  return getEndpointHealth(context, endpointId);
}
