// Scenario 6: minutes of mixed load through the public `enqueue`, receivers that fail at
// random, two worker processes of which one is restarted (alternately SIGTERM and kill -9)
// every few minutes; then the receivers heal, the backlog drains, and every message is
// looked for at the receivers.
import { query } from './database.mjs';
import { createEnqueuer } from './enqueue.mjs';
import { startReceivers } from './receivers.mjs';
import { sleep } from './scenario-cli.mjs';
import { startWorker } from './workers.mjs';

const FLAKY = { status500: 0.05, reset: 0.01, hang: 0.01 };
const WORKER = {
  limits: { timeoutMs: 2000, leaseMs: 10_000 },
  retry: {
    schedule: [500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 30_000, 30_000],
    jitter: 'full',
  },
};
const EVENT_TYPES = ['order.paid', 'task.completed', 'invoice.sent'];
const MAX_IN_FLIGHT = 64;

/**
 * Runs the soak for `minutes` at `perSecond` messages over four flaky endpoints, restarting
 * worker B every `restartEveryMinutes`. Resolves with 5 s samples (2xx answers so far, worker
 * A's RSS), the restarts, and the final accounting (lost, duplicates, unknown ids).
 */
export async function runSoak({
  connectionString,
  minutes,
  perSecond,
  restartEveryMinutes,
  drainMinutes = 10,
  log = () => {},
}) {
  const ports = Array.from({ length: 4 }, (_, i) => ({
    name: `flaky-${i}`,
    mode: 'flaky',
    failures: FLAKY,
  }));
  const receivers = await startReceivers(ports, { hangMs: 3000 });
  const endpoints = ports.map(({ name }) => ({ id: name, url: receivers.urls[name] }));
  const enqueuer = createEnqueuer(connectionString, 4);
  const workers = {};
  const restarts = [];
  try {
    workers.a = await startWorker({ connectionString, workerId: 'soak-a', ...WORKER });
    workers.b = await startWorker({ connectionString, workerId: 'soak-b-0', ...WORKER });
    const started = Date.now();
    const endAt = started + minutes * 60_000;
    const sent = { count: 0, errors: 0, behind: 0 };
    const load = paceEnqueues({ enqueuer, endpoints, perSecond, endAt, sent });
    const samples = [];
    let nextRestart = started + restartEveryMinutes * 60_000;
    while (Date.now() < endAt) {
      await sleep(5000);
      const stats = await receivers.stats();
      const answered = Object.values(stats).reduce((sum, port) => sum + port.ok, 0);
      const atSeconds = (Date.now() - started) / 1000;
      samples.push({ atSeconds, sent: sent.count, answered, ...workers.a.status() });
      if (samples.length % 12 === 0) {
        log(
          `${(atSeconds / 60).toFixed(1)} min: ${sent.count} enqueued, ${answered} answered 2xx, worker A RSS ${(samples.at(-1).rssBytes / 2 ** 20).toFixed(0)} MiB`,
        );
      }
      if (Date.now() >= nextRestart && Date.now() < endAt - 30_000) {
        const how = restarts.length % 2 === 0 ? 'SIGTERM' : 'SIGKILL';
        const stopped = how === 'SIGTERM' ? await workers.b.stop() : await workers.b.kill();
        restarts.push({ atSeconds, how, exit: stopped.code ?? stopped.signal });
        log(`worker B restarted (${how}, exit ${stopped.code ?? stopped.signal})`);
        workers.b = await startWorker({
          connectionString,
          workerId: `soak-b-${restarts.length}`,
          ...WORKER,
        });
        nextRestart += restartEveryMinutes * 60_000;
      }
    }
    await load;
    log(`load done: ${sent.count} enqueued; receivers heal, the backlog drains`);
    await receivers.heal();
    const drained = await drain(connectionString, drainMinutes * 60_000);
    const accounting = await account(connectionString, await receivers.ids());
    return { samples, restarts, sent, drained, ...accounting };
  } finally {
    for (const worker of Object.values(workers)) await worker.stop();
    await enqueuer.close();
    await receivers.stop();
  }
}

/**
 * `perSecond` enqueues, spread over 100 ms ticks, until `endAt`; mixed types and sizes. At
 * most `MAX_IN_FLIGHT` at once: an application that cannot keep the pace falls behind
 * (`sent.behind` counts the ticks it did) instead of piling up promises.
 */
async function paceEnqueues({ enqueuer, endpoints, perSecond, endAt, sent }) {
  const started = Date.now();
  const inFlight = new Set();
  let next = 0;
  while (Date.now() < endAt) {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond);
    while (next < due && inFlight.size < MAX_IN_FLIGHT) {
      const i = next++;
      const payload = { i, note: 'x'.repeat([16, 256, 1024, 8192][i % 4]) };
      const send = enqueuer
        .send(endpoints[i % endpoints.length], payload, EVENT_TYPES[i % EVENT_TYPES.length])
        .then(() => sent.count++)
        .catch(() => sent.errors++)
        .finally(() => inFlight.delete(send));
      inFlight.add(send);
    }
    if (next < due) sent.behind++;
    await sleep(100);
  }
  await Promise.all(inFlight);
}

/** Waits until nothing is pending (or `ms` passed); resolves with what is left. */
async function drain(connectionString, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const { rows } = await query(
      connectionString,
      `select count(*)::int as pending from webhook_deliveries where status = 'pending'`,
    );
    if (rows[0].pending === 0 || Date.now() > deadline) return { pendingLeft: rows[0].pending };
    await sleep(1000);
  }
}

/** Every enqueued message against the 2xx answers: lost, repeated, unknown ids. */
async function account(connectionString, answered) {
  const { rows } = await query(connectionString, 'select id from webhook_messages');
  const counts = new Map(answered);
  const lost = rows.filter((row) => !counts.has(row.id)).length;
  const known = new Set(rows.map((row) => row.id));
  const unknown = answered.filter(([id]) => !known.has(id)).length;
  const duplicates = answered.reduce((sum, [, count]) => sum + count - 1, 0);
  const { rows: statuses } = await query(
    connectionString,
    `select status, count(*)::int as count from webhook_deliveries group by status`,
  );
  return {
    messages: rows.length,
    lost,
    duplicates,
    unknown,
    statuses: Object.fromEntries(statuses.map((row) => [row.status, row.count])),
  };
}
