/**
 * The operator's queries over `MemoryStore`'s maps, kept apart from the engine's hot path.
 * Each mirrors the Kysely store's SQL, row for row, as the conformance suite checks.
 */
import type {
  DeliveryCounts,
  DeliveryLogEntry,
  EndpointWithBacklog,
  StoreDeliveryFilter,
  StoreListEndpointsOptions,
  StorePruneOptions,
  StoreReplayFilter,
  StoreSearchDeliveriesOptions,
  StoreStats,
  StoreStatsOptions,
  StoreStatsRow,
} from './admin-store.js';
import type {
  AttemptRecord,
  DeliveryRecord,
  EndpointRecord,
  MessageRecord,
} from './delivery-store.js';
import { percentileCont } from './percentile.js';

/** The maps a `MemoryStore` keeps, as its queries read them. */
export interface MemoryTables {
  endpoints: ReadonlyMap<string, EndpointRecord>;
  messages: ReadonlyMap<string, MessageRecord>;
  deliveries: ReadonlyMap<string, DeliveryRecord>;
  attempts: ReadonlyMap<string, readonly AttemptRecord[]>;
}

const clone = <T>(value: T): T => structuredClone(value);
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function listEndpointsIn(
  tables: MemoryTables,
  options: StoreListEndpointsOptions,
): EndpointWithBacklog[] {
  const ids = options.ids === undefined ? undefined : new Set(options.ids);
  const listed = (e: EndpointRecord) =>
    ids === undefined ? (e.deletedAt ?? null) === null : ids.has(e.id);
  const pending = new Map<string, number>();
  for (const delivery of tables.deliveries.values()) {
    if (delivery.status !== 'pending') continue;
    pending.set(delivery.endpointId, (pending.get(delivery.endpointId) ?? 0) + 1);
  }
  return [...tables.endpoints.values()]
    .filter(
      (e) => listed(e) && ofTenant(tables, e.id, options.tenant) && (options.after ?? '') < e.id,
    )
    .sort(byId)
    .slice(0, options.limit)
    .map((e) => ({ ...clone(e), pendingCount: pending.get(e.id) ?? 0 }));
}

/** Whether an endpoint belongs to a tenant (`undefined`: any tenant will do). */
function ofTenant(tables: MemoryTables, endpointId: string, tenant: string | null | undefined) {
  return tenant === undefined || (tables.endpoints.get(endpointId)?.tenant ?? null) === tenant;
}

/** Whether a delivery (with its message) matches a filter. */
function matches(
  tables: MemoryTables,
  delivery: DeliveryRecord,
  message: MessageRecord,
  filter: StoreDeliveryFilter,
): boolean {
  const created = message.createdAt.getTime();
  return (
    (filter.endpointIds === undefined || filter.endpointIds.includes(delivery.endpointId)) &&
    ofTenant(tables, delivery.endpointId, filter.tenant) &&
    (filter.eventType === undefined || message.eventType === filter.eventType) &&
    (filter.statuses === undefined || filter.statuses.includes(delivery.status)) &&
    (filter.since === undefined || created >= filter.since.getTime()) &&
    (filter.until === undefined || created < filter.until.getTime())
  );
}

function* matching(tables: MemoryTables, filter: StoreDeliveryFilter) {
  for (const delivery of tables.deliveries.values()) {
    const message = tables.messages.get(delivery.messageId)!;
    if (matches(tables, delivery, message, filter)) yield { delivery, message };
  }
}

export function searchDeliveriesIn(
  tables: MemoryTables,
  options: StoreSearchDeliveriesOptions,
): DeliveryLogEntry[] {
  // Newest message first, then the highest delivery id: the Kysely store's order.
  const key = (created: number, id: string) => ({ created, id });
  const older = (a: ReturnType<typeof key>, b: ReturnType<typeof key>) =>
    a.created < b.created || (a.created === b.created && a.id < b.id);
  const { before } = options;
  const bound = before && key(before.createdAt.getTime(), before.id);
  const rows: { at: ReturnType<typeof key>; delivery: DeliveryRecord; eventType: string }[] = [];
  for (const { delivery, message } of matching(tables, options.filter)) {
    const at = key(message.createdAt.getTime(), delivery.id);
    if (bound !== undefined && !older(at, bound)) continue;
    rows.push({ at, delivery, eventType: message.eventType });
  }
  return rows
    .sort((a, b) => (older(a.at, b.at) ? 1 : older(b.at, a.at) ? -1 : 0))
    .slice(0, options.limit)
    .map((row) => ({ ...clone(row.delivery), eventType: row.eventType }));
}

