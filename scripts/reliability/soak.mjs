// Scenario 6, soak (command only): `node scripts/reliability/soak.mjs [--minutes 30]
// [--per-second 100] [--restart-every 3]`. Mixed load through the public `enqueue`, random
// receiver failures (5 % 500, 1 % reset, 1 % answer after the timeout), worker B restarted
// every few minutes (SIGTERM and kill -9 in turn). The 2xx rate and worker A's RSS must stay
// within 10 % from the first window (5 minutes, or a third of a shorter run) to the last,
// and after the drain no message may be lost.
import { migratedDatabase } from './lib/database.mjs';
import { check, mib, runScenario } from './lib/scenario-cli.mjs';
import { runSoak } from './lib/soak.mjs';

const flags = {
  minutes: (short) => (short ? 3 : 30),
  'per-second': () => 100,
  'restart-every': (short) => (short ? 1 : 3),
};

await runScenario(import.meta.url, flags, async ({ options, server, log }) => {
  const { minutes } = options;
  const database = await migratedDatabase(server, 'soak');
  let run;
  try {
    log(
      `${minutes} min at ${options['per-second']}/s, worker B restarted every ${options['restart-every']} min`,
    );
    run = await runSoak({
      connectionString: database.connectionString,
      minutes,
      perSecond: options['per-second'],
      restartEveryMinutes: options['restart-every'],
      log,
    });
  } finally {
    await database.drop();
  }
  const windowSeconds = Math.min(5, minutes / 3) * 60;
  const end = run.samples.at(-1).atSeconds;
  const first = window(run.samples, 0, windowSeconds);
  const last = window(run.samples, end - windowSeconds, end);
  const rateChange = last.perSecond / first.perSecond - 1;
  const rssChange = last.rssBytes / first.rssBytes - 1;
  const enqueuedPerSecond = run.sent.count / end;
  log(
    `enqueued ${run.sent.count} (${enqueuedPerSecond.toFixed(1)}/s of ${options['per-second']}/s asked; behind in ${run.sent.behind} ticks of 100 ms)`,
  );
  const percent = (value) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;
  return {
    figures: { ...run, enqueuedPerSecond, windowSeconds, first, last, rateChange, rssChange },
    checks: [
      check(
        'the 2xx rate stays within 10 % from the first window to the last',
        Math.abs(rateChange) <= 0.1,
        `${first.perSecond.toFixed(1)}/s -> ${last.perSecond.toFixed(1)}/s (${percent(rateChange)})`,
      ),
      check(
        "worker A's RSS stays within 10 % from the first window to the last",
        Math.abs(rssChange) <= 0.1,
        `${mib(first.rssBytes)} -> ${mib(last.rssBytes)} (${percent(rssChange)})`,
      ),
      check(
        'after the drain nothing is pending and no message is lost',
        run.drained.pendingLeft === 0 && run.lost === 0 && run.sent.errors === 0,
        `${run.messages} messages, ${run.lost} lost, ${run.drained.pendingLeft} pending, ${run.sent.errors} enqueue errors`,
      ),
      check(
        'repeats only under a known webhook-id',
        run.unknown === 0,
        `${run.duplicates} repeated 2xx answers, ${run.unknown} unknown ids; ${run.restarts.length} restarts`,
      ),
    ],
  };
});

/** 2xx answers per second and mean worker A RSS over the samples in [from, to]. */
function window(samples, from, to) {
  const inside = samples.filter((s) => s.atSeconds >= from && s.atSeconds <= to);
  const before = samples.filter((s) => s.atSeconds < from).at(-1) ?? { atSeconds: 0, answered: 0 };
  const lastSample = inside.at(-1);
  return {
    fromSeconds: from,
    toSeconds: to,
    perSecond: (lastSample.answered - before.answered) / (lastSample.atSeconds - before.atSeconds),
    rssBytes: inside.reduce((sum, s) => sum + s.rssBytes, 0) / inside.length,
  };
}
