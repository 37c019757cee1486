import { expect, it } from 'vitest';
import { BAD, HEALTHY, runIsolation } from '../lib/isolation.mjs';
import { runBeforeAll } from './scenario-run.mjs';

const PER_ENDPOINT = 40;
const PER_ENDPOINT_CAP = 4;
// The bad endpoint's deliveries are due first and its attempts outlast the test: without
// the per-endpoint cap they would take every slot and no healthy delivery would go out.
const scenario = runBeforeAll((connectionString) =>
  runIsolation({
    connectionString,
    perEndpoint: PER_ENDPOINT,
    withBad: true,
    badFirst: true,
    limits: {
      globalConcurrency: 16,
      perEndpointConcurrency: PER_ENDPOINT_CAP,
      timeoutMs: 300_000,
      leaseMs: 600_000,
    },
    giveUpMs: 90_000,
  }),
);

it('delivers every message to the healthy endpoints while the bad one still hangs', () => {
  expect(scenario.run.healthyDelivered).toBe(HEALTHY * PER_ENDPOINT);
  expect(scenario.run.badAttempts).toBe(0);
  expect(scenario.run.badReceiver.open).toBe(PER_ENDPOINT_CAP);
});

it(`holds no more than its per-endpoint cap of ${BAD}'s requests open`, () => {
  expect(scenario.run.badReceiver.requests).toBe(PER_ENDPOINT_CAP);
});
