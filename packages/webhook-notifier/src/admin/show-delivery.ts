import { NotifierError } from '../errors/notifier-error.js';
import type { AttemptRecord, DeliveryRecord, MessageRecord } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import { checkId } from './admin-input.js';
import type { EndpointHealth } from './endpoint-view.js';
import { getEndpointHealth } from './list-endpoints.js';

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
  context: AdminContext,
  deliveryId: string,
): Promise<DeliveryDetail> {
  const id = checkId(deliveryId, 'deliveryId');
  const delivery = await context.store.getDelivery(id);
  if (delivery === undefined) throw new NotifierError('not_found', `no delivery ${id}`);
  const [message, endpoint, attempts] = await Promise.all([
    context.store.getMessage(delivery.messageId),
    getEndpointHealth(context, delivery.endpointId),
    context.store.listAttempts(id),
  ]);
  if (message === undefined) throw new NotifierError('not_found', `no delivery ${id}`);
  return { delivery, message, endpoint, attempts };
}
