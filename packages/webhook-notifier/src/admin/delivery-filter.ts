import { NotifierError } from '../errors/notifier-error.js';
import { checkTenant } from '../routing/endpoint-definition.js';
import type { StoreDeliveryFilter } from '../store/admin-store.js';
import { checkEndpointIds, checkEventType, checkWindow } from './admin-input.js';

/**
 * Which deliveries a listing, a replay or the statistics look at. Every field narrows.
 * `since`/`until` bound the creation time of the message, `since` inclusive, `until`
 * exclusive; a delivery is created with its message, so it is also the delivery's.
 */
export interface DeliveryFilter {
  /** One endpoint, or any of several (at most 1000), e.g. those one tenant owns. */
  endpointId?: string | readonly string[];
  /** Deliveries to this tenant's endpoints (`null`: endpoints without a tenant). */
  tenant?: string | null;
  eventType?: string;
  since?: Date;
  until?: Date;
}

/**
 * The filter checked and in the store's terms; bad input throws `invalid_filter` with the
 * field.
 *
 * @example
 * checkDeliveryFilter({ endpointId: 'task-42', since }); // { endpointIds: ['task-42'], since }
 */
export function checkDeliveryFilter(filter: DeliveryFilter): StoreDeliveryFilter {
  if (typeof filter !== 'object' || filter === null) {
    throw new NotifierError('invalid_filter', 'the filter must be an object', { field: 'filter' });
  }
  const endpointIds = checkEndpointIds(filter.endpointId);
  const eventType = checkEventType(filter.eventType);
  const tenant = checkTenant(filter.tenant, 'tenant', 'invalid_filter');
  return {
    ...(endpointIds && { endpointIds }),
    ...(tenant !== undefined && { tenant }),
    ...(eventType && { eventType }),
    ...checkWindow(filter.since, filter.until),
  };
}
