import { beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import { enqueueInput, settleIo } from './fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** Subscribe: wake-ups on enqueue. */
export function subscribeCases(suite: ConformanceSuite): void {
  describe('subscribe', () => {
    let store: DeliveryStore<never>;
    beforeEach(() => {
      store = suite.store();
    });

    it('wakes subscribers when a message is enqueued, and stops after unsubscribe', async () => {
      if (store.subscribe === undefined) throw new Error(`${suite.name} has no subscribe`);
      let leftWakes = 0;
      let stayingWake: () => void = () => {};
      const stayingWoken = new Promise<void>((resolve) => {
        stayingWake = resolve;
      });
      const unsubscribeLeaving = await store.subscribe(() => {
        leftWakes += 1;
      });
      const unsubscribeStaying = await store.subscribe(() => stayingWake());

      await unsubscribeLeaving();
      await store.enqueue(enqueueInput(1));
      await stayingWoken;
      await settleIo();

      expect(leftWakes).toBe(0);
      await unsubscribeStaying();
    });
  });
}
