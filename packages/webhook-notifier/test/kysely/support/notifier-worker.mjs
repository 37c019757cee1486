// A delivery worker process for the multi-process tests: the built package (dist/), the
// Kysely store on the database in WORKER_DATABASE_URL, the default undici transport, and
// an SSRF allow-list for the local receiver. Messages to the parent: ready, error, stopped.

import { readFileSync } from 'node:fs';
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

const connectionString = process.env.WORKER_DATABASE_URL;
const workerId = process.env.WORKER_ID;
const leaseMs = Number(process.env.WORKER_LEASE_MS ?? 60_000);
const timeoutMs = Number(process.env.WORKER_TIMEOUT_MS ?? 15_000);
// WORKER_RETRY_MS: retry after this many ms, up to 30 times (tests with receivers that fail).
const retryMs = process.env.WORKER_RETRY_MS;
const perEndpointConcurrency = Number(process.env.WORKER_PER_ENDPOINT ?? 16);

const pollIntervalMs = Number(process.env.WORKER_POLL_MS ?? 200);

// The pool and Kysely exactly as the README's PostgreSQL section sets them up (its `error`
// listeners keep an outage from crashing the process), with console lines sent to the parent.
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const setUp = /\n(const pool = [\s\S]*?\nconst db = .*\n)/
  .exec(readme.slice(readme.indexOf('## PostgreSQL')))[1]
  .replace(/<\w+>/g, '');
const workerConsole = {
  warn: (...args) => process.send?.({ type: 'error', during: 'pool', message: args.join(' ') }),
};
const db = new Function(
  'pg',
  'Kysely',
  'PostgresDialect',
  'connectionString',
  'console',
  `${setUp}return db;`,
)(pg, Kysely, PostgresDialect, connectionString, workerConsole);
const notifier = createNotifier({
  store: createKyselyStore(db, { listen: { connectionString } }),
  ssrf: { allow: ['127.0.0.1'] },
  workerId,
  limits: { leaseMs, timeoutMs, pollIntervalMs, perEndpointConcurrency },
  ...(retryMs === undefined
    ? {}
    : { retry: { schedule: Array(30).fill(Number(retryMs)), jitter: 'none' } }),
});
let delivered = 0;
notifier.on('delivered', () => {
  delivered += 1;
});
notifier.on('error', ({ during, error }) => {
  process.send?.({ type: 'error', during, message: String(error?.stack ?? error) });
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const stopped = notifier.stop();
  process.send?.({ type: 'stopping' });
  const { abandoned } = await stopped;
  await db.destroy();
  process.send?.({ type: 'stopped', delivered, abandoned }, () => process.exit(0));
  if (!process.send) process.exit(0);
};
process.on('message', (message) => {
  if (message?.type === 'stop') stop();
});
// What a deployment sends: finish or hand back what is in hand, then exit 0.
process.on('SIGTERM', stop);

await notifier.start();
process.send?.({ type: 'ready' });
