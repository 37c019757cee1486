import type { DeliveryLogEntry } from '../store/admin-store.js';
import type { DeliveryStatus } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import type { DeliveryFilter } from './delivery-filter.js';

export interface ListDeliveriesQuery extends DeliveryFilter {
  /** One status or several. Default: all. */
  status?: DeliveryStatus | readonly DeliveryStatus[];
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Page size, 1 to 1000. Default 50. */
  limit?: number;
}

export interface DeliveryPage {
  /** Newest message first. */
  deliveries: DeliveryLogEntry[];
  /** Pass as `cursor` for the next (older) page; `null` on the last page. */
  nextCursor: string | null;
}

/**
 * Deliveries across endpoints, newest first, with keyset pagination: a page costs the same
 * however deep it is, and rows arriving meanwhile never shift a page.
 *
 * @example
 * let page = await admin.listDeliveries({ status: 'failed', since: new Date(Date.now() - 864e5) });
 * while (page.nextCursor) page = await admin.listDeliveries({ status: 'failed', cursor: page.nextCursor });
 */
export async function listDeliveries(
  _context: AdminContext,
  _query: ListDeliveriesQuery = {},
): Promise<DeliveryPage> {
  throw new Error('not implemented yet');
}
