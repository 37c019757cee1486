/**
 * What endpoint records and fan-out (`notifier.endpoints`, `notifier.send`) need from a store
 * beyond the engine's `DeliveryStore`. Both stores of this package implement it; inputs arrive
 * checked by the notifier, so a store trusts them.
 */
import type {
  DeliveryRecord,
  EndpointPatch,
  EndpointRecord,
  EndpointStatus,
  MessageRecord,
  RateLimit,
  SigningScheme,
} from './delivery-store.js';

/** A registered endpoint as `createEndpoint` stores it (checked and normalised). */
export interface NewEndpoint {
  id: string;
  tenant: string | null;
  url: string;
  scheme: SigningScheme;
  secrets: string[];
  /** Sorted, without repeats; `[]`: every event type. */
  eventTypes: string[];
  description: string | null;
  metadata: Record<string, string>;
  timeoutMs: number | null;
  concurrency: number | null;
  status: EndpointStatus;
  /** Attempts per second across every worker; `null`: no limit. */
  rateLimit: RateLimit | null;
}

export interface StoreListEndpointRecordsOptions {
  /** `undefined`: every tenant; `null`: endpoints without one. */
  tenant?: string | null;
  /** Only endpoints that a `send` of this event type reaches (status aside). */
  eventType?: string;
  /** Endpoints whose id sorts after this one. */
  after?: string;
  limit: number;
}

export interface SendInput {
  /** The message, with its `tenant`. */
  message: MessageRecord;
  /**
   * Delivery ids are this stem, `_`, and a six-digit ordinal in endpoint id order, so they
   * sort after the message's own time-ordered id and before the next one.
   */
  deliveryIdStem: string;
  now: Date;
  /** Every delivery of the message gets this ordering key; absent or `null`: none. */
  orderingKey?: string | null;
}

export interface SendResult {
  message: MessageRecord;
  /** One per endpoint reached, in id order; `[]` when nothing subscribes. */
  deliveries: DeliveryRecord[];
  /** `false` when the tenant's idempotency key was used before: the first message is returned. */
  created: boolean;
}

/** What `RoutingStore.sendMany` stored for one input. */
export interface SentEntry {
  messageId: string;
  /** `false` when the tenant's key was already used (also earlier in the same batch). */
  created: boolean;
  /** One per endpoint reached, in id order (of the first message when not created). */
  deliveries: Array<{ id: string; endpointId: string }>;
}

/** Why `createEndpoint` or `updateEndpointRecord` refused: the id or the route is taken. */
export type EndpointConflict = 'id' | 'route';

/**
 * Registered endpoints and fan-out. A registered endpoint is never hard-deleted (its
 * deliveries keep their history): `deleteEndpoint` marks it deleted and disabled.
 *
 * @typeParam Tx - the store's transaction handle, as for `DeliveryStore.enqueue`.
 */
export interface RoutingStore<Tx = never> {
  /**
   * Stores a registered endpoint, or adopts an existing row with its id that is not a live
   * registered endpoint (an inline endpoint, a deleted one): its deliveries stay its own.
   * Returns the conflict instead when the id belongs to a live registered endpoint, or when
   * another live one of the same tenant has the same URL and event types (the route).
   */
  createEndpoint(
    endpoint: NewEndpoint,
    now: Date,
    tx?: Tx,
  ): Promise<EndpointRecord | { conflict: EndpointConflict }>;
  /** Changes a live registered endpoint; `undefined` if there is none with this id. */
  updateEndpointRecord(
    id: string,
    patch: EndpointPatch,
    tx?: Tx,
  ): Promise<EndpointRecord | { conflict: EndpointConflict } | undefined>;
  /**
   * Marks a live registered endpoint deleted (and disabled) and cancels its pending
   * deliveries. `false` when there was none.
   */
  deleteEndpoint(id: string, now: Date, tx?: Tx): Promise<boolean>;
  /** Live registered endpoints in id order. */
  listEndpointRecords(options: StoreListEndpointRecordsOptions): Promise<EndpointRecord[]>;
  /**
   * Stores the message and one pending delivery per active, live, registered endpoint of its
   * tenant subscribed to its event type, atomically (with `tx`, inside it), and wakes the
   * workers when there is any.
   */
  send(input: SendInput, tx?: Tx): Promise<SendResult>;
  /**
   * Optional: `send` for many inputs at once, all or nothing (with `tx`, inside it; without,
   * in a transaction of the store's own), waking the workers once. Entries in input order.
   */
  sendMany?(inputs: readonly SendInput[], tx?: Tx): Promise<SentEntry[]>;
}

/** Whether a store result is a conflict rather than a record. */
export function isConflict(value: unknown): value is { conflict: EndpointConflict } {
  return typeof value === 'object' && value !== null && 'conflict' in value;
}
