import type { Clock } from '../engine/options.js';
import { NotifierError } from '../errors/notifier-error.js';
import type { SsrfPolicy } from '../ssrf/ssrf-policy.js';
import type { OperableStore } from '../store/admin-store.js';
import type { DeliveryRecord } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import { type Backlog, backlog } from './backlog.js';
import { type DeliveryStats, type DeliveryStatsOptions, deliveryStats } from './delivery-stats.js';
import { type DisableEndpointOptions, disableEndpoint } from './disable-endpoint.js';
import { enableEndpoint } from './enable-endpoint.js';
import type { EndpointHealth } from './endpoint-view.js';
import { type DeliveryPage, type ListDeliveriesQuery, listDeliveries } from './list-deliveries.js';
import {
  type EndpointPage,
  getEndpointHealth,
  type ListEndpointsOptions,
  listEndpoints,
} from './list-endpoints.js';
import { type PruneResult, prune, type RetentionPolicy } from './prune.js';
import { redeliver } from './redeliver.js';
import { type ReplayOptions, type ReplayResult, replay } from './replay.js';
import { type RotateSecretOptions, rotateSecret } from './rotate-secret.js';
import { type DeliveryDetail, getDeliveryDetail } from './show-delivery.js';
import { type EndpointChanges, updateEndpoint } from './update-endpoint.js';

export interface AdminOptions {
  /** `MemoryStore`, the Kysely store, or any store implementing `DeliveryAdminStore` too. */
  store: OperableStore;
  /** Default: the wall clock. */
  clock?: Clock;
  /**
   * The destination policy checked on URLs set by `updateEndpoint`: pass the notifier's.
   * Default `{}` (public addresses only), as the notifier's default.
   */
  ssrf?: SsrfPolicy | false;
}

/**
 * The operator's surface over a store: what a CLI, an application's API routes and a
 * dashboard call. Bad input throws a `NotifierError` with a `reason` (and a `field`); no
 * call writes anything before its input is checked.
 */
export interface WebhookAdmin {
  /** Endpoints with their health, in id order. */
  listEndpoints(options?: ListEndpointsOptions): Promise<EndpointPage>;
  getEndpoint(endpointId: string): Promise<EndpointHealth>;
  /** Change the URL, scheme or secrets; every delivery not yet delivered follows. */
  updateEndpoint(endpointId: string, changes: EndpointChanges): Promise<EndpointHealth>;
  /** New secrets, the current ones still signing beside them for `overlapMs`. */
  rotateSecret(endpointId: string, options: RotateSecretOptions): Promise<EndpointHealth>;
  disableEndpoint(endpointId: string, options: DisableEndpointOptions): Promise<EndpointHealth>;
  enableEndpoint(endpointId: string): Promise<EndpointHealth>;
  /** Deliveries across endpoints, newest first, keyset-paged. */
  listDeliveries(query?: ListDeliveriesQuery): Promise<DeliveryPage>;
  getDelivery(deliveryId: string): Promise<DeliveryDetail>;
  /** Refuses (`endpoint_disabled`) when nothing would be sent. */
  redeliver(deliveryId: string): Promise<DeliveryRecord>;
  /** Bulk replay by filter (`failed` by default), with a dry run. */
  replay(options?: ReplayOptions): Promise<ReplayResult>;
  stats(options: DeliveryStatsOptions): Promise<DeliveryStats>;
  /** One retention run. */
  prune(policy: RetentionPolicy): Promise<PruneResult>;
  /** Pending deliveries, the oldest one's age and the endpoints by state: cheap enough to scrape. */
  backlog(): Promise<Backlog>;
}

/**
 * The admin surface over a store, usable without a running notifier (a CLI, a web process
 * that does not deliver). A notifier's own is `notifier.admin`.
 *
 * @example
 * const admin = createAdmin({ store: createKyselyStore(db) });
 * const { endpoints } = await admin.listEndpoints();
 * await admin.enableEndpoint('task-42');
 * await admin.replay({ endpointId: 'task-42', since: new Date(Date.now() - 3_600_000) });
 */
export function createAdmin(options: AdminOptions): WebhookAdmin {
  const store = options?.store as Partial<OperableStore> | undefined;
  for (const method of ADMIN_METHODS) {
    if (typeof store?.[method] !== 'function') {
      throw new NotifierError(
        'not_supported',
        `the store has no ${method}(): it does not implement DeliveryAdminStore`,
      );
    }
  }
  const clock = options.clock ?? { now: () => Date.now() };
  const context: AdminContext = { store: options.store, clock, ssrf: options.ssrf ?? {} };
  return {
    listEndpoints: (list) => listEndpoints(context, list),
    getEndpoint: (id) => getEndpointHealth(context, id),
    updateEndpoint: (id, changes) => updateEndpoint(context, id, changes),
    rotateSecret: (id, rotation) => rotateSecret(context, id, rotation),
    disableEndpoint: (id, disable) => disableEndpoint(context, id, disable),
    enableEndpoint: (id) => enableEndpoint(context, id),
    listDeliveries: (query) => listDeliveries(context, query),
    getDelivery: (id) => getDeliveryDetail(context, id),
    redeliver: (id) => redeliver(context, id),
    replay: (replayOptions) => replay(context, replayOptions),
    stats: (window) => deliveryStats(context, window),
    prune: (policy) => prune(context, policy),
    backlog: () => backlog(context),
  };
}

/** The methods beyond `DeliveryStore` that the admin surface calls. */
const ADMIN_METHODS = [
  'getEndpoint',
  'updateEndpoint',
  'getDelivery',
  'getMessage',
  'listAttempts',
  'redeliver',
  'listEndpoints',
  'searchDeliveries',
  'countReplayable',
  'replayBatch',
  'deliveryStats',
  'prune',
  'backlog',
] as const;
