import { keyOfEmptySend } from '../engine/message-input.js';
import type {
  DeliveryAdminStore,
  DeliveryLogEntry,
  EndpointWithBacklog,
  StoreBacklog,
  StoreListEndpointsOptions,
  StorePruneOptions,
  StorePruneResult,
  StoreReplayBatch,
  StoreReplayBatchOptions,
  StoreReplayCount,
  StoreReplayFilter,
  StoreSearchDeliveriesOptions,
  StoreStats,
  StoreStatsOptions,
} from './admin-store.js';
import type {
  AttemptRecord,
  ClaimedDelivery,
  ClaimOptions,
  DeliveryOutcome,
  DeliveryRecord,
  DeliveryStore,
  EndpointPatch,
  EndpointRecord,
  EnqueuedEntry,
  EnqueueInput,
  EnqueueResult,
  ListDeliveriesOptions,
  MessageRecord,
  SettleResult,
} from './delivery-store.js';
import {
  deliveryStatsIn,
  listEndpointsIn,
  replayableIn,
  searchDeliveriesIn,
} from './memory-admin-queries.js';
import { backlogIn } from './memory-backlog.js';
import { countAttempt, newEndpointRecord } from './memory-endpoint.js';
import { pruneIn } from './memory-prune.js';
import {
  createEndpointIn,
  deleteEndpointIn,
  deliveriesOfMessage,
  idempotencySlot,
  listEndpointRecordsIn,
  sendIn,
  updateEndpointRecordIn,
} from './memory-routing.js';
import { newDelivery } from './new-delivery.js';
import { type RateBucket, refill } from './rate-bucket.js';
import type {
  EndpointConflict,
  NewEndpoint,
  RoutingStore,
  SendInput,
  SendResult,
  SentEntry,
  StoreListEndpointRecordsOptions,
} from './routing-store.js';

const DEFAULT_LIST_LIMIT = 100;
const clone = <T>(value: T): T => structuredClone(value);

/**
 * A complete `DeliveryStore` in process memory: leases, idempotency keys, the circuit
 * breaker's endpoint filters, the attempt log, and wake-ups on enqueue. Records are copied
 * on the way in and out, so callers cannot change what it holds. Nothing survives a restart:
 * use it for tests, scripts and single-process tools.
 *
 * @example
 * const notifier = createNotifier({ store: new MemoryStore() });
 */
export class MemoryStore implements DeliveryStore, DeliveryAdminStore, RoutingStore {
  readonly #endpoints = new Map<string, EndpointRecord>();
  readonly #messages = new Map<string, MessageRecord>();
  readonly #deliveries = new Map<string, DeliveryRecord>();
  readonly #pending = new Set<string>();
  readonly #byIdempotencyKey = new Map<string, string>();
  readonly #deliveryOfMessage = new Map<string, string>();
  readonly #attempts = new Map<string, AttemptRecord[]>();
  readonly #listeners = new Set<() => void>();
  /** A delivery's place in its ordering key's queue (redeliver moves it to the end). */
  readonly #orderSeq = new Map<string, number>();
  #nextOrderSeq = 0;
  readonly #buckets = new Map<string, RateBucket>();

  async enqueue(input: EnqueueInput): Promise<EnqueueResult> {
    const result = this.#enqueueOne(input);
    if (result.created) this.#wake();
    return result;
  }

  async enqueueMany(inputs: readonly EnqueueInput[]): Promise<EnqueuedEntry[]> {
    // Refuse before the first write, so that a batch is all or nothing.
    for (const input of inputs) this.#enqueuedBefore(input.message.idempotencyKey);
    const results = inputs.map((input) => this.#enqueueOne(input));
    if (results.some((result) => result.created)) this.#wake();
    return results.map(({ message, delivery, created }) => ({
      messageId: message.id,
      deliveryId: delivery.id,
      created,
    }));
  }

  async send(input: SendInput): Promise<SendResult> {
    const result = this.#sendOne(input);
    if (result.created && result.deliveries.length > 0) this.#wake();
    return result;
  }

  async sendMany(inputs: readonly SendInput[]): Promise<SentEntry[]> {
    const results = inputs.map((input) => this.#sendOne(input));
    if (results.some((result) => result.created && result.deliveries.length > 0)) this.#wake();
    return results.map(({ message, deliveries, created }) => ({
      messageId: message.id,
      created,
      deliveries: deliveries.map(({ id, endpointId }) => ({ id, endpointId })),
    }));
  }

  /** The message and delivery stored under an inline enqueue's key, if any. */
  #enqueuedBefore(key: string | null): EnqueueResult | undefined {
    const existingId =
      key === null ? undefined : this.#byIdempotencyKey.get(idempotencySlot(null, key));
    if (existingId === undefined) return undefined;
    const message = this.#messages.get(existingId)!;
    const deliveryId = this.#deliveryOfMessage.get(existingId);
    if (deliveryId === undefined) throw keyOfEmptySend();
    const delivery = this.#deliveries.get(deliveryId)!;
    return { message: clone(message), delivery: clone(delivery), created: false };
  }

  #enqueueOne(input: EnqueueInput): EnqueueResult {
    const key = input.message.idempotencyKey;
    const existing = this.#enqueuedBefore(key);
    if (existing !== undefined) return existing;
    this.#upsertEndpoint(input.endpoint);
    const message = clone({ ...input.message, tenant: null });
    const delivery = newDelivery({
      id: input.deliveryId,
      messageId: message.id,
      endpointId: input.endpoint.id,
      now: input.now,
      orderingKey: input.orderingKey,
    });
    if (delivery.orderingKey !== null) this.#orderSeq.set(delivery.id, this.#nextOrderSeq++);
    this.#messages.set(message.id, message);
    this.#deliveries.set(delivery.id, clone(delivery));
    this.#pending.add(delivery.id);
    this.#deliveryOfMessage.set(message.id, delivery.id);
    if (key !== null) this.#byIdempotencyKey.set(idempotencySlot(null, key), message.id);
    return { message: clone(message), delivery, created: true };
  }

