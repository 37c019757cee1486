import type { WebhookAdmin } from '@dramarelay/webhook-notifier';
import type { Db } from '../database/database.js';
import { keyEndpointId, parseEndpointId, taskEndpointId } from '../notifications/endpoint-ids.js';
import { isTaskOfKey, taskIdsOfKey } from '../notifications/key-tasks.repository.js';
import { ApiError } from './api-error.js';

/** The admin surface's limit on the endpoints one filter may name. */
export const MAX_SCOPE_ENDPOINTS = 1000;

/** Whether an endpoint id is one of this key's: its default endpoint or one of its tasks'. */
export async function isEndpointOfKey(db: Db, apiKeyId: string, endpointId: string) {
  const owner = parseEndpointId(endpointId);
  if (owner?.kind === 'key') return owner.apiKeyId === apiKeyId;
  if (owner?.kind === 'task') return isTaskOfKey(db, apiKeyId, owner.taskId);
  return false;
}

/** The endpoint id, when it is the key's; a 404 otherwise (another key's looks unknown). */
export async function ownEndpointId(db: Db, apiKeyId: string, endpointId: string) {
  if (!(await isEndpointOfKey(db, apiKeyId, endpointId))) {
    throw new ApiError(404, 'not_found', 'endpoint not found', 'endpoint');
  }
  return endpointId;
}

/**
 * Every endpoint id a key may have: its default and one per task. Past the admin surface's
 * limit, only those the notifier knows count (most tasks share the default endpoint or were
 * never completed); a key with more than that many in use must name one.
 */
export async function keyEndpointIds(
  db: Db,
  admin: WebhookAdmin,
  apiKeyId: string,
): Promise<string[]> {
  const candidates = [
    keyEndpointId(apiKeyId),
    ...(await taskIdsOfKey(db, apiKeyId)).map(taskEndpointId),
  ];
  if (candidates.length <= MAX_SCOPE_ENDPOINTS) return candidates;
  const known: string[] = [];
  for (let i = 0; i < candidates.length; i += MAX_SCOPE_ENDPOINTS) {
    const ids = candidates.slice(i, i + MAX_SCOPE_ENDPOINTS);
    const page = await admin.listEndpoints({ ids, limit: MAX_SCOPE_ENDPOINTS });
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
  db: Db,
  admin: WebhookAdmin,
  apiKeyId: string,
  named: string | undefined,
): Promise<string[]> {
  if (named !== undefined) return [await ownEndpointId(db, apiKeyId, named)];
  return keyEndpointIds(db, admin, apiKeyId);
}
