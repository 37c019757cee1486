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

const pollIntervalMs = Number(process.env.WORKER_POLL_MS ?? 200);

// The README's safe set-up: a connection that fails while idle (the pool's `error`) or while
// checked out (each client's own `error`) is reported, not an uncaught exception.
const pool = new pg.Pool({ connectionString, max: 4 });
const onPoolError = (error) =>
  process.send?.({ type: 'error', during: 'pool', message: String(error?.message ?? error) });
pool.on('error', onPoolError);
pool.on('connect', (client) => client.on('error', onPoolError));
const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
const notifier = createNotifier({
  store: createKyselyStore(db, { listen: { connectionString } }),
  ssrf: { allow: ['127.0.0.1'] },
  workerId,
  limits: { leaseMs, timeoutMs, pollIntervalMs },
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
