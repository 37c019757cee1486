// Row 6's enqueue rates: one message per commit, 32 producers on one pool, against a floor
// of bare inserts on the same tables and connections, for each way of waking the workers.
//
//   pnpm -r --filter './packages/*' build
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @dramarelay/bench enqueue-rate
//
// Each variant runs on a fresh scratch database right after a CHECKPOINT, in rounds that
// alternate the variants; the median of the rounds' rates is reported, and as the share of
// the floor the median of each round's ratio to the floor of that round. Producers only: no worker
// runs, so the rows measure what enqueueing costs the application and the database.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { payloadOf, SECRET } from './fixtures.mjs';
import { ENDPOINT_ID, migrate } from './load.mjs';
import { checkpoint, openServer, scratchDatabase } from './postgres.mjs';

export const LANES = 32;

/**
 * The floor: what any outbox must write per message, in one statement and one commit, with
 * the values the library would write (the same body bytes, ids of the same length).
 */
const FLOOR_SQL = `
  with message as (
    insert into webhook_messages (id, event_type, body, idempotency_key, created_at)
    values ($1, 'bench.delivery', $2, null, now())
    returning id
  )
  insert into webhook_deliveries (id, message_id, endpoint_id, status, attempts, attempt_base,
    next_attempt_at, created_at, updated_at)
  select $3, message.id, $4, 'pending', 0, 0, now(), now(), now() from message`;

/**
 * Every variant measured: how it enqueues, and through which wake-up. In this order within
 * a round, so that the default of each kind runs right after its floor: the VM's speed
 * drifts within a round, and the ratio compares runs seconds apart.
 */
export const VARIANTS = [
  { name: 'floor', label: 'bare INSERT message + INSERT delivery per commit' },
  { name: 'after-commit', label: 'enqueue(), wake after commit (default)', wake: 'after-commit' },
  { name: 'at-commit', label: 'enqueue(), NOTIFY in the statement', wake: 'at-commit' },
  { name: 'no-wake', label: 'enqueue(), no wake-up (workers poll)', wake: false },
  {
    name: 'tx-floor',
    label: 'the same bare inserts between BEGIN and COMMIT',
    inTransaction: true,
  },
  {
    name: 'tx-after-commit',
    label: "enqueue() in the caller's transaction, wake after commit (default)",
    wake: 'after-commit',
    inTransaction: true,
  },
  {
    name: 'tx-at-commit',
    label: "enqueue() in the caller's transaction, NOTIFY at its commit",
    wake: 'at-commit',
    inTransaction: true,
  },
];

/** One variant on a fresh database: `count` messages, `lanes` producers; the rate. */
async function runVariant(server, url, variant, count, lanes) {
  const database = await scratchDatabase(server, `enqueue${variant.name.replace(/\W/g, '')}`);
  try {
    await migrate(database.connectionString);
    const pool = new pg.Pool({ connectionString: database.connectionString, max: lanes });
    pool.on('error', () => {});
    const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    const endpoint = { id: ENDPOINT_ID, url, secrets: SECRET };
    const notifier = createNotifier({
      store: createKyselyStore(db, { wake: variant.wake ?? 'after-commit' }),
      ssrf: { allow: ['127.0.0.1'] },
    });
    // The endpoint exists before the clock starts, as it would in an application that runs.
    await notifier.enqueue({ endpoint, eventType: 'bench.delivery', payload: payloadOf(0) });
    // Every connection open before the clock starts, for the floor as for the library.
    await Promise.all(Array.from({ length: lanes }, () => pool.query('select 1')));
    await checkpoint(database.connectionString);

    let next = 1;
    const enqueueOne = async (i) => {
      const request = { endpoint, eventType: 'bench.delivery', payload: payloadOf(i) };
      if (variant.name === 'floor' || variant.name === 'tx-floor') {
        const id = String(i).padStart(26, '0');
        const body = Buffer.from(JSON.stringify(request.payload));
        const values = [`msg_${id}`, body, `dlv_${id}`, ENDPOINT_ID];
        if (variant.name === 'floor') return void (await pool.query(FLOOR_SQL, values));
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query(FLOOR_SQL, values);
          await client.query('commit');
        } finally {
          client.release();
        }
      } else if (variant.inTransaction) {
        await db.transaction().execute((tx) => notifier.enqueue(request, { tx }));
      } else {
        await notifier.enqueue(request);
      }
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next <= count) await enqueueOne(next++);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // Let the last wake-ups go before the pool closes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await db.destroy();
    return { count, lanes, seconds, perSecond: count / seconds };
  } finally {
    await database.drop();
  }
}

/** All variants in `rounds` alternating rounds; medians and the ratio to the floor. */
export async function enqueueRates(
  server,
  url,
  { count = 20_000, rounds = 3, lanes = LANES, log },
) {
  const runs = Object.fromEntries(VARIANTS.map((variant) => [variant.name, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const variant of VARIANTS) {
      const run = await runVariant(server, url, variant, count, lanes);
      runs[variant.name].push(run);
      log?.(`enqueue round ${round}/${rounds}, ${variant.name}: ${Math.round(run.perSecond)}/s`);
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const variants = VARIANTS.map((variant) => ({
    ...variant,
    perSecond: median(runs[variant.name].map((run) => run.perSecond)),
    rounds: runs[variant.name].map((run) => run.perSecond),
  }));
  // Each variant against the floor written the same way (on its own, or in a transaction)
  // in the same round, a minute apart at most: the median of those ratios, as the machine's
  // speed drifts between rounds more than the variants differ.
  for (const variant of variants) {
    const floor = runs[variant.inTransaction ? 'tx-floor' : 'floor'];
    const ratios = runs[variant.name].map((run, round) => run.perSecond / floor[round].perSecond);
    variant.ofFloorByRound = ratios;
    variant.ofFloor = median(ratios);
  }
  return { count, lanes, rounds, variants };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await openServer();
  try {
    const result = await enqueueRates(server, 'http://127.0.0.1:9/hook', {
      count: Number(process.env.BENCH_ENQUEUE ?? 20_000),
      rounds: Number(process.env.BENCH_ENQUEUE_ROUNDS ?? 5),
      log: (text) => console.log(`[enqueue] ${text}`),
    });
    for (const variant of result.variants) {
      console.log(
        `${variant.label.padEnd(70)} ${Math.round(variant.perSecond)}/s  ${Math.round(variant.ofFloor * 100)} % of its floor`,
      );
    }
  } finally {
    await server.stop();
  }
}
