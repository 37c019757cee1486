import type { Kysely, Transaction } from 'kysely';
import type { DeliveryAdminStore } from '../store/admin-store.js';
import type { DeliveryStore } from '../store/delivery-store.js';
import type { RoutingStore } from '../store/routing-store.js';
import { listAttempts } from './attempts.repository.js';
import { backlog } from './backlog.repository.js';
import { claimDue } from './claim-due.js';
import { createCommitWake, type WakeMode } from './commit-wake.js';
import {
  countPending,
  getDelivery,
  listDeliveries,
  redeliver,
  releaseDeliveries,
  visibleDeliveries,
} from './deliveries.repository.js';
import { searchDeliveries } from './delivery-log.repository.js';
import { deliveryStats } from './delivery-stats.repository.js';
import { listEndpointsWithBacklog } from './endpoint-health.repository.js';
import {
  createEndpointRecord,
  deleteEndpointRecord,
  listEndpointRecords,
  updateEndpointRecord,
} from './endpoint-records.repository.js';
import { getEndpoint, updateEndpoint } from './endpoints.repository.js';
import { notify, notifyUnflushed } from './enqueue.js';
import { enqueueMany } from './enqueue-many.js';
import { createInlineEnqueue } from './inline-enqueue.js';
import { createKnownEndpoints } from './known-endpoints.js';
import { getMessage } from './messages.repository.js';
import { createPgListener, type ListenOptions } from './pg-listener.js';
import { pruneFinished } from './prune.repository.js';
import { countReplayable, replayBatch } from './replay.repository.js';
import { sendToSubscribers } from './send.js';
import { sendMany } from './send-many.js';
import { settleOutcomes } from './settle.js';
import { withStoreErrors } from './store-unavailable.js';
import { type WebhookDatabase, webhookTables } from './webhook-database.js';

export const DEFAULT_NOTIFY_CHANNEL = 'dramarelay_webhook';

export interface KyselyStoreOptions {
  /** The schema the tables were migrated into. Default: the connection's `search_path`. */
  schema?: string;
  /** The LISTEN/NOTIFY channel. Default `dramarelay_webhook`. */
  notifyChannel?: string;
  /**
   * How `enqueue` and `send` wake listening workers (see {@link WakeMode}). Default
   * `'after-commit'`: a coalesced `NOTIFY` from the store's pool once the write is committed,
   * so producers' commits are not serialised by PostgreSQL's notification lock.
   */
  wake?: WakeMode;
  /**
   * Where to LISTEN for new messages. Without it the store has no `subscribe` and workers
   * find new work by polling only.
   *
   * @example { connectionString: process.env.DATABASE_URL }
   * @example { connect: async () => { const c = new pg.Client(config); await c.connect(); return c; } }
   */
  listen?: ListenOptions;
}

// biome-ignore lint/suspicious/noExplicitAny: the caller's own database type, whatever it is
type AnyTransaction = Transaction<any>;

/**
 * A `DeliveryStore` on PostgreSQL whose `enqueue` joins the caller's Kysely transaction,
 * with the operator's half (`DeliveryAdminStore`) for `createAdmin`.
 */
export type KyselyStore = DeliveryStore<AnyTransaction> &
  DeliveryAdminStore &
  RoutingStore<AnyTransaction>;

/**
 * A durable `DeliveryStore` on PostgreSQL through Kysely. Run `migrateWebhookTables(db)` (or
 * the `webhookMigrations` provider) first. Plugins of `db` (such as `CamelCasePlugin`) are
 * ignored by the store, which reads and writes its own tables only. While the database is
 * unreachable every call rejects with `NotifierError('store_unavailable')`, the driver's
 * error as its `cause`; any other error (a constraint, a bug) comes through unchanged.
 *
 * @example
 * const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
 * await migrateWebhookTables(db);
 * const store = createKyselyStore(db, { listen: { connectionString } });
 * await db.transaction().execute(async (tx) => {
 *   await tx.insertInto('orders').values(order).execute();
 *   await notifier.enqueue({ ... }, tx); // committed, or rolled back, with the order
 * });
 */
