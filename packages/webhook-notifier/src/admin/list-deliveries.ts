import type { DeliveryLogEntry } from '../store/admin-store.js';
import type { DeliveryStatus } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import { checkCount, checkStatuses, decodeCursor, encodeCursor } from './admin-input.js';
import type { DeliveryFilter } from './delivery-filter.js';
import { checkDeliveryFilter } from './delivery-filter.js';

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
  context: AdminContext,
  query: ListDeliveriesQuery = {},
): Promise<DeliveryPage> {
  const filter = checkDeliveryFilter(query);
  const statuses = checkStatuses(query.status);
  const limit = checkCount(query.limit, 'limit', 50, 1000);
  const position = decodeCursor('deliveries', query.cursor, isPosition);
  const rows = await context.store.searchDeliveries({
    filter: { ...filter, ...(statuses && { statuses }) },
    limit: limit + 1,
    ...(position && { before: { createdAt: new Date(position[0]), id: position[1] } }),
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    deliveries: page,
    nextCursor:
      rows.length > limit && last !== undefined
        ? encodeCursor('deliveries', [last.createdAt.getTime(), last.id])
        : null,
  };
}

const isPosition = (value: unknown): value is [number, string] =>
  Array.isArray(value) &&
  value.length === 2 &&
  Number.isFinite(value[0]) &&
  typeof value[1] === 'string';
