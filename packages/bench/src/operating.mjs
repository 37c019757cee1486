// `pnpm --filter @dramarelay/bench operating`: the operator's calls on realistic tables.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @dramarelay/bench operating
//
// 1. Replay: 100,000 failed deliveries among 400,000 delivered ones (10 endpoints), replayed
//    by `admin.replay({})` in batches of 1,000, while a worker claims (limit 100) in a loop:
//    the replay's time, and the claims' latency before and during it.
// 2. Statistics: 10,000,000 attempts (1,000,000 deliveries over 30 days, 10 attempts each),
//    `admin.stats` for the last 24 hours, with and without the `started_at` index.
// Figures are printed, never asserted. Sizes: OPERATING_FAILED, OPERATING_ATTEMPTS.
import { createAdmin } from '@dramarelay/webhook-notifier';
import { createKyselyStore, migrateWebhookTables } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { openServer, query, scratchDatabase } from './postgres.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const FAILED = env('OPERATING_FAILED', 100_000);
const ATTEMPTS = env('OPERATING_ATTEMPTS', 10_000_000);
const log = (text) => console.log(`[operating] ${text}`);
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const now = () => process.hrtime.bigint();

const server = await openServer();
try {
  await replayBench();
  await statsBench();
} finally {
  await server.stop();
}

function open(connectionString) {
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on('error', () => {});
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

/** Messages and deliveries by `generate_series`: `failed` first, then `delivered`. */
async function seedDeliveries(url, { total, failed, spanMs, attemptsEach }) {
  await query(
    url,
    `insert into webhook_endpoints (id, url, scheme, secrets)
     select 'ep_' || i, 'https://ep' || i || '.example.com/hook', 'standard-webhooks',
       array['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']
     from generate_series(0, 9) i`,
  );
  await query(
    url,
    `insert into webhook_messages (id, event_type, body, created_at)
     select 'msg_' || lpad(i::text, 10, '0'), 'task.completed', '\\x7b7d'::bytea,
       now() - $1 * interval '1 millisecond' + i * ($1::float8 / $2) * interval '1 millisecond'
     from generate_series(1, $2) i`,
    [spanMs, total],
  );
  await query(
    url,
    `insert into webhook_deliveries (id, message_id, endpoint_id, status, attempts, attempt_base,
       next_attempt_at, last_error, created_at, updated_at)
     select 'dlv_' || substr(m.id, 5), m.id, 'ep_' || (substr(m.id, 5)::bigint % 10),
       case when substr(m.id, 5)::bigint <= $1 then 'failed' else 'delivered' end,
       $2, 0, m.created_at, null, m.created_at, m.created_at
     from webhook_messages m`,
    [failed, attemptsEach],
  );
}

async function replayBench() {
  const database = await scratchDatabase(server, 'replay');
  const db = open(database.connectionString);
  try {
    await migrateWebhookTables(db);
    const total = FAILED * 5;
    log(`seeding ${FAILED} failed deliveries among ${total} ...`);
    await seedDeliveries(database.connectionString, {
      total,
      failed: FAILED,
      spanMs: 86_400_000,
      attemptsEach: 8,
    });
    await query(database.connectionString, 'vacuum analyze');
    const store = createKyselyStore(db);
    const admin = createAdmin({ store });
    const claims = claimLoop(store);
    await sleep(1_000);
    const before = claims.take();

    let start = now();
    const dry = await admin.replay({ dryRun: true });
    log(`dry run: ${dry.matched} matched in ${ms(start).toFixed(0)} ms`);
    start = now();
    const result = await admin.replay({});
    const replayMs = ms(start);
    const during = claims.take();
    log(
      `replay: ${result.replayed} replayed in ${result.batches} batches, ${replayMs.toFixed(0)} ms`,
    );
    start = now();
    const again = await admin.replay({});
    log(`second replay: ${again.replayed} replayed in ${ms(start).toFixed(0)} ms`);
    await claims.stop();
    log(`claims (limit 100) before the replay: ${describe(before)}`);
    log(`claims (limit 100) during the replay: ${describe(during)}`);
  } finally {
    await db.destroy();
    await database.drop();
  }
}

/** Claims in a loop (and releases, so the backlog stays), recording each claim's duration. */
function claimLoop(store) {
  let running = true;
  let samples = [];
  const loop = (async () => {
    while (running) {
      const start = now();
      const claimed = await store.claimDue({
        now: new Date(),
        limit: 100,
        workerId: 'bench',
        leaseMs: 60_000,
      });
      samples.push(ms(start));
      await store.release(
        claimed.map((c) => c.delivery.id),
        'bench',
      );
      await sleep(5);
    }
  })();
  return {
    take() {
      const taken = samples;
      samples = [];
      return taken;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

function describe(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return `${sorted.length} claims, median ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`;
}

async function statsBench() {
  const database = await scratchDatabase(server, 'stats');
  const url = database.connectionString;
  const db = open(url);
  try {
    await migrateWebhookTables(db);
    const deliveries = Math.ceil(ATTEMPTS / 10);
    log(`seeding ${deliveries} deliveries over 30 days and ${ATTEMPTS} attempts ...`);
    const start = now();
    await seedDeliveries(url, {
      total: deliveries,
      failed: Math.floor(deliveries / 100),
      spanMs: 30 * 86_400_000,
      attemptsEach: 10,
    });
    // Attempt k of a delivery starts k minutes after its message; durations 20 to 2000 ms.
    // Each carries its endpoint, as the settle function writes it since migration 0003.
    await query(
      url,
      `insert into webhook_attempts (delivery_id, endpoint_id, attempt, started_at, duration_ms,
         status_code, error_class)
       select d.id, d.endpoint_id, k, d.created_at + k * interval '1 minute', 20 + (hashtext(d.id || k) & 1023) * 2,
         case when k = 10 or hashtext(d.id) % 5 <> 0 then 200 else 503 end,
         case when k = 10 or hashtext(d.id) % 5 <> 0 then null else 'http_status' end
       from webhook_deliveries d, generate_series(1, 10) k`,
    );
    await query(url, 'vacuum analyze');
    log(`seeded in ${(ms(start) / 1000).toFixed(0)} s`);
    const admin = createAdmin({ store: createKyselyStore(db) });
    const since = new Date(Date.now() - 86_400_000);
    const timed = async (label) => {
      const runs = [];
      let stats;
      for (let round = 0; round < 3; round++) {
        const t = now();
        stats = await admin.stats({ since });
        runs.push(ms(t));
      }
      runs.sort((a, b) => a - b);
      log(
        `${label}: ${runs[1].toFixed(0)} ms (median of 3) for ${stats.overall.attempts} attempts and ${stats.overall.deliveries} deliveries in the window, ${stats.endpoints.length} endpoints; p50/p95/p99 ${Object.values(
          stats.overall.latencyMs,
        )
          .map((v) => v.toFixed(0))
          .join('/')} ms`,
      );
    };
    await timed('stats, last 24 h, with the started_at index');
    await query(url, 'drop index webhook_attempts_started_at_idx');
    await query(url, 'analyze webhook_attempts');
    await timed('stats, last 24 h, without it');
  } finally {
    await db.destroy();
    await database.drop();
  }
}

function sleep(msToWait) {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}
