// `pnpm --filter @dramarelay/bench routing`: ordering keys and rate limits across processes.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @dramarelay/bench routing
//
// 1. Ordering: 10,000 messages on 100 keys, loaded before 3 worker processes start; the
//    receiver answers 500 to one request in 10 at random (retries 20 ms apart) and checks
//    that no message of a key arrives before its predecessor got a 2xx. The same run without
//    keys for the throughput cost.
// 2. Rate limit: 2 worker processes, an endpoint limited to ROUTING_RATE/s (default 50) with
//    a backlog of 80 s at that rate, and 5,000 messages to an unlimited endpoint queued
//    behind it; the receiver's count for the limited endpoint over the busiest 60 s and 1 s
//    windows, and the other endpoint's rate with and without the limited backlog in front.
// Figures are printed, never asserted (the tests assert the smaller versions). Sizes:
// ROUTING_MESSAGES, ROUTING_KEYS, ROUTING_RATE, ROUTING_WINDOW_S, ROUTING_OTHER;
// ROUTING_SKIP_RATE=1 runs the ordering rows only.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { createAdmin, createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore, migrateWebhookTables } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { SECRET } from './fixtures.mjs';
import { openServer, scratchDatabase } from './postgres.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const MESSAGES = env('ROUTING_MESSAGES', 10_000);
const KEYS = env('ROUTING_KEYS', 100);
const RATE = env('ROUTING_RATE', 50);
const WINDOW_S = env('ROUTING_WINDOW_S', 60);
const OTHER = env('ROUTING_OTHER', 5_000);
const log = (text) => console.log(`[routing] ${text}`);

const server = await openServer();
const figures = {};
try {
  const unordered = await orderingRun(false);
  const ordered = await orderingRun(true);
  figures.ordering = { ordered, unordered, cost: 1 - ordered.perSecond / unordered.perSecond };
  if (process.env.ROUTING_SKIP_RATE !== '1') figures.rateLimit = await rateLimitRun();
} finally {
  await server.stop();
}
console.log(JSON.stringify(figures, null, 2));

async function orderingRun(keyed) {
  const label = keyed ? `${KEYS} keys` : 'no keys';
  return withDatabase(keyed ? 'ordered' : 'unordered', async ({ url, db, store }) => {
    const receiver = await startReceiver(() => (Math.random() < 0.1 ? 500 : 200));
    const endpoint = { id: 'receiver', url: `${receiver.url}/ordered`, secrets: SECRET };
    await load(db, store, MESSAGES, (n) => ({
      endpoint,
      eventType: 'bench.ordered',
      payload: { key: `key-${n % KEYS}`, seq: Math.floor(n / KEYS) },
      ...(keyed ? { orderingKey: `key-${n % KEYS}` } : {}),
    }));
    log(`${label}: ${MESSAGES} loaded, 3 workers start`);
    const started = performance.now();
    const workers = await startWorkers(url, 3);
    await receiver.until(() => receiver.successes >= MESSAGES);
    const seconds = (performance.now() - started) / 1000;
    const stopped = await stopWorkers(workers);
    await receiver.close();
    const result = {
      messages: MESSAGES,
      seconds: round(seconds),
      perSecond: Math.round(MESSAGES / seconds),
      requests: receiver.arrivals.length,
      answered500: receiver.arrivals.filter((a) => a.status === 500).length,
      outOfOrder: outOfOrder(receiver.arrivals),
      skipped: stopped.reduce((sum, s) => sum + s.skipped, 0),
    };
    log(`${label}: ${JSON.stringify(result)}`);
    return result;
  });
}

/** Arrivals of a key whose `seq` is lower than one that arrived before it. */
function outOfOrder(arrivals) {
  const highest = new Map();
  let count = 0;
  for (const { body } of arrivals) {
    const { key, seq } = JSON.parse(body);
    if (seq < (highest.get(key) ?? -1)) count++;
    highest.set(key, Math.max(seq, highest.get(key) ?? -1));
  }
  return count;
}

