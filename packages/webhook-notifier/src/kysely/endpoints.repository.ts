import { type Kysely, type RawBuilder, sql, type Updateable } from 'kysely';
import type { EndpointPatch, EndpointRecord } from '../store/delivery-store.js';
import { type EndpointTable, toEndpointRecord } from './endpoint.table.js';
import type { WebhookDatabase } from './webhook-database.js';

export const endpointColumns = [
  'id',
  'url',
  'scheme',
  'secrets',
  'status',
  'paused_until',
  'consecutive_failures',
  'failing_since',
  'disabled_reason',
  'disabled_cause',
  'disabled_at',
  'last_success_at',
  'last_failure_at',
  'previous_secrets',
  'previous_secrets_expire_at',
  'registered',
  'tenant',
  'event_types',
  'description',
  'metadata',
  'timeout_ms',
  'concurrency',
  'deleted_at',
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
  /** Only when the row also meets this condition. */
  only: RawBuilder<boolean> = sql<boolean>`true`,
): Promise<EndpointRecord | undefined> {
  const row = await db
    .updateTable('webhook_endpoints')
    .set({ ...endpointPatchColumns(patch), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where(only)
    .returning(endpointColumns)
    .executeTakeFirst();
  return row === undefined ? undefined : toEndpointRecord(row);
}

const PATCH_COLUMNS = {
  status: 'status',
  pausedUntil: 'paused_until',
  consecutiveFailures: 'consecutive_failures',
  failingSince: 'failing_since',
  disabledReason: 'disabled_reason',
  disabledCause: 'disabled_cause',
  disabledAt: 'disabled_at',
  url: 'url',
  scheme: 'scheme',
  secrets: 'secrets',
  previousSecrets: 'previous_secrets',
  previousSecretsExpireAt: 'previous_secrets_expire_at',
  tenant: 'tenant',
  eventTypes: 'event_types',
  description: 'description',
  metadata: 'metadata',
  timeoutMs: 'timeout_ms',
  concurrency: 'concurrency',
} as const satisfies Record<keyof EndpointPatch, keyof EndpointTable>;

/** The columns a patch sets: its fields that are present, renamed. */
function endpointPatchColumns(patch: EndpointPatch): Updateable<EndpointTable> {
  const columns: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[field as keyof EndpointPatch];
    // jsonb goes as its JSON text: `pg` would send an object as is, and an array as an array.
    if (value !== undefined)
      columns[column] = column === 'metadata' ? JSON.stringify(value) : value;
  }
  return columns as Updateable<EndpointTable>;
}