  #sendOne(input: SendInput): SendResult {
    const { tenant = null, idempotencyKey: key } = input.message;
    const existingId =
      key === null ? undefined : this.#byIdempotencyKey.get(idempotencySlot(tenant, key));
    if (existingId !== undefined) {
      const message = clone(this.#messages.get(existingId)!);
      return {
        message,
        deliveries: deliveriesOfMessage(this.#deliveries, existingId),
        created: false,
      };
    }
    const sent = sendIn(this.#routingState(), input);
    for (const delivery of sent.deliveries) {
      if (delivery.orderingKey != null) this.#orderSeq.set(delivery.id, this.#nextOrderSeq++);
    }
    const [first] = sent.deliveries;
    if (first !== undefined) this.#deliveryOfMessage.set(sent.message.id, first.id);
    return { ...sent, created: true };
  }

  async createEndpoint(
    endpoint: NewEndpoint,
    now: Date,
  ): Promise<EndpointRecord | { conflict: EndpointConflict }> {
    const created = createEndpointIn(this.#routingState(), endpoint, now);
    if ('id' in created && created.status === 'active') this.#wake();
    return created;
  }

  async updateEndpointRecord(
    id: string,
    patch: EndpointPatch,
  ): Promise<EndpointRecord | { conflict: EndpointConflict } | undefined> {
    const updated = updateEndpointRecordIn(this.#routingState(), id, patch);
    if (patch.status === 'active') this.#wake();
    return updated;
  }

  async deleteEndpoint(id: string, now: Date): Promise<boolean> {
    return deleteEndpointIn(this.#routingState(), id, now);
  }

  async listEndpointRecords(options: StoreListEndpointRecordsOptions): Promise<EndpointRecord[]> {
    return listEndpointRecordsIn(this.#endpoints, options);
  }

  async claimDue(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    const now = options.now.getTime();
    const skip = new Set(options.skipEndpointIds ?? []);
    const perEndpoint = new Map<string, number>();
    const perEndpointLimit = options.perEndpointLimit ?? Number.POSITIVE_INFINITY;
    const claimed: ClaimedDelivery[] = [];
    const budgets = new Map<string, RateBucket>();
    const heads = this.#orderingHeads();
    for (const delivery of this.#dueDeliveries(now, skip)) {
      if (claimed.length >= options.limit) break;
      if (delivery.orderingKey != null && !heads.has(delivery.id)) continue;
      const count = perEndpoint.get(delivery.endpointId) ?? 0;
      if (count >= perEndpointLimit) continue;
      const bucket = this.#budget(budgets, delivery.endpointId, now);
      if (bucket !== undefined) {
        if (bucket.tokens < 1) continue;
        bucket.tokens -= 1;
      }
      perEndpoint.set(delivery.endpointId, count + 1);
      delivery.leaseOwner = options.workerId;
      delivery.leaseExpiresAt = new Date(now + options.leaseMs);
      claimed.push({
        delivery: clone(delivery),
        message: clone(this.#messages.get(delivery.messageId)!),
        endpoint: clone(this.#endpoints.get(delivery.endpointId)!),
      });
    }
    for (const [endpointId, bucket] of budgets) this.#buckets.set(endpointId, bucket);
    return claimed;
  }

  /** The pending delivery first in line for each (endpoint, ordering key). */
  #orderingHeads(): Set<string> {
    const first = new Map<string, { id: string; seq: number }>();
    for (const id of this.#pending) {
      const delivery = this.#deliveries.get(id)!;
      if (delivery.orderingKey == null) continue;
      const queue = `${delivery.endpointId}\u0000${delivery.orderingKey}`;
      const seq = this.#orderSeq.get(id)!;
      const current = first.get(queue);
      if (current === undefined || seq < current.seq) first.set(queue, { id, seq });
    }
    return new Set([...first.values()].map((head) => head.id));
  }

  /** This claim's view of a rate-limited endpoint's bucket; `undefined` without a limit. */
  #budget(budgets: Map<string, RateBucket>, endpointId: string, now: number) {
    const limit = this.#endpoints.get(endpointId)!.rateLimit;
    if (limit == null) return undefined;
    let bucket = budgets.get(endpointId);
    if (bucket === undefined) {
      bucket = refill(this.#buckets.get(endpointId), limit, now);
      budgets.set(endpointId, bucket);
    }
    return bucket;
  }

  async settle(outcomes: readonly DeliveryOutcome[]): Promise<SettleResult> {
    const failing = new Set<EndpointRecord>();
    for (const outcome of outcomes) {
      const delivery = this.#deliveries.get(outcome.deliveryId);
      if (delivery === undefined) continue;
      const attempts = this.#attempts.get(delivery.id) ?? [];
      attempts.push(clone(outcome.attempt));
      this.#attempts.set(delivery.id, attempts);
      const endpoint = this.#endpoints.get(delivery.endpointId)!;
      if (countAttempt(endpoint, outcome)) failing.add(endpoint);
      else failing.delete(endpoint);
      if (holdsLease(delivery, outcome)) this.#apply(delivery, outcome);
    }
    return { failingEndpoints: [...failing].map(clone) };
  }

  async release(deliveryIds: readonly string[], workerId: string): Promise<void> {
    for (const id of deliveryIds) {
      const delivery = this.#deliveries.get(id);
      if (delivery?.leaseOwner !== workerId) continue;
      delivery.leaseOwner = null;
      delivery.leaseExpiresAt = null;
    }
  }

  async redeliver(deliveryId: string, now: Date): Promise<DeliveryRecord | undefined> {
    const delivery = this.#deliveries.get(deliveryId);
    if (delivery === undefined) return undefined;
    this.#restart(delivery, now);
    this.#wake();
    return clone(delivery);
  }

  async getEndpoint(id: string): Promise<EndpointRecord | undefined> {
    const endpoint = this.#endpoints.get(id);
    return endpoint && clone(endpoint);
  }

  async updateEndpoint(id: string, patch: EndpointPatch): Promise<EndpointRecord | undefined> {
    const endpoint = this.#endpoints.get(id);
    if (endpoint === undefined) return undefined;
    const wasClaimable = endpoint.status === 'active' && endpoint.pausedUntil === null;
    for (const [field, value] of Object.entries(patch)) {
      if (value !== undefined) Object.assign(endpoint, { [field]: clone(value) });
    }
    if (!wasClaimable && endpoint.status === 'active' && endpoint.pausedUntil === null) {
      this.#wake();
    }
    return clone(endpoint);
  }

  async getMessage(id: string): Promise<MessageRecord | undefined> {
    const message = this.#messages.get(id);
    return message && clone(message);
  }

  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    const delivery = this.#deliveries.get(id);
    return delivery && clone(delivery);
  }

  async listDeliveries(options: ListDeliveriesOptions = {}): Promise<DeliveryRecord[]> {
    const limit = options.limit ?? DEFAULT_LIST_LIMIT;
    const matches: DeliveryRecord[] = [];
    for (const delivery of this.#deliveries.values()) {
      if (options.status !== undefined && delivery.status !== options.status) continue;
      if (options.endpointId !== undefined && delivery.endpointId !== options.endpointId) continue;
      if (options.messageId !== undefined && delivery.messageId !== options.messageId) continue;
      if (options.after !== undefined && delivery.id <= options.after) continue;
      matches.push(delivery);
    }
    matches.sort((a, b) => (a.id < b.id ? -1 : 1));
    return matches.slice(0, limit).map(clone);
  }

  async listAttempts(deliveryId: string): Promise<AttemptRecord[]> {
    return (this.#attempts.get(deliveryId) ?? []).map(clone);
  }

  async countPending(): Promise<number> {
    return this.#pending.size;
  }

  async listEndpoints(options: StoreListEndpointsOptions): Promise<EndpointWithBacklog[]> {
    return listEndpointsIn(this.#tables(), options);
  }

  async searchDeliveries(options: StoreSearchDeliveriesOptions): Promise<DeliveryLogEntry[]> {
    return searchDeliveriesIn(this.#tables(), options);
  }

  async countReplayable(filter: StoreReplayFilter): Promise<StoreReplayCount> {
    const { ready, onDisabledEndpoints } = replayableIn(this.#tables(), filter);
    return { matched: ready.length, onDisabledEndpoints };
  }

  async replayBatch(
    filter: StoreReplayFilter,
    options: StoreReplayBatchOptions,
  ): Promise<StoreReplayBatch> {
    const after = options.after ?? '';
    const batch = replayableIn(this.#tables(), filter)
      .ready.filter((delivery) => delivery.id > after)
      .slice(0, options.limit);
    for (const delivery of batch) this.#restart(delivery, options.now);
    if (batch.length > 0) this.#wake();
    return { replayed: batch.length, last: batch.at(-1)?.id ?? null };
  }

  async deliveryStats(options: StoreStatsOptions): Promise<StoreStats> {
    return deliveryStatsIn(this.#tables(), options);
  }

  async backlog(now: Date): Promise<StoreBacklog> {
    return backlogIn(this.#tables(), now);
  }

  async prune(options: StorePruneOptions): Promise<StorePruneResult> {
    return pruneIn(
      {
        ...this.#tables(),
        byIdempotencyKey: this.#byIdempotencyKey,
        deliveryOfMessage: this.#deliveryOfMessage,
      },
      options,
    );
  }

  async subscribe(onWake: () => void): Promise<() => Promise<void>> {
    this.#listeners.add(onWake);
    return async () => {
      this.#listeners.delete(onWake);
    };
  }

  /** Pending again, due `now`, retry schedule restarted, lease taken away. */
  #restart(delivery: DeliveryRecord, now: Date): void {
    Object.assign(delivery, {
      status: 'pending',
      attemptBase: delivery.attempts,
      nextAttemptAt: new Date(now),
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: new Date(now),
    });
    if (delivery.orderingKey != null) this.#orderSeq.set(delivery.id, this.#nextOrderSeq++);
    this.#pending.add(delivery.id);
  }

  #routingState() {
    return {
      endpoints: this.#endpoints,
      messages: this.#messages,
      deliveries: this.#deliveries,
      pending: this.#pending,
      byIdempotencyKey: this.#byIdempotencyKey,
    };
  }

  #tables() {
    return {
      endpoints: this.#endpoints,
      messages: this.#messages,
      deliveries: this.#deliveries,
      attempts: this.#attempts,
    };
  }

  #upsertEndpoint(input: EnqueueInput['endpoint']): void {
    const existing = this.#endpoints.get(input.id);
    if (existing !== undefined) {
      Object.assign(existing, {
        url: input.url,
        scheme: input.scheme,
        secrets: [...input.secrets],
      });
      return;
    }
    this.#endpoints.set(input.id, newEndpointRecord(input));
  }

  *#dueDeliveries(now: number, skip: ReadonlySet<string>): Generator<DeliveryRecord> {
    const due: DeliveryRecord[] = [];
    for (const id of this.#pending) {
      const delivery = this.#deliveries.get(id)!;
      if (delivery.nextAttemptAt.getTime() > now) continue;
      if (delivery.leaseExpiresAt !== null && delivery.leaseExpiresAt.getTime() > now) continue;
      if (skip.has(delivery.endpointId)) continue;
      const endpoint = this.#endpoints.get(delivery.endpointId)!;
      if (endpoint.status !== 'active') continue;
      if (endpoint.pausedUntil !== null && endpoint.pausedUntil.getTime() > now) continue;
      due.push(delivery);
    }
    due.sort(
      (a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : 1),
    );
    yield* due;
  }

  #apply(delivery: DeliveryRecord, outcome: DeliveryOutcome): void {
    const { attempt } = outcome;
    delivery.attempts = Math.max(delivery.attempts, attempt.attempt);
    delivery.lastAttemptAt = new Date(attempt.startedAt);
    delivery.lastStatusCode = attempt.statusCode;
    delivery.updatedAt = new Date(attempt.startedAt.getTime() + attempt.durationMs);
    delivery.leaseOwner = null;
    delivery.leaseExpiresAt = null;
    delivery.status = outcome.status;
    if (outcome.status === 'pending') {
      delivery.nextAttemptAt = new Date(outcome.nextAttemptAt);
      delivery.lastError = outcome.error;
      return;
    }
    this.#pending.delete(delivery.id);
    this.#orderSeq.delete(delivery.id);
    delivery.lastError = outcome.status === 'failed' ? outcome.error : null;
  }

  #wake(): void {
    for (const listener of this.#listeners) {
      queueMicrotask(() => {
        try {
          listener();
        } catch {
          // A subscriber's failure must not undo a committed enqueue.
        }
      });
    }
  }
}

/** The outcome's worker still holds the very lease the attempt ran under. */
function holdsLease(delivery: DeliveryRecord, outcome: DeliveryOutcome): boolean {
  if (delivery.leaseOwner !== outcome.workerId) return false;
  const lease = outcome.leaseExpiresAt;
  return lease == null || delivery.leaseExpiresAt?.getTime() === lease.getTime();
}
