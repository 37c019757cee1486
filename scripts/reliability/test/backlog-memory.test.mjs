import { expect, it } from 'vitest';
import { HANGING, runBacklog } from '../lib/backlog.mjs';
import { runBeforeAll } from './scenario-run.mjs';

const MIB = 2 ** 20;
// 100,000 pending, the hanging endpoint's due first; its attempts outlast the scenario.run.
const scenario = runBeforeAll((connectionString) =>
  runBacklog({
    connectionString,
    total: 100_000,
    seconds: 90,
    stopAfterDelivered: 5_000,
    hangingFirst: true,
    limits: { timeoutMs: 300_000, leaseMs: 600_000 },
  }),
);

it(`keeps delivering to the others from a backlog of 100,000 while ${HANGING}'s attempts hang`, () => {
  expect(scenario.run.samples.at(-1).delivered).toBeGreaterThanOrEqual(5_000);
  expect(scenario.run.hangingOpen).toBe(16);
  expect(scenario.run.hangingTimeouts).toBe(0);
});

it("keeps the worker's peak RSS under 200 MiB", () => {
  expect(scenario.run.peakRssBytes).toBeLessThan(200 * MIB);
});
