import { type Kysely, sql } from 'kysely';
import type { EndpointPatch, EndpointRecord } from '../store/delivery-store.js';
import { toEndpointRecord } from './endpoint.table.js';
import type { WebhookDatabase } from './webhook-database.js';

const endpointColumns = [
  'id',
  'url',
  'scheme',
  'secrets',
  'status',
  'paused_until',
  'consecutive_failures',
  'failing_since',
  'disabled_reason',
] as const;

export async function getEndpoint(
  db: Kysely<WebhookDatabase>,
  id: string,
): Promise<EndpointRecord | undefined> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select(endpointColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toEndpointRecord(row);
}

export async function updateEndpoint(
  db: Kysely<WebhookDatabase>,
  id: string,
  patch: EndpointPatch,
): Promise<EndpointRecord | undefined> {
  const row = await db
    .updateTable('webhook_endpoints')
    .set({
      ...(patch.status === undefined ? {} : { status: patch.status }),
      ...(patch.pausedUntil === undefined ? {} : { paused_until: patch.pausedUntil }),
      ...(patch.consecutiveFailures === undefined
        ? {}
        : { consecutive_failures: patch.consecutiveFailures }),
      ...(patch.failingSince === undefined ? {} : { failing_since: patch.failingSince }),
      ...(patch.disabledReason === undefined ? {} : { disabled_reason: patch.disabledReason }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returning(endpointColumns)
    .executeTakeFirst();
  return row === undefined ? undefined : toEndpointRecord(row);
}
