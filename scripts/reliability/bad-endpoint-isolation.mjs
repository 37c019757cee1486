// Scenario 4, one bad endpoint does not starve the others:
// `node scripts/reliability/bad-endpoint-isolation.mjs [--per-endpoint 10000]`.
// Two runs of one worker process with the default limits over a bulk-loaded backlog: nine
// healthy endpoints alone, then the same nine beside one that never answers. The healthy
// endpoints' rate in the second run must be at least 80 % of the first.
import { migratedDatabase } from './lib/database.mjs';
import { BAD, HEALTHY, runIsolation } from './lib/isolation.mjs';
import { check, runScenario } from './lib/scenario-cli.mjs';

const flags = {
  'per-endpoint': (short) => (short ? 1000 : 10_000),
  rounds: (short) => (short ? 1 : 2),
};

await runScenario(import.meta.url, flags, async ({ options, server, log }) => {
  const perEndpoint = options['per-endpoint'];
  const runs = { healthyOnly: [], withBad: [] };
  // Rounds alternate the order (alone first, then beside it first), so that background load
  // on a shared machine weighs on both alike.
  for (let round = 1; round <= options.rounds; round++) {
    const order = round % 2 === 1 ? [false, true] : [true, false];
    for (const withBad of order) {
      const label = withBad ? 'withBad' : 'healthyOnly';
      const database = await migratedDatabase(server, `isolation${withBad ? 'bad' : 'ok'}`);
      try {
        log(
          `round ${round}, ${label}: ${HEALTHY} healthy endpoints${withBad ? ` and ${BAD}` : ''}, ${perEndpoint} each`,
        );
        const run = await runIsolation({
          connectionString: database.connectionString,
          perEndpoint,
          withBad,
          giveUpMs: 15 * 60_000,
        });
        runs[label].push(run);
        log(
          `round ${round}, ${label}: ${run.healthyDelivered} healthy delivered at ${Math.round(run.healthyPerSecond)}/s,` +
            ` latency p50 ${run.latencyP50Seconds?.toFixed(1)} s, p99 ${run.latencyP99Seconds?.toFixed(1)} s` +
            (withBad ? `; ${BAD}: ${run.badAttempts} attempts, paused ${run.badPausedOnce}` : ''),
        );
      } finally {
        await database.drop();
      }
    }
  }
  const rate = (list) => median(list.map((run) => run.healthyPerSecond));
  const healthyOnly = { perSecond: rate(runs.healthyOnly) };
  const withBad = { perSecond: rate(runs.withBad) };
  const ratio = withBad.perSecond / healthyOnly.perSecond;
  const all = [...runs.healthyOnly, ...runs.withBad];
  const complete = all.every((run) => run.healthyDelivered === run.healthyTotal);
  const badTried = runs.withBad.every((run) => run.badAttempts > 0 || run.badLeased > 0);
  return {
    figures: { perEndpoint, runs, healthyOnly, withBad, ratio },
    checks: [
      check(
        'every healthy delivery is delivered, in every run',
        complete,
        all.map((run) => `${run.healthyDelivered}/${run.healthyTotal}`).join(', '),
      ),
      check(
        "the healthy endpoints' rate beside the bad one is at least 80 % of their rate alone",
        ratio >= 0.8,
        `median ${Math.round(withBad.perSecond)}/s vs ${Math.round(healthyOnly.perSecond)}/s = ${(ratio * 100).toFixed(0)} %`,
      ),
      check(
        'the bad endpoint was tried in every run beside it (its attempts time out)',
        badTried,
        runs.withBad
          .map((run) => `${run.badAttempts} attempts, ${run.badLeased} leased`)
          .join('; '),
      ),
    ],
  };
});

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
