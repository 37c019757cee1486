import { NotifierError } from '../errors/notifier-error.js';
import { checkTenant } from '../routing/endpoint-definition.js';
import type { AdminContext } from './admin-context.js';
import {
  checkCount,
  checkEndpointIds,
  checkId,
  decodeCursor,
  encodeCursor,
  isString,
} from './admin-input.js';
import { type EndpointHealth, toEndpointHealth } from './endpoint-view.js';

export interface ListEndpointsOptions {
  /** Only these endpoints (at most 1000), e.g. those one tenant owns. */
  ids?: readonly string[];
  /** Only this tenant's endpoints (`null`: those without a tenant). */
  tenant?: string | null;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Page size, 1 to 1000. Default 100. */
  limit?: number;
}

export interface EndpointPage {
  endpoints: EndpointHealth[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

/**
 * Endpoints with their health, in id order, a page at a time. Deleted endpoint records are
 * left out (unless named in `ids`).
 *
 * @example
 * const { endpoints } = await admin.listEndpoints();
 * for (const e of endpoints) console.log(e.id, e.state, e.disabledReason, e.pendingCount);
 */
export async function listEndpoints(
  context: AdminContext,
  options: ListEndpointsOptions = {},
): Promise<EndpointPage> {
  const limit = checkCount(options.limit, 'limit', 100, 1000);
  const ids = checkEndpointIds(options.ids, 'ids');
  const tenant = checkTenant(options.tenant, 'tenant', 'invalid_filter');
  const after = decodeCursor('endpoints', options.cursor, isString);
  const records = await context.store.listEndpoints({
    limit: limit + 1,
    ...(ids && { ids }),
    ...(tenant !== undefined && { tenant }),
    ...(after && { after }),
  });
  const now = context.clock.now();
  const page = records.slice(0, limit);
  const last = page.at(-1);
  return {
    endpoints: page.map((record) => toEndpointHealth(record, now)),
    nextCursor:
      records.length > limit && last !== undefined ? encodeCursor('endpoints', last.id) : null,
  };
}

/**
 * One endpoint's health; `NotifierError('not_found')` for an unknown id.
 *
 * @example
 * const health = await admin.getEndpoint('task-42');
 */
export async function getEndpointHealth(
  context: AdminContext,
  endpointId: string,
): Promise<EndpointHealth> {
  const id = checkId(endpointId, 'endpointId');
  const [record] = await context.store.listEndpoints({ ids: [id], limit: 1 });
  if (record === undefined) throw new NotifierError('not_found', `no endpoint ${id}`);
  return toEndpointHealth(record, context.clock.now());
}
