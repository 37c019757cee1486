// `pnpm --filter @dramarelay/bench graphile`: ours against graphile-worker 0.17.3 alone, in
// alternating rounds, for a quick look at the graphile-worker row of the full run (run.mjs
// measures it the same way, between its other rows). Prints every round, the medians and the
// CPU per message of each process; writes the figures to bench-results/graphile.json.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @dramarelay/bench graphile
//
// BENCH_ROUNDS (default 3) and BENCH_MESSAGES (default 30,000) as in run.mjs; the libraries
// must be built first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHelper } from './child.mjs';
import { measuredRuns, medianOf } from './measured-runs.mjs';
import { openServer } from './postgres.mjs';
import { serverCpuReader } from './server-cpu.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const plan = { rounds: env('BENCH_ROUNDS', 3), messages: env('BENCH_MESSAGES', 30_000) };
const common = { total: plan.messages, warmup: 2_000, timeLimitMs: 120_000 };

const server = await openServer();
const serverCpu = await serverCpuReader(server.adminUrl);
const receiver = await startHelper('./receiver.mjs');
const { onBacklog, onGraphileWorker } = measuredRuns({
  server,
  receiver,
  serverCpu,
  messages: plan.messages,
});
const rounds = { ours: [], graphileWorker: [] };
try {
  for (let round = 1; round <= plan.rounds; round++) {
    rounds.ours.push(await onBacklog(round, 'ours', './notifier-worker.mjs', common));
    rounds.graphileWorker.push(await onGraphileWorker(round, common));
  }
} finally {
  receiver.child.send({ type: 'stop' });
  await server.stop();
}

const rate = (runs) => medianOf(runs.map((run) => run.perSecond));
const summary = { ours: rate(rounds.ours), graphileWorker: rate(rounds.graphileWorker) };
summary.oursOverGraphileWorker = summary.ours / summary.graphileWorker;

const round = (value) => (typeof value === 'number' ? Math.round(value) : 'n/a');
const line = (label, run) => {
  const cpu = run.cpuMicrosPerMessage ?? {};
  return `${label.padEnd(16)} ${String(round(run.perSecond)).padStart(6)} msg/s   CPU µs/msg client ${round(cpu.client)}, receiver ${round(cpu.receiver)}, PostgreSQL ${round(cpu.postgres)}${run.complete ? '' : `   (time limit: ${run.completed}/${run.total})`}`;
};
console.log('');
for (let i = 0; i < plan.rounds; i++) {
  console.log(`round ${i + 1}`);
  console.log(`  ${line('ours', rounds.ours[i])}`);
  console.log(`  ${line('graphile-worker', rounds.graphileWorker[i])}`);
}
const activityLine = (label, runs) => {
  const keys = Object.keys(runs[0].activityPerMessage);
  const medians = keys.map((key) => medianOf(runs.map((run) => run.activityPerMessage[key])));
  return `  ${label.padEnd(16)} ${keys.map((key, i) => `${key} ${medians[i].toFixed(2)}`).join(', ')}`;
};
console.log('per message in its scratch database (pg_stat_database, whole run, medians):');
console.log(activityLine('ours', rounds.ours));
console.log(activityLine('graphile-worker', rounds.graphileWorker));
console.log(
  `median of ${plan.rounds}: ours ${round(summary.ours)} msg/s, graphile-worker ${round(summary.graphileWorker)} msg/s, ours ${summary.oursOverGraphileWorker.toFixed(2)}×`,
);

const dir = new URL('../../../bench-results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const out = new URL('graphile.json', dir);
writeFileSync(out, `${JSON.stringify({ plan, summary, rounds }, null, 2)}\n`);
console.log(`figures written to ${fileURLToPath(out)}`);
