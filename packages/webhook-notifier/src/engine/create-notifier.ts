import { createAdmin, type WebhookAdmin } from '../admin/create-admin.js';
import { redeliver } from '../admin/redeliver.js';
import { misuse } from '../errors/misuse.js';
import { NotifierError } from '../errors/notifier-error.js';
import type { HttpTransport } from '../http/transport.js';
import { createUndiciTransport } from '../http/undici-transport.js';
import {
  createEndpointRegistry,
  type EndpointRegistry,
  toInfo,
} from '../routing/endpoint-registry.js';
import { createSend, type SendReceipt, type SendRequest } from '../routing/send.js';
import { createSendMany } from '../routing/send-many.js';
import type { DeliveryAdminStore, OperableStore } from '../store/admin-store.js';
import type { DeliveryRecord, DeliveryStore, EndpointRecord } from '../store/delivery-store.js';
import { Dispatcher, type RoundSummary } from './dispatcher.js';
import { createEmitter } from './emitter.js';
import { createEnqueue, type EnqueueReceipt, type EnqueueRequest } from './enqueue.js';
import { createEnqueueMany } from './enqueue-many.js';
import type { NotifierEventName, NotifierListener } from './events.js';
import { type NotifierOptions, resolveOptions } from './options.js';
import { createRetentionLoop } from './retention-loop.js';
import { createWorkerLoop } from './worker-loop.js';

/** An endpoint as the notifier shows it: everything but its secrets. */
export type EndpointInfo = Omit<EndpointRecord, 'secrets' | 'previousSecrets'>;

export interface StopOptions {
  /** How long to wait for attempts in flight. Default: `limits.timeoutMs` + 5 s. */
  timeoutMs?: number;
}

export interface StopSummary {
  /** Attempts still running at the timeout; their leases expire and they are retried. */
  abandoned: number;
}

/** The delivery engine. See `createNotifier`. */
export interface Notifier<Tx = never> {
  /** Store one message for one endpoint (inside `tx` when given: the outbox pattern). */
  enqueue(request: EnqueueRequest, options?: { tx?: Tx }): Promise<EnqueueReceipt>;
  /**
   * Store one message once, and one delivery for every enabled endpoint record of its tenant
   * subscribed to its event type (inside `tx` when given: one statement on PostgreSQL). The
   * receipt lists the deliveries; none is not an error. Needs a store implementing
   * `RoutingStore` (both stores of this package do).
   */
  send(request: SendRequest, options?: { tx?: Tx }): Promise<SendReceipt>;
  /**
   * `enqueue` for many requests in one call: all are checked before anything is stored, then
   * written all or nothing (inside `tx` when given), in a few statements on PostgreSQL.
   * Receipts in request order; a refusal names the request (`requests.3.payload`).
   */
  enqueueMany(
    requests: readonly EnqueueRequest[],
    options?: { tx?: Tx },
  ): Promise<EnqueueReceipt[]>;
  /** `send` for many requests in one call, as `enqueueMany` does for `enqueue`. */
  sendMany(requests: readonly SendRequest[], options?: { tx?: Tx }): Promise<SendReceipt[]>;
  /** Endpoint records that `send` fans out to: create, update, delete, get, list. */
  readonly endpoints: EndpointRegistry<Tx>;
  /** Run the delivery loop in the background until `stop()`. */
  start(): Promise<void>;
  /** Stop claiming, finish or hand back what is in hand, close the default transport. */
  stop(options?: StopOptions): Promise<StopSummary>;
  /** One round by hand: claim a batch, attempt it, settle it. */
  runOnce(): Promise<RoundSummary>;
  /**
   * Make a delivery due now, with its retry schedule restarted. Refuses with
   * `NotifierError('endpoint_disabled')` when its endpoint is disabled (nothing would be sent).
   */
  redeliver(deliveryId: string): Promise<DeliveryRecord>;
  /** Re-enable an endpoint (disabled or paused) and forget its failures. */
  enableEndpoint(endpointId: string): Promise<EndpointInfo>;
  on<K extends NotifierEventName>(event: K, listener: NotifierListener<K>): () => void;
  off<K extends NotifierEventName>(event: K, listener: NotifierListener<K>): void;
  readonly store: DeliveryStore<Tx>;
  /**
   * The operator's surface over this notifier's store, clock and SSRF policy (endpoint
   * health, replay, statistics, retention). Reading it throws a `NotifierError`
   * (`not_supported`) when the store does not implement `DeliveryAdminStore`.
   */
  readonly admin: WebhookAdmin;
}

