import type { DeliveryRecord } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';

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
  _context: AdminContext,
  _deliveryId: string,
): Promise<DeliveryRecord> {
  throw new Error('not implemented yet');
}
