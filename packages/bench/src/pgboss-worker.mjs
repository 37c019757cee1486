// Row 3: what a user would build on a job queue instead. pg-boss holds one job per webhook
// (its data: the payload); the handler serialises it, signs it with receiver-verify's `sign`
// and POSTs it with undici (one Agent, 64 connections), 64 jobs in flight.
//
// mode "loop": `fetch` 64 jobs, send them all, `complete` them, at once again. One loop:
//   two or four loops of 32 or 16 were slower here (pg-boss 10's fetch sorts every pending
//   job of the queue, so concurrent fetches contend). It avoids `work()`'s pause of
//   `pollingIntervalSeconds` after every batch: pg-boss's best case at this concurrency.
// mode "work": the documented `work(queue, { batchSize: 64, pollingIntervalSeconds: 0.5 })`,
//   0.5 s being the smallest interval pg-boss accepts. Counted when the handler returns
//   (pg-boss then completes the batch without waiting).
import PgBoss from 'pg-boss';
import { Agent } from 'undici';
import { childInput, mark, sendResult } from './child.mjs';
import { CONCURRENCY, SECRET } from './fixtures.mjs';
import { createMeter, createRssSampler, within } from './meter.mjs';
import { postSigned } from './signed-post.mjs';

const input = childInput();
const { connectionString, port, queue, total, warmup, timeLimitMs, mode } = input;
const rss = createRssSampler();
const origin = `http://127.0.0.1:${port}`;
const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 4000 });
const boss = new PgBoss({ connectionString, max: 4, supervise: false, schedule: false });
const errors = [];
boss.on('error', (error) => {
  if (errors.length < 5) errors.push(error.message);
});
await boss.start();

async function deliver(job) {
  const body = Buffer.from(JSON.stringify(job.data));
  const status = await postSigned(
    agent,
    { origin, path: '/hook' },
    { id: job.id, body, secrets: SECRET, userAgent: 'pg-boss-bench' },
  );
  if (status !== 204) throw new Error(`HTTP ${status}`);
}

const meter = createMeter({
  total,
  warmup,
  onWarm: () => mark('warm'),
  onDone: () => mark('done'),
});
let running = true;
if (mode === 'work') {
  await boss.work(queue, { batchSize: CONCURRENCY, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    await Promise.all(jobs.map(deliver));
    meter.complete(jobs.length);
  });
} else {
  void (async () => {
    while (running) {
      const jobs = await boss.fetch(queue, { batchSize: CONCURRENCY });
      if (jobs.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      await Promise.all(jobs.map(deliver));
      await boss.complete(
        queue,
        jobs.map((job) => job.id),
      );
      meter.complete(jobs.length);
    }
  })().catch((error) => {
    errors.push(String(error));
    running = false;
  });
}
await within(meter.finished, timeLimitMs);
running = false;
const summary = meter.summary();
await boss.stop({ graceful: false, wait: true, timeout: 2000 }).catch(() => {});
await agent.close().catch(() => {});
await sendResult({ ...summary, errors, rss: rss.stop() });