/** Deliveries a replay would restart, in id order, split by their endpoint's status. */
export function replayableIn(tables: MemoryTables, filter: StoreReplayFilter) {
  const ready: DeliveryRecord[] = [];
  let onDisabledEndpoints = 0;
  for (const { delivery } of matching(tables, { ...filter, statuses: [filter.status] })) {
    if (tables.endpoints.get(delivery.endpointId)?.status === 'disabled') onDisabledEndpoints++;
    else ready.push(delivery);
  }
  return { ready: ready.sort(byId), onDisabledEndpoints };
}

const emptyCounts = (): DeliveryCounts => ({
  messages: 0,
  deliveries: 0,
  delivered: 0,
  failed: 0,
  pending: 0,
  cancelled: 0,
  attempts: 0,
});

interface Tally {
  counts: DeliveryCounts;
  messages: Set<string>;
  firstAttempts: number;
  firstAttemptsDelivered: number;
  durations: number[];
}

export function deliveryStatsIn(tables: MemoryTables, options: StoreStatsOptions): StoreStats {
  const since = options.since.getTime();
  const until = options.until.getTime();
  const inWindow = (date: Date) => date.getTime() >= since && date.getTime() < until;
  const ids = options.endpointIds === undefined ? undefined : new Set(options.endpointIds);
  const overall = newTally();
  const perEndpoint = new Map<string, Tally>();
  const tally = (endpointId: string) => {
    const found = perEndpoint.get(endpointId) ?? newTally();
    perEndpoint.set(endpointId, found);
    return [overall, found];
  };
  for (const delivery of tables.deliveries.values()) {
    if (ids !== undefined && !ids.has(delivery.endpointId)) continue;
    if (!ofTenant(tables, delivery.endpointId, options.tenant)) continue;
    const message = tables.messages.get(delivery.messageId)!;
    if (inWindow(message.createdAt)) {
      for (const t of tally(delivery.endpointId)) {
        t.messages.add(message.id);
        t.counts.deliveries++;
        t.counts[delivery.status]++;
      }
    }
    for (const attempt of tables.attempts.get(delivery.id) ?? []) {
      if (!inWindow(attempt.startedAt)) continue;
      for (const t of tally(delivery.endpointId)) {
        t.counts.attempts++;
        t.durations.push(attempt.durationMs);
        if (attempt.attempt !== 1) continue;
        t.firstAttempts++;
        if (attempt.errorClass === null) t.firstAttemptsDelivered++;
      }
    }
  }
  return {
    overall: toRow(overall),
    endpoints: [...perEndpoint.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([endpointId, t]) => ({ endpointId, ...toRow(t) })),
  };
}

function newTally(): Tally {
  return {
    counts: emptyCounts(),
    messages: new Set(),
    firstAttempts: 0,
    firstAttemptsDelivered: 0,
    durations: [],
  };
}

function toRow(t: Tally): StoreStatsRow {
  const sorted = t.durations.sort((a, b) => a - b);
  return {
    ...t.counts,
    messages: t.messages.size,
    firstAttempts: t.firstAttempts,
    firstAttemptsDelivered: t.firstAttemptsDelivered,
    p50Ms: percentileCont(sorted, 0.5),
    p95Ms: percentileCont(sorted, 0.95),
    p99Ms: percentileCont(sorted, 0.99),
  };
}

/**
 * Messages retention may delete, oldest first: none of their deliveries pending, and older
 * than the bound of their kind (`failedBefore` if one failed, else `deliveredBefore`).
 */
export function prunableMessagesIn(
  tables: MemoryTables,
  options: Pick<StorePruneOptions, 'deliveredBefore' | 'failedBefore'>,
): MessageRecord[] {
  const deliveriesOf = new Map<string, DeliveryRecord[]>();
  for (const delivery of tables.deliveries.values()) {
    const list = deliveriesOf.get(delivery.messageId) ?? [];
    list.push(delivery);
    deliveriesOf.set(delivery.messageId, list);
  }
  const expired = (message: MessageRecord, delivery: DeliveryRecord) => {
    if (delivery.status === 'pending') return false;
    const bound = delivery.status === 'failed' ? options.failedBefore : options.deliveredBefore;
    return message.createdAt.getTime() < bound.getTime();
  };
  return [...tables.messages.values()]
    .filter((m) => (deliveriesOf.get(m.id) ?? []).every((d) => expired(m, d)))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b));
}