export function createKyselyStore(
  // biome-ignore lint/suspicious/noExplicitAny: any application database
  db: Kysely<any>,
  options: KyselyStoreOptions = {},
): KyselyStore {
  const { schema } = options;
  const channel = options.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL;
  // biome-ignore lint/suspicious/noExplicitAny: narrowed to the notifier's own tables
  const scoped = (executor: Kysely<any>): Kysely<WebhookDatabase> => {
    const plain = executor.withoutPlugins() as Kysely<WebhookDatabase>;
    return schema === undefined ? plain : plain.withSchema(schema);
  };
  const own = scoped(db);
  const t = webhookTables(schema);

  const within = (tx: AnyTransaction | undefined) => (tx === undefined ? own : scoped(tx));
  const wake = createCommitWake(
    { notify: () => notifyUnflushed(own, channel), visible: (ids) => visibleDeliveries(own, ids) },
    channel,
    options.wake ?? 'after-commit',
  );
  const atCommit = wake.inStatementChannel;
  const knownEndpoints = createKnownEndpoints();
  const { enqueueOwn, enqueueIn } = createInlineEnqueue({ own, t, atCommit, knownEndpoints });

  /**
   * Wake workers for deliveries just written: committed already without `tx`; with it, once
   * the caller's transaction has committed (one of them is enough to watch: they commit
   * together).
   */
  function wakeFor(deliveryIds: readonly string[], tx: AnyTransaction | undefined) {
    const first = deliveryIds[0];
    if (first === undefined) return;
    if (tx === undefined) wake.committed();
    else wake.afterCommitOf(first);
  }

  const store: KyselyStore = {
    async enqueue(input, tx) {
      const written =
        tx === undefined ? await enqueueOwn(input) : await enqueueIn(scoped(tx), input);
      wakeFor(written.created ? [written.delivery.id] : [], tx);
      return written;
    },
    async send(input, tx) {
      const sent = await sendToSubscribers(within(tx), t, atCommit, input);
      wakeFor(sent.created ? sent.deliveries.map((delivery) => delivery.id) : [], tx);
      return sent;
    },
    async enqueueMany(inputs, tx) {
      if (inputs.length === 0) return [];
      const written =
        tx === undefined
          ? await own.transaction().execute((trx) => enqueueMany(trx, own, t, atCommit, inputs))
          : await enqueueMany(scoped(tx), own, t, atCommit, inputs);
      wakeFor(
        written.filter((entry) => entry.created).map((entry) => entry.deliveryId),
        tx,
      );
      return written;
    },
    async sendMany(inputs, tx) {
      if (inputs.length === 0) return [];
      const sent =
        tx === undefined
          ? await own.transaction().execute((trx) => sendMany(trx, t, atCommit, inputs))
          : await sendMany(scoped(tx), t, atCommit, inputs);
      wakeFor(
        sent.flatMap((entry) => (entry.created ? entry.deliveries.map((d) => d.id) : [])),
        tx,
      );
      return sent;
    },
    async createEndpoint(endpoint, now, tx) {
      knownEndpoints.forgetAll();
      const created = await createEndpointRecord(within(tx), t, endpoint, now);
      if ('id' in created && created.status === 'active') await notify(within(tx), channel);
      return created;
    },
    async updateEndpointRecord(id, patch, tx) {
      knownEndpoints.forgetAll();
      const updated = await updateEndpointRecord(within(tx), t, id, patch);
      if (patch.status === 'active' && updated !== undefined && 'id' in updated) {
        await notify(within(tx), channel);
      }
      return updated;
    },
    deleteEndpoint: (id, now, tx) => deleteEndpointRecord(within(tx), t, id, now),
    listEndpointRecords: (list) => listEndpointRecords(own, list),
    claimDue: (claim) => claimDue(own, t, claim),
    settle: (outcomes) => settleOutcomes(own, t, outcomes),
    release: (deliveryIds, workerId) => releaseDeliveries(own, deliveryIds, workerId),
    async redeliver(deliveryId, now) {
      const delivery = await redeliver(own, t, deliveryId, now);
      if (delivery !== undefined) await notify(own, channel);
      return delivery;
    },
    getEndpoint: (id) => getEndpoint(own, id),
    async updateEndpoint(id, patch) {
      knownEndpoints.forgetAll();
      const endpoint = await updateEndpoint(own, id, patch);
      const reopened = patch.status !== undefined || patch.pausedUntil !== undefined;
      if (reopened && endpoint?.status === 'active' && endpoint.pausedUntil === null) {
        await notify(own, channel);
      }
      return endpoint;
    },
    getMessage: (id) => getMessage(own, id),
    getDelivery: (id) => getDelivery(own, id),
    listDeliveries: (list) => listDeliveries(own, list),
    listAttempts: (deliveryId) => listAttempts(own, deliveryId),
    countPending: () => countPending(own),
    listEndpoints: (list) => listEndpointsWithBacklog(own, list),
    searchDeliveries: (search) => searchDeliveries(own, t, search),
    countReplayable: (filter) => countReplayable(own, t, filter),
    async replayBatch(filter, batch) {
      const replayed = await replayBatch(own, t, filter, batch);
      if (replayed.replayed > 0) await notify(own, channel);
      return replayed;
    },
    deliveryStats: (window) => deliveryStats(own, t, window),
    backlog: (now) => backlog(own, t, now),
    prune: (prune) => pruneFinished(own, t, `prune:${schema ?? ''}`, prune),
  };
  if (options.listen !== undefined) {
    const listener = createPgListener(channel, options.listen);
    store.subscribe = (onWake) => listener.subscribe(onWake);
  }
  return withStoreErrors(store);
}
