import type { EndpointInfo } from '@dramarelay/webhook-notifier';
import { listKeyEndpoints } from '../endpoints/key-endpoints.js';
import { keyEndpointId, parseEndpointId, taskEndpointId } from '../notifications/endpoint-ids.js';
import { isTaskOfKey, taskIdsOfKey } from '../notifications/key-tasks.repository.js';
import type { ApiDeps } from './api-deps.js';
import { ApiError } from './api-error.js';

/** The admin surface's limit on the endpoints one filter may name. */
export const MAX_SCOPE_ENDPOINTS = 1000;

/** What deciding ownership reads: the app's tasks, and the notifier's endpoint records. */
export type KeyScope = Pick<ApiDeps, 'db' | 'operations'>;

/**
 * Whether an endpoint is one of this key's: a task's callback (`task_<id>`) through the task's
 * key, deleted tasks included; every other endpoint through its `tenant`. The one exception,
 * `apikey_<key id>`, is the key's own by its id: a default endpoint deleted before endpoints
 * had tenants kept none, and its deliveries are still the key's. A deleted endpoint is its
 * key's too (its deliveries stay visible) unless `live` asks for one that still exists.
 */
export async function isEndpointOfKey(
  scope: KeyScope,
  apiKeyId: string,
  endpointId: string,
  options: { live?: boolean } = {},
): Promise<boolean> {
  const owner = parseEndpointId(endpointId);
  if (owner?.kind === 'task') return isTaskOfKey(scope.db, apiKeyId, owner.taskId);
  const record = await scope.operations.ownerOf(endpointId);
  if (options.live && record?.deleted) return false;
  if (owner?.kind === 'key') return owner.apiKeyId === apiKeyId;
  return record !== undefined && record.tenant === apiKeyId;
}

/** The endpoint id, when it is the key's; a 404 otherwise (another key's looks unknown). */
export async function ownEndpointId(
  scope: KeyScope,
  apiKeyId: string,
  endpointId: string,
  options: { live?: boolean } = {},
) {
  if (!(await isEndpointOfKey(scope, apiKeyId, endpointId, options))) {
    throw new ApiError(404, 'not_found', 'endpoint not found', 'endpoint');
  }
  return endpointId;
}

/**
 * Every endpoint id a key may have: its own endpoints, its default and one per task. Past the
 * admin surface's limit, only those the notifier knows count (most tasks have no callback of
 * their own or were never completed); a key with more than that many in use must name one.
 * `own`: the key's endpoint records, when the caller has listed them already.
 */
export async function keyEndpointIds(
  scope: KeyScope,
  apiKeyId: string,
  own?: readonly EndpointInfo[],
): Promise<string[]> {
  own ??= await listKeyEndpoints(scope.operations.endpoints, apiKeyId);
  const candidates = [
    ...new Set([keyEndpointId(apiKeyId), ...own.map((endpoint) => endpoint.id)]),
    ...(await taskIdsOfKey(scope.db, apiKeyId)).map(taskEndpointId),
  ];
  if (candidates.length <= MAX_SCOPE_ENDPOINTS) return candidates;
  const known: string[] = [];
  for (let i = 0; i < candidates.length; i += MAX_SCOPE_ENDPOINTS) {
    const ids = candidates.slice(i, i + MAX_SCOPE_ENDPOINTS);
    const page = await scope.operations.admin.listEndpoints({ ids, limit: MAX_SCOPE_ENDPOINTS });
    known.push(...page.endpoints.map((endpoint) => endpoint.id));
  }
  if (known.length > MAX_SCOPE_ENDPOINTS) {
    throw new ApiError(
      422,
      'too_many_endpoints',
      `this key has ${known.length} endpoints with deliveries, more than ${MAX_SCOPE_ENDPOINTS} at once: filter by endpoint`,
      'endpoint',
    );
  }
  return known.length === 0 ? [keyEndpointId(apiKeyId)] : known;
}

/** The endpoints a request is about: the one it names (if the key's), else all the key's. */
export async function scopeEndpointIds(
  scope: KeyScope,
  apiKeyId: string,
  named: string | undefined,
): Promise<string[]> {
  if (named !== undefined) return [await ownEndpointId(scope, apiKeyId, named)];
  return keyEndpointIds(scope, apiKeyId);
}
