// The floor for any PostgreSQL-backed delivery loop on this machine: the least a worker can
// do and still claim, send and record each message durably, with none of the library's
// features (no endpoint state, retry schedule, lease fencing, breaker, events, SSRF checks).
//
// Same tables and the same bulk-loaded backlog as row 2, raw `pg` with prepared statements:
// - claim: `FOR UPDATE SKIP LOCKED` of the earliest due rows, lease stamped, body returned,
//   up to 64 at a time, kept at most 128 ahead of the senders;
// - send: receiver-verify `sign`, undici POST, 64 in flight (the ceiling's client);
// - acknowledge: group commit of whatever finished meanwhile, in one statement that marks
//   the deliveries delivered and appends their attempt rows.
// A message counts once its acknowledgement is committed, as in row 2.
import pg from 'pg';
import { Agent } from 'undici';
import { childInput, mark, sendResult } from './child.mjs';
import { CONCURRENCY } from './fixtures.mjs';
import { createMeter, createRssSampler, within } from './meter.mjs';
import { postSigned } from './signed-post.mjs';

const { connectionString, total, warmup, timeLimitMs } = childInput();
const BATCH = CONCURRENCY;
const AHEAD = 2 * CONCURRENCY;
const CLAIM = `
  with claimed as (
    update webhook_deliveries d
    set lease_owner = 'bare', lease_expires_at = now() + interval '60 seconds'
    where d.id in (
      select id from webhook_deliveries
      where status = 'pending' and next_attempt_at <= now()
        and (lease_expires_at is null or lease_expires_at <= now())
      order by next_attempt_at, id
      limit $1
      for update skip locked)
    returning d.id, d.message_id, d.attempts)
  select c.id, c.message_id, c.attempts, m.body, e.url, e.secrets
  from claimed c
  join webhook_messages m on m.id = c.message_id
  join webhook_deliveries d on d.id = c.id
  join webhook_endpoints e on e.id = d.endpoint_id`;
const ACKNOWLEDGE = `
  with done as (
    select * from unnest($1::text[], $2::integer[], $3::integer[]) as o(id, status_code, duration_ms)),
  moved as (
    update webhook_deliveries d
    set status = 'delivered', attempts = d.attempts + 1, lease_owner = null,
      lease_expires_at = null, last_status_code = done.status_code, last_attempt_at = now(),
      updated_at = now()
    from done where d.id = done.id)
  insert into webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code)
  select id, 1, now(), duration_ms, status_code from done`;

const rss = createRssSampler();
const claims = new pg.Client({ connectionString });
const acks = new pg.Client({ connectionString });
await Promise.all([claims.connect(), acks.connect()]);
const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 4000 });
const meter = createMeter({
  total,
  warmup,
  onWarm: () => mark('warm'),
  onDone: () => mark('done'),
});
const errors = [];
const ready = [];
const finished = [];
let inFlight = 0;
let claiming = false;
let acknowledging = false;
let running = true;

async function claim() {
  if (claiming || !running) return;
  claiming = true;
  try {
    while (running && ready.length + inFlight < AHEAD) {
      const { rows } = await claims.query({ name: 'claim', text: CLAIM, values: [BATCH] });
      if (rows.length === 0) break;
      ready.push(...rows);
      startSends();
    }
  } catch (error) {
    note(error);
  } finally {
    claiming = false;
  }
}

function startSends() {
  while (inFlight < CONCURRENCY && ready.length > 0) {
    inFlight++;
    const row = ready.shift();
    send(row)
      .catch((error) => {
        // Tried again, as row 2 retries: the floor must not count what it did not deliver.
        note(error);
        ready.push(row);
      })
      .finally(() => {
        inFlight--;
        startSends();
        void claim();
      });
  }
}

function note(error) {
  if (errors.length < 5) errors.push(String(error));
}

async function send(row) {
  const started = performance.now();
  const { origin, pathname } = new URL(row.url);
  const status = await postSigned(
    agent,
    { origin, path: pathname },
    { id: row.message_id, body: row.body, secrets: row.secrets, userAgent: 'bare-queue' },
  );
  if (status < 200 || status > 299) throw new Error(`HTTP ${status}`);
  finished.push([row.id, status, Math.round(performance.now() - started)]);
  void acknowledge();
}

/** Group commit: one statement for everything that finished while the last one ran. */
async function acknowledge() {
  if (acknowledging) return;
  acknowledging = true;
  try {
    while (finished.length > 0) {
      const batch = finished.splice(0, finished.length);
      try {
        await acks.query({
          name: 'acknowledge',
          text: ACKNOWLEDGE,
          values: [batch.map((f) => f[0]), batch.map((f) => f[1]), batch.map((f) => f[2])],
        });
      } catch (error) {
        // Kept and acknowledged again with the next batch: nothing counted twice, none lost.
        note(error);
        finished.unshift(...batch);
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      meter.complete(batch.length);
    }
  } finally {
    acknowledging = false;
  }
}

await claim();
await within(meter.finished, timeLimitMs);
running = false;
const summary = meter.summary();
await agent.close().catch(() => {});
await Promise.all([claims.end(), acks.end()]);
await sendResult({ ...summary, errors, rss: rss.stop() });
