import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';

export interface ListEndpointsOptions {
  /** Only these endpoints (at most 1000), e.g. those one tenant owns. */
  ids?: readonly string[];
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
 * Endpoints with their health, in id order, a page at a time.
 *
 * @example
 * const { endpoints } = await admin.listEndpoints();
 * for (const e of endpoints) console.log(e.id, e.state, e.disabledReason, e.pendingCount);
 */
export async function listEndpoints(
  _context: AdminContext,
  _options: ListEndpointsOptions = {},
): Promise<EndpointPage> {
  throw new Error('not implemented yet');
}

/**
 * One endpoint's health; `NotifierError('not_found')` for an unknown id.
 *
 * @example
 * const health = await admin.getEndpoint('task-42');
 */
export async function getEndpointHealth(
  _context: AdminContext,
  _endpointId: string,
): Promise<EndpointHealth> {
  throw new Error('not implemented yet');
}
