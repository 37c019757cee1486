// Where PostgreSQL's CPU goes per delivered message, on row 2's workload (issue 16).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @dramarelay/bench pg-cost
//
// Each case runs on a scratch database of its own, bulk-loaded as row 2 is (`loadBacklog`),
// then CHECKPOINTed:
// - `worker`: the notifier worker of row 2 (`notifier-worker.mjs`, 64 in flight) over the
//   backlog. PostgreSQL CPU per delivered message between its `warm` and `done` marks: all of
//   the server's processes (what row 2 reports), and the backends of the scratch database
//   alone (the other agents' databases left out).
// - `parts`: no HTTP, no engine. One connection runs the store's own `claimDue` (64 at a
//   time) and `settle` (fake `delivered` outcomes, in batches of PG_COST_SETTLE_BATCH), and
//   the CPU of that one backend is read around each call (/proc/<pid>/schedstat, ns).
//   Variants of the same loop take one part away at a time, on a scratch database only:
//   `no-attempt-row` (the settle function without its insert), `no-extra-indexes` (only the
//   primary keys and the due index left), `unlogged` (no WAL), `no-fpi` (no CHECKPOINT after
//   the load, so no full-page images), `async-commit` (synchronous_commit off: no WAL flush
//   wait in the commit), `generic-plan` (plan_cache_mode force_generic_plan: no statement
//   planned again). The difference to `parts` is what that part costs.
// Every case also reports its WAL (records, bytes, full-page images, by table and index:
// pg_walinspect over the run's LSN range, the scratch database's blocks only, kept by a
// replication slot for the run), commits, and updates (HOT or not) and inserts per message.
// `<case>-before` runs a case on an older build of the notifier (its migrations, its store,
// its worker), named by PG_COST_BEFORE_DIST (a dist/ directory), so that before and after
// alternate in one run.
//
// PG_COST_ROUNDS (3), PG_COST_MESSAGES (20000), PG_COST_CASES (all, comma-separated),
// PG_COST_CLAIM_BATCH (64), PG_COST_SETTLE_BATCH (32).
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as current from '@dramarelay/webhook-notifier/kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { runChild, startHelper } from './child.mjs';
import { loadBacklog } from './load.mjs';
import { checkpoint, openServer, query, scratchDatabase } from './postgres.mjs';
import { serverCpuBetween, serverCpuReader } from './server-cpu.mjs';

const env = (name, fallback) => process.env[name] ?? fallback;
const rounds = Number(env('PG_COST_ROUNDS', 3));
const messages = Number(env('PG_COST_MESSAGES', 20_000));
const claimBatch = Number(env('PG_COST_CLAIM_BATCH', 64));
const settleBatch = Number(env('PG_COST_SETTLE_BATCH', 32));
const warmup = Math.min(2_000, Math.floor(messages / 10));

/** What each variant changes on its scratch database before the checkpoint. */
const VARIANTS = {
  parts: [],
  'no-attempt-row': [noAttemptRow],
  'no-extra-indexes': [dropExtraIndexes],
  unlogged: [
    'alter table webhook_attempts set unlogged',
    'alter table webhook_deliveries set unlogged',
  ],
  'no-fpi': [],
  'async-commit': [],
  'generic-plan': [],
};
const cases = env('PG_COST_CASES', ['worker', ...Object.keys(VARIANTS)].join(',')).split(',');
// `<case>-before`: the same case on an older build of the notifier (its migrations too).
const beforeDist = process.env.PG_COST_BEFORE_DIST;
const before = beforeDist && (await import(pathToFileURL(`${beforeDist}/kysely.js`).href));
if (beforeDist) process.env.PG_COST_NOTIFIER_DIST = beforeDist;
const hooks = new URL('./pg-cost-hooks.mjs', import.meta.url).href;

const server = await openServer();
const serverCpu = await serverCpuReader(server.adminUrl);
const postmaster = await postmasterPid(server.adminUrl);
await query(server.adminUrl, 'create extension if not exists pg_walinspect');
const receiver = await startHelper('./receiver.mjs');
const url = `http://127.0.0.1:${receiver.port}/hook`;

