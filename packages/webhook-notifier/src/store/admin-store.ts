/**
 * What the operator's tools (the admin surface, its CLI, an application's API routes) need
 * from a store beyond the engine's `DeliveryStore`: endpoint health, the delivery log across
 * endpoints, bulk replay, statistics and retention. Both stores of this package implement it;
 * a store of your own may leave it out and still run the engine.
 *
 * Inputs arrive checked by the admin surface (`createAdmin`); a store trusts them.
 */
import type {
  DeliveryRecord,
  DeliveryStatus,
  DeliveryStore,
  EndpointRecord,
} from './delivery-store.js';

/** An endpoint with the number of its deliveries still `pending` (its backlog). */
export interface EndpointWithBacklog extends EndpointRecord {
  pendingCount: number;
}

export interface StoreListEndpointsOptions {
  /** Only these endpoints (deleted endpoint records included). */
  ids?: readonly string[];
  /**
   * Only endpoints of this tenant (`null`: without one). Without `ids`, deleted endpoint
   * records are left out.
   */
  tenant?: string | null;
  /** Endpoints whose id sorts after this one (id order, keyset pagination). */
  after?: string;
  limit: number;
}

/**
 * Which deliveries: every field narrows. `since`/`until` bound the creation time of the
 * message (a delivery is created with its message, at the same instant), `since` inclusive,
 * `until` exclusive.
 */
export interface StoreDeliveryFilter {
  endpointIds?: readonly string[];
  /** Deliveries to endpoints of this tenant (`null`: endpoints without one). */
  tenant?: string | null;
  eventType?: string;
  statuses?: readonly DeliveryStatus[];
  since?: Date;
  until?: Date;
}

/** A position in the newest-first delivery log: the last row of the previous page. */
export interface DeliveryLogPosition {
  createdAt: Date;
  id: string;
}

export interface StoreSearchDeliveriesOptions {
  filter: StoreDeliveryFilter;
  /** Rows strictly older than this position (`createdAt` then `id`, both descending). */
  before?: DeliveryLogPosition;
  limit: number;
}

/** A delivery with the event type of its message, for the log. */
export interface DeliveryLogEntry extends DeliveryRecord {
  eventType: string;
}

/** Which deliveries a replay restarts: never `pending` ones (they are due already). */
export interface StoreReplayFilter extends Omit<StoreDeliveryFilter, 'statuses'> {
  status: Exclude<DeliveryStatus, 'pending'>;
}

export interface StoreReplayCount {
  /** Deliveries a replay would restart now. */
  matched: number;
  /** Deliveries that match but belong to disabled endpoints: a replay leaves them alone. */
  onDisabledEndpoints: number;
}

export interface StoreReplayBatchOptions {
  /** Only deliveries whose id sorts after this one (the previous batch's `last`). */
  after?: string;
  limit: number;
  now: Date;
}

export interface StoreReplayBatch {
  /** Deliveries made pending, due `now`, with their retry schedule restarted. */
  replayed: number;
  /** The highest delivery id this batch looked at; `null` when it found none. */
  last: string | null;
}

export interface StoreStatsOptions {
  since: Date;
  until: Date;
  endpointIds?: readonly string[];
  /** Only endpoints of this tenant (`null`: endpoints without one). */
  tenant?: string | null;
}

/**
 * Volumes for one endpoint (or all of them) in a window. Delivery figures count the
 * deliveries whose message was created in the window, by their current status; `attempts`
 * counts the attempts that started in the window.
 */
export interface DeliveryCounts {
  messages: number;
  deliveries: number;
  delivered: number;
  failed: number;
  pending: number;
  cancelled: number;
  attempts: number;
}

/** The store's raw figures: volumes, first attempts, and latency percentiles. */
export interface StoreStatsRow extends DeliveryCounts {
  /** Attempts numbered 1 in the window, and how many of them delivered. */
  firstAttempts: number;
  firstAttemptsDelivered: number;
  /** Attempt durations in milliseconds (continuous percentiles); `null` without attempts. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface StoreStats {
  overall: StoreStatsRow;
  /** One row per endpoint with a delivery or an attempt in the window, in id order. */
  endpoints: (StoreStatsRow & { endpointId: string })[];
}

export interface StorePruneOptions {
  /** Messages created before this, all of whose deliveries are `delivered` or `cancelled`. */
  deliveredBefore: Date;
  /** Messages created before this, all of whose deliveries are finished (some `failed`). */
  failedBefore: Date;
  /** Messages deleted per statement. */
  batchSize: number;
  /** Stop after this many batches even if more is due (the next run goes on). */
  maxBatches: number;
  /** When given, also forget rotation secrets that stopped signing by then. */
  now?: Date;
}

export interface StorePruneResult {
  /** `false` when another process was pruning already (nothing was done). */
  ran: boolean;
  batches: number;
  messages: number;
  deliveries: number;
  attempts: number;
}

/**
 * The operator's half of a store. Every method is a bounded number of statements; none holds
 * a lock that a worker's claim would wait for (claims skip locked rows).
 */
export interface DeliveryAdminStore {
  /** Endpoints in id order with their pending count. */
  listEndpoints(options: StoreListEndpointsOptions): Promise<EndpointWithBacklog[]>;
  /** Deliveries across endpoints, newest message first (`createdAt`, then `id`, descending). */
  searchDeliveries(options: StoreSearchDeliveriesOptions): Promise<DeliveryLogEntry[]>;
  /** How many deliveries `replayBatch` would restart (the dry run). */
  countReplayable(filter: StoreReplayFilter): Promise<StoreReplayCount>;
  /**
   * Restart up to `limit` matching deliveries of endpoints that are not disabled, in id
   * order after `after`: pending, due `now`, schedule restarted (as `redeliver`), and wake
   * the workers. Rows another replay holds are skipped, never waited for.
   */
  replayBatch(
    filter: StoreReplayFilter,
    options: StoreReplayBatchOptions,
  ): Promise<StoreReplayBatch>;
  /** Delivery and attempt figures for a window, overall and per endpoint. */
  deliveryStats(options: StoreStatsOptions): Promise<StoreStats>;
  /**
   * Retention: delete old finished messages with their deliveries and attempts, a batch per
   * statement. At most one process prunes at a time (`ran: false` for the others).
   */
  prune(options: StorePruneOptions): Promise<StorePruneResult>;
}

/** A store the admin surface can operate: the engine's interface plus the operator's. */
export type OperableStore = DeliveryStore<unknown> & DeliveryAdminStore;
