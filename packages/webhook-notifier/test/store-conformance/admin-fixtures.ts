import type { DeliveryAdminStore } from '../../src/store/admin-store.js';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import type { RoutingStore } from '../../src/store/routing-store.js';
import { at, claimHelpers, delivered, enqueueInput, failed } from './fixtures.js';

export type OperableTestStore = DeliveryStore<never> & DeliveryAdminStore & RoutingStore;

/**
 * A small history: deliveries 1-6 to `ep_a` (odd) and `ep_b` (even), created at 1..6 s;
 * 1 and 2 delivered, 3 and 4 failed, 5 and 6 pending. Attempt durations 42 ms.
 */
export async function seedHistory(store: OperableTestStore): Promise<void> {
  const { claim } = claimHelpers(() => store);
  for (let n = 1; n <= 6; n++) {
    await store.enqueue(
      enqueueInput(n, { now: at(n * 1000), endpointId: n % 2 ? 'ep_a' : 'ep_b' }),
    );
  }
  await claim('worker-a', at(10_000), 4);
  await store.settle([
    delivered('dlv_0001', 'worker-a', 1, at(10_000)),
    delivered('dlv_0002', 'worker-a', 1, at(10_000)),
    failed('dlv_0003', 'worker-a', 1, at(10_000)),
    failed('dlv_0004', 'worker-a', 1, at(11_000)),
  ]);
}