const results = {};
try {
  for (let round = 1; round <= rounds; round++) {
    for (const name of cases) {
      const [base, old] = name.split('-before');
      const notifier = old === undefined ? current : before;
      if (notifier === undefined) throw new Error(`${name}: set PG_COST_BEFORE_DIST`);
      const result =
        base === 'worker'
          ? await workerCase(name, old !== undefined)
          : await partsCase(name, base, notifier);
      results[name] = [...(results[name] ?? []), result];
      console.log(`[pg-cost] round ${round} ${name}: ${JSON.stringify(result)}`);
    }
  }
} finally {
  receiver.child.send({ type: 'stop' });
  await server.stop();
}
console.log(`\n${render(results)}`);

/** Row 2's worker over the backlog. */
async function workerCase(name, old) {
  return onScratch(name, 'worker', old ? before : current, async (database) => {
    const marks = {};
    const before = await counters(database);
    const run = await runChild(
      './notifier-worker.mjs',
      {
        connectionString: database.connectionString,
        total: messages,
        warmup,
        timeLimitMs: 240_000,
      },
      {
        timeoutMs: 300_000,
        ...(old ? { execArgv: ['--import', hooks] } : {}),
        onMark: (name) => {
          marks[name] = {
            server: serverCpu?.(),
            db: databaseCpuNs(database.name),
            background: databaseCpuNs(/(walwriter|background writer|checkpointer)/),
          };
        },
      },
    );
    // The worker's backends flush their statistics as they exit.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await counters(database);
    const per = (x) => x / run.measured;
    return {
      perSecond: Math.round(run.perSecond),
      serverUs: per(serverCpuBetween(marks.warm.server, marks.done.server) * 1000),
      databaseUs: per((marks.done.db - marks.warm.db) / 1000),
      // WAL writer, background writer, checkpointer: shared with every database on the server.
      backgroundUs: per((marks.done.background - marks.warm.background) / 1000),
      ...(await perMessage(database, before, after, run.completed)),
    };
  });
}

/** The store's claim and settle in a loop on one connection, no HTTP. */
async function partsCase(name, variant, notifier) {
  return onScratch(name, variant, notifier, async (database) => {
    const pool = new pg.Pool({ connectionString: database.connectionString, max: 1 });
    if (variant === 'async-commit')
      pool.on('connect', (c) => c.query('set synchronous_commit = off'));
    const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    try {
      const store = notifier.createKyselyStore(db);
      const { rows } = await pool.query('select pg_backend_pid() as pid');
      const backend = rows[0].pid;
      const spent = { claim: 0, settle: 0 };
      const timed = async (part, work) => {
        const start = schedNs(backend);
        const out = await work();
        spent[part] += schedNs(backend) - start;
        return out;
      };
      const before = await counters(database);
      let done = 0;
      while (done < messages) {
        const now = new Date();
        const claimed = await timed('claim', () =>
          store.claimDue({
            now,
            limit: Math.min(claimBatch, messages - done),
            workerId: 'pg-cost',
            leaseMs: 60_000,
            perEndpointLimit: 2 * claimBatch,
          }),
        );
        if (claimed.length === 0) throw new Error(`claim found nothing after ${done}`);
        for (let i = 0; i < claimed.length; i += settleBatch) {
          const outcomes = claimed.slice(i, i + settleBatch).map(delivered);
          await timed('settle', () => store.settle(outcomes));
        }
        done += claimed.length;
      }
      await pool.query('select pg_stat_force_next_flush()');
      await pool.query('select 1');
      const after = await counters(database);
      return {
        claimUs: spent.claim / 1000 / done,
        settleUs: spent.settle / 1000 / done,
        totalUs: (spent.claim + spent.settle) / 1000 / done,
        ...(await perMessage(database, before, after, done)),
      };
    } finally {
      await db.destroy();
    }
  });
}

