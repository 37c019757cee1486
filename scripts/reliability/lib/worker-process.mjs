// One delivery worker in a process of its own, as an application runs it: the built
// @dramarelay/webhook-notifier, the Kysely store on PostgreSQL, the default undici transport
// and an SSRF allow-list for the receivers on 127.0.0.1. Options come as JSON in
// RELIABILITY_WORKER ({ connectionString, workerId, limits, retry, breaker }).
// To the parent: ready, memory, stopped. SIGTERM or a `stop` message stops it gracefully.
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

const options = JSON.parse(process.env.RELIABILITY_WORKER ?? '{}');
const { connectionString } = options;
const pool = new pg.Pool({ connectionString, max: 4 });
// A server-side disconnect must not end the process: the notifier reports and retries.
pool.on('error', () => {});
const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
const notifier = createNotifier({
  store: createKyselyStore(db, { listen: { connectionString } }),
  ssrf: { allow: ['127.0.0.1'] },
  workerId: options.workerId,
  limits: { pollIntervalMs: 200, ...options.limits },
  ...(options.retry !== undefined && { retry: options.retry }),
  ...(options.breaker !== undefined && { breaker: options.breaker }),
});
const counts = { delivered: 0, retried: 0, failed: 0, errors: 0 };
notifier.on('delivered', () => counts.delivered++);
notifier.on('retry.scheduled', () => counts.retried++);
notifier.on('failed', () => counts.failed++);
notifier.on('error', ({ during, error }) => {
  // Bounded: a store outage must not flood the parent.
  if (counts.errors++ < 5) console.error(`[worker ${options.workerId}] ${during}: ${error}`);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await notifier.stop();
  await db.destroy();
  process.send?.({ type: 'stopped', counts }, () => process.exit(0));
}
process.on('SIGTERM', stop);
// The parent went away (a test runner killed, a script interrupted): go too.
process.on('disconnect', () => process.exit(1));
process.on('message', (message) => {
  if (message?.type === 'stop') stop();
  if (message?.type === 'counts') process.send?.({ type: 'counts', counts });
  if (message?.type === 'memory') {
    // Collected first (the parent starts this process with --expose-gc) so that what is
    // compared is what stays allocated, not garbage not yet collected.
    globalThis.gc?.();
    process.send?.({ type: 'memory', memory: process.memoryUsage(), counts });
  }
});

await notifier.start();
process.send?.({ type: 'ready' });
