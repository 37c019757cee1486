// A delivery worker process for the multi-process tests: the built package (dist/), the
// Kysely store on the database in WORKER_DATABASE_URL, the default undici transport, and
// an SSRF allow-list for the local receiver. Messages to the parent: ready, error, stopped.
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

const db = new Kysely({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 4 }) }),
});
const notifier = createNotifier({
  store: createKyselyStore(db, { listen: { connectionString } }),
  ssrf: { allow: ['127.0.0.1'] },
  workerId,
  limits: { leaseMs, timeoutMs, pollIntervalMs: 200 },
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

process.on('message', async (message) => {
  if (message?.type !== 'stop') return;
  await notifier.stop();
  await db.destroy();
  process.send?.({ type: 'stopped', delivered }, () => process.exit(0));
});

await notifier.start();
process.send?.({ type: 'ready' });