function delivered({ delivery }) {
  return {
    deliveryId: delivery.id,
    workerId: 'pg-cost',
    leaseExpiresAt: delivery.leaseExpiresAt,
    status: 'delivered',
    attempt: {
      deliveryId: delivery.id,
      attempt: delivery.attempts + 1,
      startedAt: new Date(),
      durationMs: 2,
      statusCode: 204,
      errorClass: null,
      error: null,
      responseHeaders: {},
      responseExcerpt: null,
    },
  };
}

async function onScratch(name, label, notifier, work) {
  const database = await scratchDatabase(server, `pgcost${name.replace(/\W/g, '')}`);
  database.name = new URL(database.connectionString).pathname.slice(1);
  try {
    const db = new Kysely({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: database.connectionString, max: 1 }),
      }),
    });
    await notifier.migrateWebhookTables(db).finally(() => db.destroy());
    await loadBacklog(database.connectionString, url, messages + 1_000);
    for (const change of VARIANTS[label] ?? []) {
      if (typeof change === 'string') await query(database.connectionString, change);
      else await change(database.connectionString);
    }
    // Keeps the run's WAL for pg_walinspect: other databases' drops force checkpoints.
    await query(
      server.adminUrl,
      `select pg_create_physical_replication_slot('${database.name}', true)`,
    );
    if (label !== 'no-fpi') await checkpoint(database.connectionString);
    return await work(database);
  } finally {
    await query(server.adminUrl, `select pg_drop_replication_slot('${database.name}')`).catch(
      () => {},
    );
    await database.drop();
  }
}

/** Cumulative figures of the scratch database: commits, table counters, the WAL position. */
async function counters(database) {
  const { rows: tables } = await query(
    database.connectionString,
    `select relname, n_tup_ins::int as ins, n_tup_upd::int as upd, n_tup_hot_upd::int as hot
     from pg_stat_user_tables where relname like 'webhook_%'`,
  );
  const { rows } = await query(
    server.adminUrl,
    `select xact_commit::int as commits, pg_current_wal_lsn()::text as lsn, datid::int as oid
     from pg_stat_database where datname = $1`,
    [database.name],
  );
  return { tables, ...rows[0] };
}

/**
 * Per delivered message, from two `counters` taken around a run (after the run's backends
 * flushed their statistics), with the WAL the scratch database's blocks took in between, by
 * relation.
 */
async function perMessage(database, before, after, fallback) {
  // Every settled message appends one attempt row, except in `no-attempt-row`.
  const attempts = after.tables.find((t) => t.relname === 'webhook_attempts');
  const settled = attempts?.ins > 0 ? attempts.ins : fallback;
  const per = (x) => Math.round((x / settled) * 100) / 100;
  const tables = {};
  for (const table of after.tables) {
    const old = before.tables.find((t) => t.relname === table.relname);
    const upd = table.upd - old.upd;
    if (table.ins - old.ins + upd === 0) continue;
    tables[table.relname.replace('webhook_', '')] = {
      ins: per(table.ins - old.ins),
      upd: per(upd),
      hot: per(table.hot - old.hot),
    };
  }
  const wal = await walBetween(database, before, after);
  return {
    commits: per(after.commits - before.commits),
    tables,
    walBytes: per(wal.bytes),
    walRecords: per(wal.records),
    fpi: per(wal.fpi),
    fpiBytes: per(wal.fpiBytes),
    walByRelation: Object.fromEntries(
      wal.byRelation.map((r) => [
        r.relation,
        `${per(r.records)} rec ${per(r.bytes)} B ${per(r.fpi)} fpi`,
      ]),
    ),
  };
}

