import { checkId } from '../admin/admin-input.js';
import type { EndpointInfo } from '../engine/create-notifier.js';
import type { EngineConfig } from '../engine/options.js';
import { createSecretCheck } from '../engine/secret-check.js';
import { NotifierError } from '../errors/notifier-error.js';
import type { EndpointRecord } from '../store/delivery-store.js';
import { type EndpointConflict, isConflict } from '../store/routing-store.js';
import {
  checkTenant,
  type EndpointDefinition,
  normaliseChanges,
  normaliseDefinition,
} from './endpoint-definition.js';
import { checkEventType } from './event-type-pattern.js';
import { routingStore } from './routing-support.js';

export interface ListEndpointRecordsOptions {
  /** Only this tenant's endpoints (`null`: those without a tenant). Default: every tenant. */
  tenant?: string | null;
  /** Only endpoints a `send` of this event type reaches (enabled or not). */
  eventType?: string;
  /** Page size, 1 to 1000. Default 100. */
  limit?: number;
  /** `next` of the previous page. */
  after?: string;
}

export interface EndpointRecordPage {
  endpoints: EndpointInfo[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

/** `notifier.endpoints`: registered endpoints that `send` fans out to. */
export interface EndpointRegistry<Tx = never> {
  /**
   * Stores an endpoint (inside `tx` when given). Bad input throws `NotifierError` with a
   * `field`; an id or a route (tenant, URL and event types) already taken throws
   * `duplicate_endpoint`. An id an inline `enqueue` used before is taken over, deliveries and
   * all.
   */
  create(definition: EndpointDefinition, options?: { tx?: Tx }): Promise<EndpointInfo>;
  /** Changes some fields; `not_found` for an unknown (or deleted) endpoint. */
  update(
    id: string,
    changes: Partial<EndpointDefinition>,
    options?: { tx?: Tx },
  ): Promise<EndpointInfo>;
  /** Deletes it and cancels its pending deliveries; `false` if there was none. */
  delete(id: string, options?: { tx?: Tx }): Promise<boolean>;
  get(id: string): Promise<EndpointInfo | undefined>;
  /** In id order, a page at a time. */
  list(options?: ListEndpointRecordsOptions): Promise<EndpointRecordPage>;
}

/**
 * Builds `notifier.endpoints` over the engine's store, which must implement `RoutingStore`
 * (both stores of this package do; otherwise every call throws `not_supported`).
 *
 * @example
 * const endpoints = createEndpointRegistry(config, wake);
 * await endpoints.create({ tenant: 'acme', url, secrets, eventTypes: ['task.*'] });
 */
export function createEndpointRegistry<Tx>(
  config: EngineConfig<Tx>,
  wake: () => void,
): EndpointRegistry<Tx> {
  const checkSecrets = createSecretCheck();
  const rules = { ssrf: config.ssrf, leaseMs: config.limits.leaseMs };
  const now = () => new Date(config.clock.now());
  const load = async (id: string) => {
    const record = await config.store.getEndpoint(id);
    return record !== undefined && isLive(record) ? record : undefined;
  };
  return {
    async create(definition, options = {}) {
      const store = routingStore(config.store);
      const endpoint = normaliseDefinition(
        definition,
        rules,
        `ep_${config.nextId('msg').replace(/^msg_/, '')}`,
      );
      await checkSecrets(endpoint.scheme, endpoint.secrets, 'secrets');
      const created = await store.createEndpoint(endpoint, now(), options.tx);
      if (isConflict(created)) throw duplicate(created.conflict, endpoint.id);
      if (endpoint.status === 'active') wake();
      return toInfo(created);
    },
    async update(id, changes, options = {}) {
      const store = routingStore(config.store);
      const current = await load(checkId(id, 'id'));
      if (current === undefined) throw new NotifierError('not_found', `no endpoint ${id}`);
      const patch = normaliseChanges(current, changes, rules);
      if (patch.secrets !== undefined || patch.scheme !== undefined) {
        await checkSecrets(
          patch.scheme ?? current.scheme,
          patch.secrets ?? current.secrets,
          'secrets',
        );
      }
      if (patch.status === 'disabled') patch.disabledAt = now();
      const updated = await store.updateEndpointRecord(id, patch, options.tx);
      if (updated === undefined) throw new NotifierError('not_found', `no endpoint ${id}`);
      if (isConflict(updated)) throw duplicate(updated.conflict, id);
      if (patch.status === 'active') wake();
      return toInfo(updated);
    },
    async delete(id, options = {}) {
      const store = routingStore(config.store);
      return store.deleteEndpoint(checkId(id, 'id'), now(), options.tx);
    },
    async get(id) {
      const record = await load(checkId(id, 'id'));
      return record && toInfo(record);
    },
    async list(options = {}) {
      const store = routingStore(config.store);
      const limit = checkLimit(options.limit);
      const eventType =
        options.eventType === undefined
          ? undefined
          : checkEventType(options.eventType, 'eventType');
      const records = await store.listEndpointRecords({
        limit: limit + 1,
        ...(options.tenant !== undefined && {
          tenant: checkTenant(options.tenant, 'tenant', 'invalid_argument') ?? null,
        }),
        ...(eventType !== undefined && { eventType }),
        ...(options.after !== undefined && { after: checkId(options.after, 'after') }),
      });
      const page = records.slice(0, limit).map(toInfo);
      const last = page.at(-1);
      return {
        endpoints: page,
        ...(records.length > limit && last !== undefined && { next: last.id }),
      };
    },
  };
}

/** A registered endpoint that was not deleted. */
export function isLive(record: EndpointRecord): boolean {
  return record.registered === true && (record.deletedAt ?? null) === null;
}

/** Everything but the secrets. */
export function toInfo(record: EndpointRecord): EndpointInfo {
  const { secrets: _secrets, previousSecrets: _previous, ...info } = record;
  return info;
}

function duplicate(conflict: EndpointConflict, id: string): NotifierError {
  return conflict === 'id'
    ? new NotifierError('duplicate_endpoint', `an endpoint ${id} exists already`, { field: 'id' })
    : new NotifierError(
        'duplicate_endpoint',
        'this tenant has an endpoint with this URL and these event types already',
        { field: 'url' },
      );
}

function checkLimit(value: unknown): number {
  if (value === undefined) return 100;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 1000) {
    throw new NotifierError('invalid_argument', 'limit must be an integer from 1 to 1000', {
      field: 'limit',
    });
  }
  return value as number;
}