/**
 * Creates the delivery engine over a store. Enqueue from any process; run `start()` (or
 * `runOnce()`) in the processes that deliver.
 *
 * @example
 * const notifier = createNotifier({ store: new MemoryStore() });
 * await notifier.enqueue({
 *   endpoint: { url: 'https://hooks.example.com/x', secrets: 'whsec_...' },
 *   eventType: 'task.completed',
 *   payload: { task_id: 42 },
 * });
 * await notifier.start();
 */
export function createNotifier<Tx = never>(options: NotifierOptions<Tx>): Notifier<Tx> {
  const config = resolveOptions(options);
  const { store, clock, limits } = config;
  const emitter = createEmitter(config.logger);
  let ownTransport: HttpTransport | undefined;
  // Created on first use, so a process that only enqueues opens no connection pool.
  const transport: HttpTransport = options.transport ?? {
    send: (request) => {
      ownTransport ??= createUndiciTransport({ ssrf: config.ssrf });
      return ownTransport.send(request);
    },
  };
  const dispatcher = new Dispatcher({ config, transport, emitter });
  const loop = createWorkerLoop({
    dispatcher,
    store,
    pollIntervalMs: limits.pollIntervalMs,
  });
  const enqueue = createEnqueue(config);
  const send = createSend(config);
  const enqueueMany = createEnqueueMany(config);
  const sendMany = createSendMany(config);
  const retention =
    config.retention === false
      ? undefined
      : createRetentionLoop({
          store: store as unknown as Pick<DeliveryAdminStore, 'prune'>,
          clock,
          random: config.random,
          emitter,
          retention: config.retention,
        });
  let admin: WebhookAdmin | undefined;
  let stopping: Promise<StopSummary> | undefined;

  const ensureRunning = (action: string) => {
    if (stopping !== undefined) throw misuse(`${action}() was called after stop()`);
  };
  const wake = () => {
    dispatcher.hint();
    void dispatcher.pump();
  };

  const endpoints = createEndpointRegistry(config, wake);

  return {
    store,
    endpoints,
    enqueue: (request, enqueueOptions) => enqueue(request, enqueueOptions?.tx),
    send: (request, sendOptions) => send(request, sendOptions?.tx),
    enqueueMany: (requests, batchOptions) => enqueueMany(requests, batchOptions?.tx),
    sendMany: (requests, batchOptions) => sendMany(requests, batchOptions?.tx),
    async start() {
      ensureRunning('start');
      await loop.start();
      retention?.start();
    },
    stop(stopOptions = {}) {
      stopping ??= (async () => {
        // Both at once: no new attempt starts while the wake-up subscription is closing.
        const loopStopped = loop.stop();
        const dispatched = dispatcher.stop(stopOptions.timeoutMs ?? limits.timeoutMs + 5_000);
        await loopStopped;
        await retention?.stop();
        const summary = await dispatched;
        // Attempts still running were handed back (their leases expire): waiting for them to
        // end would hold the stop up to their own timeout, so their connections are cut.
        if (summary.abandoned > 0) await ownTransport?.destroy?.();
        else await ownTransport?.close?.();
        return summary;
      })();
      return stopping;
    },
    async runOnce() {
      ensureRunning('runOnce');
      return dispatcher.runOnce();
    },
    async redeliver(deliveryId) {
      const delivery = await redeliver({ store, clock }, deliveryId);
      wake();
      return delivery;
    },
    async enableEndpoint(endpointId) {
      const endpoint = await store.updateEndpoint(endpointId, {
        status: 'active',
        disabledReason: null,
        pausedUntil: null,
        consecutiveFailures: 0,
        failingSince: null,
        disabledCause: null,
        disabledAt: null,
      });
      if (endpoint === undefined) throw new NotifierError('not_found', `no endpoint ${endpointId}`);
      wake();
      return toInfo(endpoint);
    },
    get admin(): WebhookAdmin {
      admin ??= createAdmin({
        store: store as unknown as OperableStore,
        clock,
        ssrf: config.ssrf,
      });
      return admin;
    },
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
  };
}
