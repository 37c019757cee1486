// The measured runs the throughput rounds are made of (run.mjs, graphile-bench.mjs): one
// worker process over work loaded into a scratch database beforehand, with the CPU time each
// process spent per message inside the measured window.
import { ask, runChild } from './child.mjs';
import { loadBacklog, loadGraphileWorker, migrate } from './load.mjs';
import { checkpoint, query, scratchDatabase } from './postgres.mjs';
import { serverCpuBetween } from './server-cpu.mjs';

const log = (text) => console.log(`[bench] ${text}`);

/**
 * `server`: the PostgreSQL server (postgres.mjs); `receiver`: the receiver helper;
 * `serverCpu`: its CPU reader (server-cpu.mjs) or null; `messages`: how many each run
 * delivers.
 */
export function measuredRuns({ server, receiver, serverCpu, messages }) {
  const url = `http://127.0.0.1:${receiver.port}/hook`;

  /**
   * Runs one measured child and adds the CPU time each process spent per message inside the
   * measured window: the child itself, the receiver, and the PostgreSQL server.
   */
  async function measure(script, input) {
    if (input.connectionString !== undefined) await checkpoint(input.connectionString);
    const marks = {};
    const onMark = (name, childCpuMs) => {
      marks[name] = ask(receiver, 'stats').then((stats) => ({
        child: childCpuMs,
        receiver: stats.cpuMs,
        server: serverCpu?.() ?? null,
      }));
    };
    const run = await runChild(script, input, { onMark, timeoutMs: 300_000 });
    if (marks.warm !== undefined && marks.done !== undefined) {
      const [warm, done] = await Promise.all([marks.warm, marks.done]);
      const micros = (ms) => (ms * 1000) / run.measured;
      run.cpuMicrosPerMessage = {
        client: micros(done.child - warm.child),
        receiver: micros(done.receiver - warm.receiver),
        postgres: warm.server === null ? null : micros(serverCpuBetween(warm.server, done.server)),
      };
    }
    return run;
  }

  /**
   * One run of a worker over `messages` pending deliveries, bulk-loaded into the store's
   * tables in a scratch database; the outcomes it stored are counted afterwards.
   */
  async function onBacklog(round, label, script, common) {
    const database = await scratchDatabase(server, label.replace(/\W/g, ''));
    try {
      await migrate(database.connectionString);
      const load = await loadBacklog(database.connectionString, url, messages);
      log(`round ${round}: ${label}, ${messages} pending (bulk-loaded in ${s(load.seconds)})`);
      const before = await activity(database.connectionString);
      const run = await measure(script, { ...common, connectionString: database.connectionString });
      run.activityPerMessage = await activitySince(database.connectionString, before, messages);
      run.stored = await storedOutcomes(database.connectionString);
      note(label, run);
      return run;
    } finally {
      await database.drop();
    }
  }

  /** One run of graphile-worker over `messages` jobs added before it starts. */
  async function onGraphileWorker(round, common) {
    const database = await scratchDatabase(server, 'graphile');
    try {
      const task = 'deliver';
      const load = await loadGraphileWorker(database.connectionString, task, messages);
      log(`round ${round}: graphile-worker, ${messages} jobs (added in ${s(load.seconds)})`);
      const before = await activity(database.connectionString);
      const run = await measure('./graphile-worker.mjs', {
        ...common,
        connectionString: database.connectionString,
        port: receiver.port,
        task,
      });
      run.activityPerMessage = await activitySince(database.connectionString, before, messages);
      note('graphile-worker', run, `, ${run.jobsLeft} jobs left after it stopped`);
      return run;
    } finally {
      await database.drop();
    }
  }

  return { url, measure, onBacklog, onGraphileWorker };
}

export function note(label, run, extra = '') {
  const status = run.complete ? '' : ` (time limit: ${run.completed}/${run.total})`;
  log(`${label}: ${Math.round(run.perSecond).toLocaleString('en-US')}/s${status}${extra}`);
}

export function medianOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function s(seconds) {
  return `${seconds.toFixed(1)} s`;
}

const ACTIVITY = ['xact_commit', 'tup_inserted', 'tup_updated', 'tup_deleted', 'blks_hit'];

/** The scratch database's own counters (pg_stat_database): other databases' load is not in them. */
async function activity(connectionString) {
  const { rows } = await query(
    connectionString,
    `select ${ACTIVITY.join(', ')} from pg_stat_database where datname = current_database()`,
  );
  return rows[0];
}

/**
 * Commits, rows written and buffer hits per message over a whole run (warm-up and shut-down
 * included), once the worker's backends have exited and so flushed their counters.
 */
async function activitySince(connectionString, before, messages) {
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = await activity(connectionString);
  return Object.fromEntries(
    ACTIVITY.map((key) => [key, (Number(after[key]) - Number(before[key])) / messages]),
  );
}

async function storedOutcomes(connectionString) {
  const { rows } = await query(
    connectionString,
    `select
       (select count(*) from webhook_deliveries where status = 'delivered')::int as delivered,
       (select count(*) from webhook_attempts)::int as attempts`,
  );
  return rows[0];
}