async function walBetween(database, before, after) {
  // pg_walinspect reads flushed WAL only (an asynchronous commit may not be yet).
  for (let waited = 0; waited < 50; waited++) {
    const { rows } = await query(
      server.adminUrl,
      'select pg_current_wal_flush_lsn() >= $1::pg_lsn as flushed',
      [after.lsn],
    );
    if (rows[0].flushed) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { rows } = await query(
    server.adminUrl,
    `with rec as (
       select record_length, fpi_length,
         substring(block_ref from 'rel \\d+/${before.oid}/(\\d+)') as filenode,
         (length(block_ref) - length(replace(block_ref, 'FPW', ''))) / 3 as fpis
       from pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)
       where block_ref like '%/${before.oid}/%'
     )
     select filenode, count(*)::int as records, sum(record_length)::int as bytes,
       sum(fpis)::int as fpi, sum(fpi_length)::int as fpi_bytes
     from rec group by 1 order by 3 desc`,
    [before.lsn, after.lsn],
  );
  // pg_class is per database: the names come from the scratch database itself.
  const { rows: names } = await query(
    database.connectionString,
    'select relfilenode::text as filenode, relname from pg_class where relfilenode = any($1::oid[])',
    [rows.map((row) => row.filenode).filter((f) => f !== null)],
  );
  const nameOf = new Map(names.map((n) => [n.filenode, n.relname.replace('webhook_', '')]));
  for (const row of rows) row.relation = nameOf.get(row.filenode) ?? `filenode ${row.filenode}`;
  const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
  return {
    bytes: sum('bytes'),
    records: sum('records'),
    fpi: sum('fpi'),
    fpiBytes: sum('fpi_bytes'),
    byRelation: rows,
  };
}

async function noAttemptRow(connectionString) {
  const { rows } = await query(
    connectionString,
    `select pg_get_functiondef('dramarelay_webhook_settle'::regproc) as def`,
  );
  const def = rows[0].def;
  const start = def.indexOf('appended as (');
  const end = def.indexOf('moved as (');
  if (start < 0 || end < 0) throw new Error('settle function: no `appended` part found');
  await query(connectionString, def.slice(0, start) + def.slice(end));
}

async function dropExtraIndexes(connectionString) {
  const { rows } = await query(
    connectionString,
    `select indexrelid::regclass::text as name from pg_index i
     join pg_class c on c.oid = i.indrelid
     where c.relname in ('webhook_deliveries', 'webhook_attempts') and not i.indisprimary
       and indexrelid::regclass::text not in ('webhook_deliveries_due_idx',
         'webhook_deliveries_ordering_idx', 'webhook_deliveries_ordered_due_idx')`,
  );
  for (const { name } of rows) await query(connectionString, `drop index ${name}`);
}

/** ns on CPU of one process (the first field of /proc/<pid>/schedstat). */
function schedNs(pid) {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

/**
 * ns on CPU of the server's processes alive now whose title names database `name` (its
 * backends), or matches `name` when it is a RegExp.
 */
function databaseCpuNs(name) {
  const matches = (title) =>
    name instanceof RegExp ? name.test(title) : title.includes(` ${name} `);
  let ns = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== postmaster) continue;
      if (!matches(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) continue;
      ns += schedNs(pid);
    } catch {
      // Exited meanwhile.
    }
  }
  return ns;
}

async function postmasterPid(adminUrl) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Read while connected: a backend is a child of the postmaster until it disconnects.
    const { rows } = await client.query('select pg_backend_pid() as pid');
    const stat = readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } finally {
    await client.end();
  }
}

function render(all) {
  const median = (values) => {
    const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  const spread = (values) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
  const lines = [
    '| case | µs/msg (median, spread) | commits | WAL B | FPI | deliveries upd (hot) |',
  ];
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const [name, runs] of Object.entries(all)) {
    const key = name.startsWith('worker') ? 'serverUs' : 'totalUs';
    const us = runs.map((r) => r[key]);
    const extra = name.startsWith('worker')
      ? ` (db ${median(runs.map((r) => r.databaseUs)).toFixed(1)})`
      : ` (claim ${median(runs.map((r) => r.claimUs)).toFixed(1)}, settle ${median(runs.map((r) => r.settleUs)).toFixed(1)})`;
    const d = runs[0].tables.deliveries ?? {};
    lines.push(
      `| ${name} | ${median(us).toFixed(1)} [${spread(us)}]${extra} | ${median(runs.map((r) => r.commits))} | ${median(runs.map((r) => r.walBytes))} | ${median(runs.map((r) => r.fpi))} | ${d.upd} (${d.hot}) |`,
    );
  }
  return lines.join('\n');
}
