import type { EndpointHealth } from '@dramarelay/webhook-notifier';
import { ApiError } from '../api/api-error.js';
import { listKeyEndpointHealth } from '../api/key-endpoint-health.js';
import { isEndpointOfKey, type KeyScope, scopeEndpointIds } from '../api/key-scope.js';
import type { DashboardSession } from './session/session.repository.js';

/**
 * What a signed-in key may see. A tenant key: its own endpoints, as the API decides it
 * (`key-scope`); an operator key: every endpoint.
 */
export type ScopeDeps = KeyScope;

type Who = DashboardSession['apiKey'];

/** The endpoint ids to filter by; `undefined` means every endpoint (operator, none named). */
export async function endpointsInScope(
  deps: ScopeDeps,
  who: Who,
  named: string | undefined,
): Promise<string[] | undefined> {
  if (who.operator) return named === undefined ? undefined : [named];
  return scopeEndpointIds(deps, who.id, named);
}

/** Throws a 404 (the same as for an unknown id) when the endpoint is not in scope. */
export async function assertEndpointInScope(deps: ScopeDeps, who: Who, endpointId: string) {
  if (who.operator || (await isEndpointOfKey(deps, who.id, endpointId))) return;
  throw new ApiError(404, 'not_found', 'There is no such endpoint in your scope.', 'endpoint');
}

/** The endpoints in scope with their health: all of a key's, or a page of every one. */
export async function listEndpointsInScope(
  deps: ScopeDeps,
  who: Who,
  cursor?: string,
): Promise<{ endpoints: EndpointHealth[]; nextCursor: string | null }> {
  if (!who.operator) {
    return { endpoints: await listKeyEndpointHealth(deps, who.id), nextCursor: null };
  }
  return deps.operations.admin.listEndpoints({ limit: 100, ...(cursor && { cursor }) });
}
