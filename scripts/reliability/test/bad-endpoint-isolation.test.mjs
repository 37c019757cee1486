import { getTestDatabase } from '@dramarelay/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../lib/database.mjs';
import { BAD, HEALTHY, runIsolation } from '../lib/isolation.mjs';

const PER_ENDPOINT = 40;
const PER_ENDPOINT_CAP = 4;
let database;
let run;

beforeAll(async () => {
  database = await getTestDatabase();
  await migrate(database.connectionString);
  // The bad endpoint's deliveries are due first and its attempts outlast the test: without
  // the per-endpoint cap they would take every slot and no healthy delivery would go out.
  run = await runIsolation({
    connectionString: database.connectionString,
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
  });
});
afterAll(() => database?.close());

it('delivers every message to the healthy endpoints while the bad one still hangs', () => {
  expect(run.healthyDelivered).toBe(HEALTHY * PER_ENDPOINT);
  expect(run.badAttempts).toBe(0);
  expect(run.badReceiver.open).toBe(PER_ENDPOINT_CAP);
});

it(`holds no more than its per-endpoint cap of ${BAD}'s requests open`, () => {
  expect(run.badReceiver.requests).toBe(PER_ENDPOINT_CAP);
});
