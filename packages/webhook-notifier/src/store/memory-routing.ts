import { matchesEventType } from '../routing/event-type-pattern.js';
import { fanOutDeliveryId } from '../routing/send.js';
import type {
  DeliveryRecord,
  EndpointPatch,
  EndpointRecord,
  MessageRecord,
} from './delivery-store.js';
import { newEndpointRecord } from './memory-endpoint.js';
import { newDelivery } from './new-delivery.js';
import type {
  EndpointConflict,
  NewEndpoint,
  SendInput,
  StoreListEndpointRecordsOptions,
} from './routing-store.js';

/** The maps endpoint records and fan-out change in a `MemoryStore`. */
export interface MemoryRoutingState {
  endpoints: Map<string, EndpointRecord>;
  messages: Map<string, MessageRecord>;
  deliveries: Map<string, DeliveryRecord>;
  pending: Set<string>;
  byIdempotencyKey: Map<string, string>;
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Where a message's idempotency key is remembered: keys are per tenant (`null`: inline
 * enqueues and `send`s without a tenant).
 *
 * @example
 * idempotencySlot('acme', 'order-42');
 */
export function idempotencySlot(tenant: string | null | undefined, key: string): string {
  return JSON.stringify([tenant ?? null, key]);
}

/** A live registered endpoint: created by `endpoints.create` and not deleted. */
export function isLiveRecord(endpoint: EndpointRecord): boolean {
  return endpoint.registered === true && (endpoint.deletedAt ?? null) === null;
}

/** The fields two endpoints of one tenant may not share. */
function sameRoute(
  a: Pick<EndpointRecord, 'tenant' | 'url' | 'eventTypes'>,
  b: Pick<EndpointRecord, 'tenant' | 'url' | 'eventTypes'>,
): boolean {
  return (
    (a.tenant ?? null) === (b.tenant ?? null) &&
    a.url === b.url &&
    (a.eventTypes ?? []).join('\n') === (b.eventTypes ?? []).join('\n')
  );
}

function routeTaken(
  endpoints: ReadonlyMap<string, EndpointRecord>,
  id: string,
  route: Pick<EndpointRecord, 'tenant' | 'url' | 'eventTypes'>,
): boolean {
  for (const other of endpoints.values()) {
    if (other.id !== id && isLiveRecord(other) && sameRoute(other, route)) return true;
  }
  return false;
}

/** `RoutingStore.createEndpoint` over the maps. */
export function createEndpointIn(
  state: MemoryRoutingState,
  input: NewEndpoint,
  now: Date,
): EndpointRecord | { conflict: EndpointConflict } {
  const existing = state.endpoints.get(input.id);
  if (existing !== undefined && isLiveRecord(existing)) return { conflict: 'id' };
  if (routeTaken(state.endpoints, input.id, input)) return { conflict: 'route' };
  const { status, ...fields } = clone(input);
  const record: EndpointRecord = {
    ...newEndpointRecord(fields),
    ...fields,
    registered: true,
    deletedAt: null,
    status,
    ...(status === 'disabled' && {
      disabledCause: 'manual' as const,
      disabledReason: 'disabled by its definition',
      disabledAt: now,
    }),
  };
  state.endpoints.set(record.id, record);
  return clone(record);
}

/** `RoutingStore.updateEndpointRecord` over the maps. */
export function updateEndpointRecordIn(
  state: MemoryRoutingState,
  id: string,
  patch: EndpointPatch,
): EndpointRecord | { conflict: EndpointConflict } | undefined {
  const endpoint = state.endpoints.get(id);
  if (endpoint === undefined || !isLiveRecord(endpoint)) return undefined;
  const next = { ...endpoint, ...definedFields(patch) };
  if (routeTaken(state.endpoints, id, next)) return { conflict: 'route' };
  Object.assign(endpoint, clone(definedFields(patch)));
  return clone(endpoint);
}

/** `RoutingStore.deleteEndpoint` over the maps; `true` when a live record was deleted. */
export function deleteEndpointIn(state: MemoryRoutingState, id: string, now: Date): boolean {
  const endpoint = state.endpoints.get(id);
  if (endpoint === undefined || !isLiveRecord(endpoint)) return false;
  Object.assign(endpoint, {
    deletedAt: now,
    status: 'disabled',
    disabledCause: 'manual',
    disabledReason: 'deleted',
    disabledAt: now,
  });
  for (const deliveryId of [...state.pending]) {
    const delivery = state.deliveries.get(deliveryId)!;
    if (delivery.endpointId !== id) continue;
    Object.assign(delivery, {
      status: 'cancelled',
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: now,
    });
    state.pending.delete(deliveryId);
  }
  return true;
}

/** `RoutingStore.listEndpointRecords` over the maps. */
export function listEndpointRecordsIn(
  endpoints: ReadonlyMap<string, EndpointRecord>,
  options: StoreListEndpointRecordsOptions,
): EndpointRecord[] {
  const after = options.after ?? '';
  return [...endpoints.values()]
    .filter(
      (endpoint) =>
        isLiveRecord(endpoint) &&
        endpoint.id > after &&
        (options.tenant === undefined || (endpoint.tenant ?? null) === options.tenant) &&
        (options.eventType === undefined ||
          matchesEventType(endpoint.eventTypes ?? [], options.eventType)),
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .slice(0, options.limit)
    .map(clone);
}

/**
 * `RoutingStore.send` over the maps: the message, then one delivery per active, live,
 * subscribed endpoint of its tenant in id order. The caller checked the idempotency key.
 */
export function sendIn(
  state: MemoryRoutingState,
  input: SendInput,
): { message: MessageRecord; deliveries: DeliveryRecord[] } {
  const { message, now } = input;
  const tenant = message.tenant ?? null;
  const targets = [...state.endpoints.values()]
    .filter(
      (endpoint) =>
        isLiveRecord(endpoint) &&
        endpoint.status === 'active' &&
        (endpoint.tenant ?? null) === tenant &&
        matchesEventType(endpoint.eventTypes ?? [], message.eventType),
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const stored = clone({ ...message, tenant });
  state.messages.set(stored.id, stored);
  if (stored.idempotencyKey !== null) {
    state.byIdempotencyKey.set(idempotencySlot(tenant, stored.idempotencyKey), stored.id);
  }
  const deliveries = targets.map((endpoint, index): DeliveryRecord => {
    const delivery = newDelivery({
      id: fanOutDeliveryId(input.deliveryIdStem, index + 1),
      messageId: stored.id,
      endpointId: endpoint.id,
      now,
      orderingKey: input.orderingKey,
    });
    state.deliveries.set(delivery.id, clone(delivery));
    state.pending.add(delivery.id);
    return delivery;
  });
  return { message: clone(stored), deliveries };
}

/** A message's deliveries in id order (a repeated `send`). */
export function deliveriesOfMessage(
  deliveries: ReadonlyMap<string, DeliveryRecord>,
  messageId: string,
): DeliveryRecord[] {
  return [...deliveries.values()]
    .filter((delivery) => delivery.messageId === messageId)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(clone);
}

function definedFields(patch: EndpointPatch): EndpointPatch {
  return Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  ) as EndpointPatch;
}
