import type { AttemptRecord, DeliveryRecord, MessageRecord } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';

/** One delivery with its message, its endpoint's health and its attempt log. */
export interface DeliveryDetail {
  delivery: DeliveryRecord;
  /** The message, with the exact bytes that are signed and sent. */
  message: MessageRecord;
  endpoint: EndpointHealth;
  /** Oldest first: status, duration, error and response excerpt of each. */
  attempts: AttemptRecord[];
}

/**
 * Everything about one delivery; `NotifierError('not_found')` for an unknown id.
 *
 * @example
 * const { delivery, attempts } = await admin.getDelivery('dlv_...');
 */
export async function getDeliveryDetail(
  _context: AdminContext,
  _deliveryId: string,
): Promise<DeliveryDetail> {
  throw new Error('not implemented yet');
}
