// Rows 2 and 4: one worker process of @dramarelay/webhook-notifier on the Kysely store,
// delivering deliveries already pending in PostgreSQL to the receiver process, 64 at a time.
// A delivery counts once its outcome (attempt row, delivery state) is committed: the
// `delivered` event is emitted after the settle statement returns.
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { childInput, mark, sendResult } from './child.mjs';
import { CONCURRENCY } from './fixtures.mjs';
import { createMeter, createRssSampler, within } from './meter.mjs';

const { connectionString, total, warmup, timeLimitMs, poolMax = 4, limits = {} } = childInput();
const rss = createRssSampler();
const db = new Kysely({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: poolMax }) }),
});
const notifier = createNotifier({
  store: createKyselyStore(db),
  ssrf: { allow: ['127.0.0.1'] },
  // One endpoint takes all 64, as the ceiling's one origin does.
  limits: { globalConcurrency: CONCURRENCY, perEndpointConcurrency: CONCURRENCY, ...limits },
});
const meter = createMeter({
  total,
  warmup,
  onWarm: () => mark('warm'),
  onDone: () => mark('done'),
});
const problems = { retried: 0, failed: 0, errors: [] };
notifier.on('delivered', () => meter.complete());
notifier.on('retry.scheduled', () => problems.retried++);
notifier.on('failed', () => problems.failed++);
notifier.on('error', (event) => {
  if (problems.errors.length < 5) problems.errors.push(`${event.during}: ${event.error}`);
});

await notifier.start();
await within(meter.finished, timeLimitMs);
const summary = meter.summary();
await notifier.stop();
await db.destroy();
await sendResult({ ...summary, ...problems, rss: rss.stop() });
