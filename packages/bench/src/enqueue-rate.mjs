// Row 6's enqueue rates: one message per commit, 32 producers on one pool, against a floor
// of bare inserts on the same tables and connections, for each way of waking the workers.
//
//   pnpm -r --filter './packages/*' build
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @dramarelay/bench enqueue-rate
//
// All variants write to one scratch database, in short blocks that take turns (floor, then
// each variant, over and over), after one warm-up turn and a CHECKPOINT: the VM's speed
// drifts by tens of percent within a minute, so each variant is compared with the floor
// block run just before it, and the shares reported are medians of those block ratios.
// Producers only: no worker runs, so the rows measure what enqueueing costs the application
// and the database.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createIdGenerator, createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { payloadOf, SECRET } from './fixtures.mjs';
import { ENDPOINT_ID, migrate } from './load.mjs';
import { medianOf } from './measured-runs.mjs';
import { checkpoint, openServer, scratchDatabase } from './postgres.mjs';

export const LANES = 32;

/**
 * The floor: what any outbox must write per message, in one statement and one commit, with
 * the values the library would write (the same body bytes, time-ordered ids made as the
 * library makes them).
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
 * a turn, so that the default of each kind runs right after its floor: the VM's speed drifts
 * within a turn, and the ratio compares blocks seconds apart.
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

/**
 * Every variant on one fresh database, `blocks` turns of `count / blocks` messages each from
 * `lanes` producers; each variant's block rates, and the ratio of each block to the floor
 * block (on its own, or in a transaction) of the same turn.
 */
async function runInterleaved(server, url, { count, blocks, lanes, log }) {
  const database = await scratchDatabase(server, 'enqueuerate');
  try {
    await migrate(database.connectionString);
    const pool = new pg.Pool({ connectionString: database.connectionString, max: lanes });
    pool.on('error', () => {});
    const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    const endpoint = { id: ENDPOINT_ID, url, secrets: SECRET };
    const notifiers = new Map(
      VARIANTS.filter((variant) => variant.wake !== undefined).map((variant) => [
        variant.wake,
        createNotifier({
          store: createKyselyStore(db, { wake: variant.wake }),
          ssrf: { allow: ['127.0.0.1'] },
        }),
      ]),
    );
    const floorId = createIdGenerator(() => Date.now());
    let sequence = 0;
    const enqueueOne = async (variant) => {
      const i = ++sequence;
      const request = { endpoint, eventType: 'bench.delivery', payload: payloadOf(i) };
      if (variant.name === 'floor' || variant.name === 'tx-floor') {
        const body = Buffer.from(JSON.stringify(request.payload));
        // Ids as the library makes them: time-ordered, so that the floor's rows go to the end
        // of each index as the library's do, not into the middle of the library's ones.
        const values = [floorId('msg'), body, floorId('dlv'), ENDPOINT_ID];
        if (variant.name === 'floor') return void (await pool.query(FLOOR_SQL, values));
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query(FLOOR_SQL, values);
          await client.query('commit');
        } finally {
          client.release();
        }
        return;
      }
      const notifier = notifiers.get(variant.wake);
      if (variant.inTransaction) {
        await db.transaction().execute((tx) => notifier.enqueue(request, { tx }));
      } else {
        await notifier.enqueue(request);
      }
    };
    const block = async (variant, size) => {
      let left = size;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (left-- > 0) await enqueueOne(variant);
        }),
      );
      return size / ((performance.now() - started) / 1000);
    };

    // The endpoint exists and every connection is open before the clock starts, as in an
    // application that runs; one untimed turn warms up the JIT and the tables.
    await notifiers.get('after-commit').enqueue({
      endpoint,
      eventType: 'bench.delivery',
      payload: payloadOf(0),
    });
    await Promise.all(Array.from({ length: lanes }, () => pool.query('select 1')));
    for (const variant of VARIANTS) await block(variant, 500);
    await checkpoint(database.connectionString);

    const size = Math.ceil(count / blocks);
    const rates = Object.fromEntries(VARIANTS.map((variant) => [variant.name, []]));
    for (let turn = 1; turn <= blocks; turn++) {
      for (const variant of VARIANTS) rates[variant.name].push(await block(variant, size));
      log?.(
        `enqueue turn ${turn}/${blocks}: ${VARIANTS.map((v) => `${v.name} ${Math.round(rates[v.name].at(-1))}/s`).join(', ')}`,
      );
    }
    // Let the last wake-ups go before the pool closes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await db.destroy();
    return { size, rates };
  } finally {
    await database.drop();
  }
}

/**
 * All variants in `rounds` interleaved turns (one block each per turn); medians, and each
 * variant's share of its floor as the median of its blocks' ratios to the floor block of the
 * same turn.
 */
export async function enqueueRates(
  server,
  url,
  { count = 30_000, rounds = 15, lanes = LANES, log },
) {
  const { size, rates } = await runInterleaved(server, url, { count, blocks: rounds, lanes, log });
  const variants = VARIANTS.map((variant) => {
    const floor = rates[variant.inTransaction ? 'tx-floor' : 'floor'];
    const ratios = rates[variant.name].map((rate, turn) => rate / floor[turn]);
    return {
      ...variant,
      perSecond: medianOf(rates[variant.name]),
      rounds: rates[variant.name],
      ofFloorByRound: ratios,
      ofFloor: medianOf(ratios),
    };
  });
  return { count: size * rounds, blockSize: size, lanes, rounds, variants };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await openServer();
  try {
    const result = await enqueueRates(server, 'http://127.0.0.1:9/hook', {
      count: Number(process.env.BENCH_ENQUEUE ?? 30_000),
      rounds: Number(process.env.BENCH_ENQUEUE_ROUNDS ?? 15),
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
