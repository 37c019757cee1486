// Scenario 5, backlog and memory: `node scripts/reliability/backlog-memory.mjs
// [--pending 1000000] [--seconds 90]`. A million pending deliveries bulk-loaded over ten
// endpoints, one of which never answers; one worker process with the default limits. Its
// peak RSS (VmHWM) must stay under 200 MiB and every 5 s window must deliver to the others.
import { deliveriesPerWindow, runBacklog } from './lib/backlog.mjs';
import { migratedDatabase } from './lib/database.mjs';
import { check, mib, runScenario } from './lib/scenario-cli.mjs';

const flags = {
  pending: (short) => (short ? 100_000 : 1_000_000),
  seconds: (short) => (short ? 30 : 90),
};
const WINDOW_SECONDS = 5;

await runScenario(import.meta.url, flags, async ({ options, server, log }) => {
  const database = await migratedDatabase(server, 'backlog');
  let run;
  try {
    run = await runBacklog({
      connectionString: database.connectionString,
      total: options.pending,
      seconds: options.seconds,
      log,
    });
  } finally {
    await database.drop();
  }
  const windows = deliveriesPerWindow(run.samples, WINDOW_SECONDS);
  const last = run.samples.at(-1);
  const figures = {
    ...run,
    delivered: last.delivered,
    perSecond: last.delivered / last.atSeconds,
    windows,
  };
  return {
    figures,
    checks: [
      check(
        "the worker's peak RSS stays under 200 MiB",
        run.peakRssBytes < 200 * 2 ** 20,
        `VmHWM ${mib(run.peakRssBytes)} with ${run.load.count} pending`,
      ),
      check(
        `claims keep flowing: every ${WINDOW_SECONDS} s window delivers to the healthy endpoints`,
        windows.length > 0 && Math.min(...windows) > 0,
        `${last.delivered} delivered in ${last.atSeconds.toFixed(0)} s (${Math.round(figures.perSecond)}/s), fewest in a window ${Math.min(...windows)}`,
      ),
      check(
        'the hanging endpoint was among them (its attempts hang, then time out)',
        run.hangingRequests > 0,
        `${run.hangingRequests} requests, ${run.hangingTimeouts} timeouts recorded`,
      ),
    ],
  };
});
