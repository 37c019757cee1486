import { afterEach, beforeEach, describe } from 'vitest';
import type { OperableTestStore } from './admin-fixtures.js';
import { adminStoreCases } from './admin-store-cases.js';
import { batchCases } from './batch-cases.js';
import { claimCases } from './claim-cases.js';
import { enqueueCases } from './enqueue-cases.js';
import { listingCases } from './listing-cases.js';
import { orderingCases } from './ordering-cases.js';
import { rateLimitCases } from './rate-limit-cases.js';
import { releaseRedeliverCases } from './release-redeliver-cases.js';
import { routingCases } from './routing-cases.js';
import { settleCases } from './settle-cases.js';
import { statsPruneCases } from './stats-prune-cases.js';
import { subscribeCases } from './subscribe-cases.js';

/** A store under test, fresh and empty, and how to dispose of it after the test. */
export interface StoreHarness {
  store: OperableTestStore;
  close?(): Promise<void>;
}

/** What each group of cases gets: the suite's name and the current test's store. */
export interface ConformanceSuite {
  name: string;
  store(): OperableTestStore;
}

/**
 * The behaviour every `DeliveryStore` shares, run against each implementation so the
 * in-memory store and the PostgreSQL store cannot drift apart. `makeStore` is called before
 * every test and must return an empty store.
 *
 * @example
 * describeStoreConformance('MemoryStore', () => ({ store: new MemoryStore() }));
 */
export function describeStoreConformance(
  name: string,
  makeStore: () => Promise<StoreHarness> | StoreHarness,
): void {
  describe(`${name} (DeliveryStore conformance)`, () => {
    let harness: StoreHarness | undefined;
    beforeEach(async () => {
      harness = await makeStore();
    });
    afterEach(async () => {
      await harness?.close?.();
      harness = undefined;
    });
    const suite: ConformanceSuite = {
      name,
      store() {
        if (harness === undefined) throw new Error('no store outside a test');
        return harness.store;
      },
    };

    enqueueCases(suite);
    claimCases(suite);
    orderingCases(suite);
    rateLimitCases(suite);
    settleCases(suite);
    releaseRedeliverCases(suite);
    listingCases(suite);
    subscribeCases(suite);
    adminStoreCases(suite);
    statsPruneCases(suite);
    routingCases(suite);
    batchCases(suite);
  });
}
