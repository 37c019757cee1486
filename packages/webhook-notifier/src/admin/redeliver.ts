import { NotifierError } from '../errors/notifier-error.js';
import type { DeliveryRecord, DeliveryStore, EndpointRecord } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import { checkId } from './admin-input.js';

/**
 * Makes a delivery due now with its retry schedule restarted (any status; a delivery held
 * by a worker is taken away from it). Refuses with `NotifierError('endpoint_disabled')`
 * (with `endpointId`) when its endpoint is disabled, since nothing would be sent: enable
 * the endpoint first. `not_found` for an unknown id.
 *
 * @example
 * await admin.redeliver('dlv_...');
 */
export async function redeliver(
  context: Pick<AdminContext, 'clock'> & {
    store: Pick<DeliveryStore<unknown>, 'getDelivery' | 'getEndpoint' | 'redeliver'>;
  },
  deliveryId: string,
): Promise<DeliveryRecord> {
  const id = checkId(deliveryId, 'deliveryId');
  const found = await context.store.getDelivery(id);
  if (found === undefined) throw new NotifierError('not_found', `no delivery ${id}`);
  const endpoint = await context.store.getEndpoint(found.endpointId);
  if (endpoint?.status === 'disabled') throw endpointDisabled(endpoint);
  const delivery = await context.store.redeliver(id, new Date(context.clock.now()));
  if (delivery === undefined) throw new NotifierError('not_found', `no delivery ${id}`);
  return delivery;
}

/**
 * The refusal for work on a disabled endpoint: it names the endpoint, why it is disabled,
 * and what to do.
 *
 * @example
 * throw endpointDisabled(endpoint);
 */
export function endpointDisabled(endpoint: EndpointRecord): NotifierError {
  const why = endpoint.disabledReason === null ? '' : ` (${endpoint.disabledReason})`;
  return new NotifierError(
    'endpoint_disabled',
    `endpoint ${endpoint.id} is disabled${why}: nothing would be sent; enable it first`,
    { endpointId: endpoint.id },
  );
}
