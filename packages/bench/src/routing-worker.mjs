// A delivery worker of the routing bench: the built package on the Kysely store, retries
// 20 ms apart (the receiver fails at random), 200 ms polling. Messages: ready, then on
// `stop` a `stopped` with how many deliveries it completed.
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { childInput } from './child.mjs';

const { connectionString, workerId } = childInput();
const db = new Kysely({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 4 }) }),
});
const notifier = createNotifier({
  store: createKyselyStore(db, { listen: { connectionString } }),
  ssrf: { allow: ['127.0.0.1'] },
  workerId,
  retry: { schedule: Array(30).fill(20), jitter: 'none' },
  limits: { pollIntervalMs: 200 },
});
let delivered = 0;
let skipped = 0;
notifier.on('delivered', () => delivered++);
notifier.on('ordering.skipped', () => skipped++);
process.on('message', async (message) => {
  if (message?.type !== 'stop') return;
  await notifier.stop();
  await db.destroy();
  process.send({ type: 'stopped', delivered, skipped }, () => process.exit(0));
});
await notifier.start();
process.send({ type: 'ready' });
