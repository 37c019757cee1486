import { NotifierError } from '../errors/notifier-error.js';
import type { DeliveryStore } from '../store/delivery-store.js';
import type { RoutingStore } from '../store/routing-store.js';

const ROUTING_METHODS = [
  'createEndpoint',
  'updateEndpointRecord',
  'deleteEndpoint',
  'listEndpointRecords',
  'send',
] as const;

/**
 * The engine's store as a `RoutingStore`, or `NotifierError('not_supported')` for a store of
 * your own that does not implement endpoint records and `send`.
 *
 * @example
 * await routingStore(config.store).send(input, tx);
 */
export function routingStore<Tx>(store: DeliveryStore<Tx>): RoutingStore<Tx> {
  const candidate = store as Partial<RoutingStore<Tx>>;
  for (const method of ROUTING_METHODS) {
    if (typeof candidate[method] !== 'function') {
      throw new NotifierError(
        'not_supported',
        `the store has no ${method}(): it does not implement RoutingStore`,
      );
    }
  }
  return candidate as RoutingStore<Tx>;
}
