// Scenario 3, receivers that misbehave: `node scripts/reliability/misbehaving-receivers.mjs`
// (or `npm run reliability -- --only misbehaving-receivers`). Each case must end in its
// documented outcome within the attempt timeout, and the worker's memory must stay bounded:
// the 1 GiB and the endless body are read no further than the excerpt.
import { migratedDatabase } from './lib/database.mjs';
import { EXCERPT_BYTES, runMisbehavingReceivers } from './lib/misbehaving-receivers.mjs';
import { check, mib, runScenario } from './lib/scenario-cli.mjs';

const MIB = 2 ** 20;

await runScenario(
  import.meta.url,
  { 'timeout-ms': () => 2000 },
  async ({ options, server, log }) => {
    const timeoutMs = options['timeout-ms'];
    const database = await migratedDatabase(server, 'misbehaving');
    let run;
    try {
      log(`8 receivers, one message each, attempt timeout ${timeoutMs} ms`);
      run = await runMisbehavingReceivers({
        connectionString: database.connectionString,
        timeoutMs,
        giveUpMs: timeoutMs * 5 + 30_000,
      });
    } finally {
      await database.drop();
    }
    const checks = [];
    for (const row of run.cases) {
      log(
        `${row.name}: ${row.errorClass ?? (row.statusCode ? `HTTP ${row.statusCode}` : 'no attempt')}` +
          ` in ${row.durationMs} ms${row.error ? ` (${row.error})` : ''}`,
      );
      const shown = (value) => (value === null ? 'delivered' : String(value));
      checks.push(
        check(
          `${row.name} (${row.does}) gives ${shown(row.expected)}`,
          row.errorClass === row.expected,
          `got ${row.errorClass === undefined ? 'no attempt' : shown(row.errorClass)}`,
        ),
        check(
          `${row.name} ends within the timeout`,
          row.durationMs !== null && row.durationMs <= timeoutMs + 1000,
          `${row.durationMs} ms for a ${timeoutMs} ms timeout`,
        ),
      );
      if (row.excerptExpected) {
        checks.push(
          check(
            `${row.name}: only the excerpt is read`,
            row.excerptBytes === EXCERPT_BYTES && row.receiverSentBytes < 64 * MIB,
            `excerpt ${row.excerptBytes} B; the receiver got ${mib(row.receiverSentBytes)} out before the worker closed`,
          ),
        );
      }
    }
    checks.push(
      check('the redirect is not followed', run.redirectTargetConnections === 0),
      check(
        "the worker's heap after a collection grows by less than 8 MiB",
        run.after.heapUsed - run.before.heapUsed < 8 * MIB,
        `${mib(run.before.heapUsed)} -> ${mib(run.after.heapUsed)}`,
      ),
      check(
        "the worker's peak RSS rises by less than 64 MiB",
        run.after.hwmBytes - run.before.hwmBytes < 64 * MIB,
        `peak ${mib(run.before.hwmBytes)} -> ${mib(run.after.hwmBytes)}, RSS ${mib(run.before.rssBytes)} -> ${mib(run.after.rssBytes)}`,
      ),
    );
    return { figures: run, checks };
  },
);
