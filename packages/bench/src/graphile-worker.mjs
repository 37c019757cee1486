// The graphile-worker row: graphile-worker 0.17.3 in one process, tuned as its performance
// docs tune it (https://worker.graphile.org/docs/performance): a local queue of 500,
// completions and failures batched (`completeJobBatchDelay` / `failJobBatchDelay` 0), a pool
// of concurrency + 1 connections, and a logger that drops debug and info. One job per
// webhook (its payload: the message); the task serialises it, signs it with
// receiver-verify's `sign` and POSTs it with undici (one Agent, 64 connections), 64 at a time.
//
// A job counts once graphile-worker has removed it from its jobs table. With batched
// completions its `job:complete` event fires when the job is handed to the batch, before
// the batch's DELETE has run, and no event follows the commit. So the pool it is given
// reports each of its own `delete from ..._private_jobs` statements when PostgreSQL has
// answered (each runs alone, autocommitted): the rows it removed are counted at that moment.
// Polling the table instead would add its own queries to the row's PostgreSQL CPU and blur
// the end of the run by its interval.
import { EventEmitter } from 'node:events';
import { Logger, run } from 'graphile-worker';
import pg from 'pg';
import { Agent } from 'undici';
import { childInput, mark, sendResult } from './child.mjs';
import { CONCURRENCY, SECRET } from './fixtures.mjs';
import { createMeter, createRssSampler, within } from './meter.mjs';
import { postSigned } from './signed-post.mjs';

const { connectionString, port, task, total, warmup, timeLimitMs } = childInput();
const rss = createRssSampler();
const origin = `http://127.0.0.1:${port}`;
const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 4000 });
const problems = { failedAttempts: 0, errors: [] };
const note = (text) => {
  if (problems.errors.length < 5) problems.errors.push(text);
};
const meter = createMeter({
  total,
  warmup,
  onWarm: () => mark('warm'),
  onDone: () => mark('done'),
});

const pgPool = new pg.Pool({ connectionString, max: CONCURRENCY + 1 });
pgPool.on('error', (error) => note(`pool: ${error.message}`));
pgPool.on('connect', (client) => countRemovals(client));

// Warnings and errors only, as a production deployment would log.
const logger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') note(`${level}: ${message}`);
});
const events = new EventEmitter();
events.on('job:error', ({ error }) => {
  problems.failedAttempts++;
  note(`job: ${error?.message ?? error}`);
});

const runner = await run({
  pgPool,
  concurrency: CONCURRENCY,
  noHandleSignals: true,
  logger,
  events,
  taskList: { [task]: deliver },
  preset: {
    worker: {
      localQueue: { size: 500 },
      completeJobBatchDelay: 0,
      failJobBatchDelay: 0,
    },
  },
});

async function deliver(payload, helpers) {
  const body = Buffer.from(JSON.stringify(payload));
  const status = await postSigned(
    agent,
    { origin, path: '/hook' },
    { id: helpers.job.id, body, secrets: SECRET, userAgent: 'graphile-worker-bench' },
  );
  if (status !== 204) throw new Error(`HTTP ${status}`);
}

/** Counts the jobs each of graphile-worker's DELETE statements removed, once it returns. */
function countRemovals(client) {
  const query = client.query;
  client.query = function countingQuery(config, ...rest) {
    const result = query.call(this, config, ...rest);
    const text = typeof config === 'string' ? config : config?.text;
    if (typeof text === 'string' && /^delete from \S+\._private_jobs\b/.test(text)) {
      // A failed statement is graphile-worker's to retry (and report as an error).
      result.then(
        (answer) => meter.complete(answer.rowCount),
        () => {},
      );
    }
    return result;
  };
}

await within(meter.finished, timeLimitMs);
const summary = meter.summary();
await runner.stop().catch((error) => note(`stop: ${error.message}`));
const { rows } = await pgPool.query(
  'select count(*)::int as left from graphile_worker._private_jobs',
);
await pgPool.end();
await agent.close().catch(() => {});
await sendResult({ ...summary, ...problems, jobsLeft: rows[0].left, rss: rss.stop() });
