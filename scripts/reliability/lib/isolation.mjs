// Scenario 4: nine healthy endpoints and, optionally, one that never answers, all with a
// backlog of pending deliveries, drained by one worker process.

import { loadPending, query } from './database.mjs';
import { startHealthyAndSilent } from './receivers.mjs';
import { sleep } from './scenario-cli.mjs';
import { startWorker } from './workers.mjs';

export const HEALTHY = 9;
export const BAD = 'never-answers';

/**
 * Loads `perEndpoint` deliveries for each endpoint into the migrated database, starts one
 * worker with `limits` and waits until every healthy delivery is delivered (or `giveUpMs`
 * passed). `badFirst` makes the bad endpoint's deliveries due before everyone else's.
 * Resolves with what the database recorded (rate, latency, the bad endpoint's attempts) and
 * what the silent receiver saw.
 */
export async function runIsolation({
  connectionString,
  perEndpoint,
  withBad,
  limits = {},
  badFirst = false,
  giveUpMs,
}) {
  const { receivers, endpoints } = await startHealthyAndSilent(HEALTHY, withBad ? [BAD] : []);
  let worker;
  try {
    const load = await loadPending(connectionString, {
      endpoints,
      perEndpoint,
      first: badFirst ? [BAD] : [],
    });
    worker = await startWorker({ connectionString, workerId: 'isolation', limits });
    const healthyTotal = HEALTHY * perEndpoint;
    const deadline = Date.now() + giveUpMs;
    let delivered = 0;
    while (delivered < healthyTotal && Date.now() < deadline) {
      await sleep(250);
      delivered = (await worker.counts()).delivered;
    }
    // What the bad endpoint has in hand at this moment: leased, no attempt recorded yet.
    const receiverStats = await receivers.stats();
    const figures = await recorded(connectionString);
    return { load, healthyTotal, delivered, ...figures, badReceiver: receiverStats[BAD] };
  } finally {
    // kill -9: a graceful stop would wait for the hanging attempts (see docs/reliability.md).
    await worker?.kill();
    await receivers.stop();
  }
}

async function recorded(connectionString) {
  const { rows } = await query(
    connectionString,
    `with healthy as (
       select a.started_at, a.started_at + a.duration_ms * interval '1 millisecond' as done_at,
         m.created_at
       from webhook_attempts a
       join webhook_deliveries d on d.id = a.delivery_id
       join webhook_messages m on m.id = d.message_id
       where d.endpoint_id <> $1 and a.error_class is null
     )
     select
       (select count(*)::int from healthy) as healthy_delivered,
       (select extract(epoch from max(done_at) - min(started_at))::float8 from healthy)
         as healthy_seconds,
       (select percentile_cont(array[0.5, 0.99]) within group (order by
          extract(epoch from done_at - created_at)) from healthy) as latency_seconds,
       (select count(*)::int from webhook_attempts a join webhook_deliveries d
          on d.id = a.delivery_id where d.endpoint_id = $1) as bad_attempts,
       (select count(*)::int from webhook_deliveries where endpoint_id = $1
          and status = 'pending' and lease_expires_at > now()) as bad_leased,
       (select count(*)::int from webhook_endpoints where id = $1
          and paused_until is not null) as bad_paused`,
    [BAD],
  );
  const row = rows[0];
  return {
    healthyDelivered: row.healthy_delivered,
    healthyPerSecond: row.healthy_delivered / row.healthy_seconds,
    latencyP50Seconds: row.latency_seconds?.[0] ?? null,
    latencyP99Seconds: row.latency_seconds?.[1] ?? null,
    badAttempts: row.bad_attempts,
    badLeased: row.bad_leased,
    badPausedOnce: row.bad_paused > 0,
  };
}
