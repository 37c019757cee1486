// Putting work in the queues before a worker starts. Loading is never part of a timed row.
import { performance } from 'node:perf_hooks';
import { migrateWebhookTables } from '@dramarelay/webhook-notifier/kysely';
import { makeWorkerUtils } from 'graphile-worker';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { BODY_BYTES, payloadOf, SECRET } from './fixtures.mjs';
import { query } from './postgres.mjs';

export const ENDPOINT_ID = 'bench';

function connect(connectionString, max = 8) {
  const pool = new pg.Pool({ connectionString, max });
  // `pool.end()` resolves before its clients have closed; the scratch database is then
  // dropped WITH (FORCE), which cuts off any straggler: not a failure.
  pool.on('error', () => {});
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

export async function migrate(connectionString) {
  const db = connect(connectionString, 1);
  try {
    await migrateWebhookTables(db);
  } finally {
    await db.destroy();
  }
}

/**
 * `count` pending deliveries (and their 1 KiB messages) written straight into the store's
 * tables by one `INSERT ... SELECT generate_series`, due in id order, then `ANALYZE`d as
 * autovacuum would have done for a backlog that built up over time.
 */
export async function loadBacklog(connectionString, url, count) {
  const note = 'x'.repeat(BODY_BYTES - Buffer.byteLength(JSON.stringify(payloadOf(0))));
  const started = performance.now();
  await query(
    connectionString,
    `insert into webhook_endpoints (id, url, scheme, secrets)
     values ($1, $2, 'standard-webhooks', array[$3])`,
    [ENDPOINT_ID, url, SECRET],
  );
  // The body is payloadOf(g) with a zero-padded i, so every row is exactly BODY_BYTES long.
  await query(
    connectionString,
    `with message as (
       insert into webhook_messages (id, event_type, body, idempotency_key, created_at)
       select 'msg_backlog' || lpad(g::text, 15, '0'), 'bench.delivery',
         convert_to('{"event":"bench.delivery","data":{"i":' || g || ',"note":"'
           || substr($2, 1 + length(g::text) - 1) || '"}}', 'UTF8'),
         null, now()
       from generate_series(1, $1::int) g
       returning id
     )
     insert into webhook_deliveries (id, message_id, endpoint_id, status, attempts,
       attempt_base, next_attempt_at, created_at, updated_at)
     select 'dlv' || substr(id, 4), id, $3, 'pending', 0, 0, now() - interval '1 hour', now(), now()
     from message`,
    [count, note, ENDPOINT_ID],
  );
  await query(connectionString, 'analyze');
  return { count, seconds: (performance.now() - started) / 1000 };
}

/** A pg-boss schema, one queue, and `count` jobs inserted in batches. */
export async function loadPgBoss(connectionString, queue, count) {
  const boss = new PgBoss({ connectionString, supervise: false, schedule: false });
  boss.on('error', (error) => console.error('pg-boss error', error.message));
  await boss.start();
  const started = performance.now();
  try {
    await boss.createQueue(queue);
    for (const jobs of batchesOf(count, (data) => ({ name: queue, data }))) {
      await boss.insert(jobs);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  return { count, seconds: (performance.now() - started) / 1000 };
}

/**
 * graphile-worker's schema and `count` jobs of `task`, added through its `addJobs` (one
 * `graphile_worker.add_jobs` call per 1,000), then `ANALYZE`d as `loadBacklog` does.
 */
export async function loadGraphileWorker(connectionString, task, count) {
  const utils = await makeWorkerUtils({ connectionString });
  const started = performance.now();
  try {
    await utils.migrate();
    for (const jobs of batchesOf(count, (payload) => ({ identifier: task, payload }))) {
      await utils.addJobs(jobs);
    }
  } finally {
    await utils.release();
  }
  await query(connectionString, 'analyze');
  return { count, seconds: (performance.now() - started) / 1000 };
}

/** Jobs for the payloads 0 to `count` - 1, made by `job(payload)`, 1,000 at a time. */
function* batchesOf(count, job) {
  for (let from = 0; from < count; from += 1000) {
    const batch = [];
    for (let i = from; i < Math.min(count, from + 1000); i++) batch.push(job(payloadOf(i)));
    yield batch;
  }
}