async function rateLimitRun() {
  const alone = await withDatabase('other_alone', async ({ url, db, store }) => {
    const receiver = await startReceiver(() => 200);
    const other = { id: 'other', url: `${receiver.url}/other`, secrets: SECRET };
    await load(db, store, OTHER, (seq) => ({
      endpoint: other,
      eventType: 'bench.other',
      payload: { seq },
    }));
    const started = performance.now();
    const workers = await startWorkers(url, 2);
    await receiver.until(() => receiver.successes >= OTHER);
    const perSecond = Math.round(OTHER / ((performance.now() - started) / 1000));
    await stopWorkers(workers);
    await receiver.close();
    log(`other endpoint alone: ${perSecond} msg/s`);
    return perSecond;
  });
  return withDatabase('limited', async ({ url, db, store }) => {
    const receiver = await startReceiver(() => 200);
    const limited = { id: 'limited', url: `${receiver.url}/limited`, secrets: SECRET };
    const other = { id: 'other', url: `${receiver.url}/other`, secrets: SECRET };
    const backlog = RATE * (WINDOW_S + 20);
    await load(db, store, backlog, (seq) => ({
      endpoint: limited,
      eventType: 'bench.limited',
      payload: { seq },
    }));
    await createAdmin({ store }).updateEndpoint('limited', { rateLimit: { perSecond: RATE } });
    await load(db, store, OTHER, (seq) => ({
      endpoint: other,
      eventType: 'bench.other',
      payload: { seq },
    }));
    log(`rate limit ${RATE}/s: ${backlog} limited + ${OTHER} other loaded, 2 workers start`);
    const started = performance.now();
    const workers = await startWorkers(url, 2);
    const to = (path) => receiver.arrivals.filter((a) => a.path === path).map((a) => a.at);
    await receiver.until(() => to('/other').length >= OTHER);
    const otherPerSecond = Math.round(OTHER / ((performance.now() - started) / 1000));
    await receiver.until(() => {
      const times = to('/limited');
      return times.length > 0 && performance.now() >= times[0] + WINDOW_S * 1000 + 1000;
    });
    await stopWorkers(workers);
    await receiver.close();
    const times = to('/limited');
    const busiest = (ms) =>
      Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));
    const result = {
      limit: RATE,
      busiestWindowPerSecond: round(busiest(WINDOW_S * 1000) / WINDOW_S),
      overLimit: round(busiest(WINDOW_S * 1000) / (RATE * WINDOW_S) - 1),
      busiestSecond: busiest(1000),
      otherAlonePerSecond: alone,
      otherBehindLimitedPerSecond: otherPerSecond,
    };
    log(`rate limit: ${JSON.stringify(result)}`);
    return result;
  });
}

async function withDatabase(label, run) {
  const database = await scratchDatabase(server, `routing_${label}`);
  const pool = new pg.Pool({ connectionString: database.connectionString, max: 4 });
  pool.on('error', () => {});
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateWebhookTables(db);
    return await run({ url: database.connectionString, db, store: createKyselyStore(db) });
  } finally {
    await db.destroy();
    await database.drop();
  }
}

/**
 * `count` enqueues, 500 per transaction, one transaction at a time (keys keep their order),
 * then `analyze`, as the other bench rows do after loading.
 */
async function load(db, store, count, request) {
  const notifier = createNotifier({ store, ssrf: { allow: ['127.0.0.1'] } });
  for (let first = 0; first < count; first += 500) {
    await db.transaction().execute(async (tx) => {
      for (let n = first; n < Math.min(count, first + 500); n++) {
        await notifier.enqueue(request(n), { tx });
      }
    });
  }
  await sql`analyze`.execute(db);
}

function startWorkers(connectionString, count) {
  return Promise.all(
    Array.from({ length: count }, (_, n) => {
      const child = fork(new URL('./routing-worker.mjs', import.meta.url), [
        JSON.stringify({ connectionString, workerId: `routing-${n}` }),
      ]);
      return new Promise((resolve) => child.once('message', () => resolve(child)));
    }),
  );
}

function stopWorkers(workers) {
  return Promise.all(
    workers.map(
      (child) =>
        new Promise((resolve) => {
          child.on('message', (message) => {
            if (message.type === 'stopped') resolve(message);
          });
          child.send({ type: 'stop' });
        }),
    ),
  );
}

/** A receiver in this process: answers with `status()`, records every arrival. */
async function startReceiver(status) {
  const arrivals = [];
  let successes = 0;
  const waiters = new Set();
  const http = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const answer = status();
      arrivals.push({
        at: performance.now(),
        path: request.url,
        status: answer,
        body: Buffer.concat(chunks).toString(),
      });
      if (answer < 300) successes++;
      response.writeHead(answer).end();
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const poll = setInterval(() => {
    for (const waiter of waiters) if (waiter.done()) waiters.delete(waiter) && waiter.resolve();
  }, 100);
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    arrivals,
    get successes() {
      return successes;
    },
    until: (done) => new Promise((resolve) => waiters.add({ done, resolve })),
    close: async () => {
      clearInterval(poll);
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

function round(value) {
  return Math.round(value * 1000) / 1000;
}
