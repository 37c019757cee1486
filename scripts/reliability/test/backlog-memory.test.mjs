import { getTestDatabase } from '@dramarelay/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HANGING, runBacklog } from '../lib/backlog.mjs';
import { migrate } from '../lib/database.mjs';

const MIB = 2 ** 20;
let database;
let run;

beforeAll(async () => {
  database = await getTestDatabase();
  await migrate(database.connectionString);
  // 100,000 pending, the hanging endpoint's due first; its attempts outlast the run.
  run = await runBacklog({
    connectionString: database.connectionString,
    total: 100_000,
    seconds: 90,
    stopAfterDelivered: 5_000,
    hangingFirst: true,
    limits: { timeoutMs: 300_000, leaseMs: 600_000 },
  });
});
afterAll(() => database?.close());

it(`keeps delivering to the others from a backlog of 100,000 while ${HANGING}'s attempts hang`, () => {
  expect(run.samples.at(-1).delivered).toBeGreaterThanOrEqual(5_000);
  expect(run.hangingOpen).toBe(16);
  expect(run.hangingTimeouts).toBe(0);
});

it("keeps the worker's peak RSS under 200 MiB", () => {
  expect(run.peakRssBytes).toBeLessThan(200 * MIB);
});
