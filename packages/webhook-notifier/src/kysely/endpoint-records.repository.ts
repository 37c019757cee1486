import { type Kysely, sql } from 'kysely';
import type { EndpointPatch, EndpointRecord } from '../store/delivery-store.js';
import type {
  EndpointConflict,
  NewEndpoint,
  StoreListEndpointRecordsOptions,
} from '../store/routing-store.js';
import { toEndpointRecord } from './endpoint.table.js';
import { endpointColumns, updateEndpoint } from './endpoints.repository.js';
import { ofTenant, subscribedTo } from './event-type-match.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

type Conflict = { conflict: EndpointConflict };

/** A live registered endpoint (`endpoints.create`, not deleted), in SQL. */
const LIVE = sql<boolean>`registered and deleted_at is null`;

/**
 * `RoutingStore.createEndpoint`: an insert that gives way on any conflict (so it never aborts
 * the caller's transaction), then, when the id exists but is not a live record (an inline or
 * a deleted endpoint), taking that row over unless another live record holds the route.
 */
export async function createEndpointRecord(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  endpoint: NewEndpoint,
  now: Date,
): Promise<EndpointRecord | Conflict> {
  const values = recordValues(endpoint, now);
  // Without a conflict target, either unique index (the id, the route) makes it give way.
  const inserted = await db
    .insertInto('webhook_endpoints')
    .values(values)
    .onConflict((conflict) => conflict.doNothing())
    .returning(endpointColumns)
    .executeTakeFirst();
  if (inserted !== undefined) return toEndpointRecord(inserted);
  const existing = await db
    .selectFrom('webhook_endpoints')
    .select(['registered', 'deleted_at'])
    .where('id', '=', endpoint.id)
    .executeTakeFirst();
  if (existing?.registered === true && existing.deleted_at === null) return { conflict: 'id' };
  if (existing === undefined) return { conflict: 'route' };
  const adopted = await db
    .updateTable('webhook_endpoints')
    .set({
      ...values,
      paused_until: null,
      consecutive_failures: 0,
      failing_since: null,
      last_success_at: null,
      last_failure_at: null,
      previous_secrets: [],
      previous_secrets_expire_at: null,
      deleted_at: null,
      updated_at: now,
    })
    .where('id', '=', endpoint.id)
    .where(sql<boolean>`not (${LIVE})`)
    .where(sql<boolean>`not exists (${sameRoute(t, endpoint)})`)
    .returning(endpointColumns)
    .executeTakeFirst();
  return adopted === undefined ? { conflict: 'route' } : toEndpointRecord(adopted);
}

/** `RoutingStore.updateEndpointRecord`: only a live record, never onto another's route. */
export async function updateEndpointRecord(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  id: string,
  patch: EndpointPatch,
): Promise<EndpointRecord | Conflict | undefined> {
  const current = await db
    .selectFrom('webhook_endpoints')
    .select(['tenant', 'url', 'event_types'])
    .where('id', '=', id)
    .where(LIVE)
    .executeTakeFirst();
  if (current === undefined) return undefined;
  const route = {
    id,
    tenant: patch.tenant === undefined ? current.tenant : patch.tenant,
    url: patch.url ?? current.url,
    eventTypes: patch.eventTypes ?? current.event_types,
  };
  const taken = await sql`${sameRoute(t, route)}`.execute(db);
  if (taken.rows.length > 0) return { conflict: 'route' };
  return updateEndpoint(db, id, patch, LIVE);
}

/** `RoutingStore.deleteEndpoint`: mark it deleted and cancel its pending deliveries, at once. */
export async function deleteEndpointRecord(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  id: string,
  now: Date,
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    with deleted as (
      update ${t.endpoints}
      set deleted_at = ${now}, status = 'disabled', disabled_cause = 'manual',
        disabled_reason = 'deleted', disabled_at = ${now}, updated_at = now()
      where id = ${id} and ${LIVE}
      returning id
    ),
    cancelled as (
      update ${t.deliveries}
      set status = 'cancelled', lease_owner = null, lease_expires_at = null, updated_at = ${now}
      where endpoint_id in (select id from deleted) and status = 'pending'
    )
    select id from deleted
  `.execute(db);
  return rows.length > 0;
}

/** `RoutingStore.listEndpointRecords`: live records in id order. */
export async function listEndpointRecords(
  db: Kysely<WebhookDatabase>,
  options: StoreListEndpointRecordsOptions,
): Promise<EndpointRecord[]> {
  let query = db.selectFrom('webhook_endpoints').select(endpointColumns).where(LIVE);
  if (options.tenant !== undefined) query = query.where(ofTenant(sql`tenant`, options.tenant));
  if (options.eventType !== undefined) {
    query = query.where(subscribedTo(sql`event_types`, options.eventType));
  }
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  const rows = await query.orderBy('id').limit(options.limit).execute();
  return rows.map(toEndpointRecord);
}

/** Another live record with this tenant, URL and event types. */
function sameRoute(
  t: WebhookTables,
  route: Pick<NewEndpoint, 'id' | 'tenant' | 'url' | 'eventTypes'>,
) {
  return sql`
    select from ${t.endpoints}
    where ${LIVE} and id <> ${route.id}
      and coalesce(tenant, '') = ${route.tenant ?? ''}
      and url = ${route.url} and event_types = ${[...route.eventTypes]}::text[]`;
}

function recordValues(endpoint: NewEndpoint, now: Date) {
  const disabled = endpoint.status === 'disabled';
  return {
    id: endpoint.id,
    url: endpoint.url,
    scheme: endpoint.scheme,
    secrets: endpoint.secrets,
    status: endpoint.status,
    disabled_cause: disabled ? ('manual' as const) : null,
    disabled_reason: disabled ? 'disabled by its definition' : null,
    disabled_at: disabled ? now : null,
    registered: true,
    tenant: endpoint.tenant,
    event_types: endpoint.eventTypes,
    description: endpoint.description,
    metadata: JSON.stringify(endpoint.metadata),
    timeout_ms: endpoint.timeoutMs,
    concurrency: endpoint.concurrency,
  };
}
