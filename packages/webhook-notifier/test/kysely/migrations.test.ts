import { getTestDatabase, type TestDatabase } from '@dramarelay/test-utils';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/admin/create-admin.js';
import {
  createKyselyStore,
  createWebhookMigrationProvider,
  migrateWebhookTables,
  WEBHOOK_MIGRATION_TABLE,
  webhookMigrations,
} from '../../src/kysely/index.js';
import { enqueueInput } from '../store-conformance/fixtures.js';
import { sendInput } from '../store-conformance/routing-fixtures.js';
import { connect } from './support/postgres.js';

let database: TestDatabase;
// biome-ignore lint/suspicious/noExplicitAny: a database before any migration
const open: Kysely<any>[] = [];

beforeAll(async () => {
  database = await getTestDatabase();
}, 120_000);
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});
// Seven databases to drop, each a checkpoint: more than the default 10 s on a busy machine.
afterAll(() => database.close(), 60_000);

async function freshDatabase() {
  const db = connect(await database.createDatabase());
  open.push(db);
  return db;
}

/** The notifier's tables and its migration bookkeeping, in name order. */
const ALL_TABLES = [
  'dramarelay_webhook_migration',
  'dramarelay_webhook_migration_lock',
  'webhook_attempts',
  'webhook_deliveries',
  'webhook_endpoints',
  'webhook_messages',
];

/** Names of the tables (or of the functions) in a schema, sorted. */
// biome-ignore lint/suspicious/noExplicitAny: a database of any shape
async function namesIn(db: Kysely<any>, schema: string, kind: 'tables' | 'routines') {
  const column = kind === 'tables' ? 'table' : 'routine';
  const { rows } = await sql<{ name: string }>`
    select ${sql.ref(`${column}_name`)} as name from ${sql.table(`information_schema.${kind}`)}
    where ${sql.ref(`${column}_schema`)} = ${schema} order by name
  `.execute(db);
  return rows.map((row) => row.name);
}
// biome-ignore lint/suspicious/noExplicitAny: a database of any shape
const tablesIn = (db: Kysely<any>, schema: string) => namesIn(db, schema, 'tables');
// biome-ignore lint/suspicious/noExplicitAny: a database of any shape
const functionsIn = (db: Kysely<any>, schema: string) => namesIn(db, schema, 'routines');

/** A fresh database migrated up to `name` only, as an older release left it. */
async function migratedTo(name: string) {
  const db = await freshDatabase();
  const migrator = new Migrator({
    db,
    provider: webhookMigrations,
    migrationTableName: WEBHOOK_MIGRATION_TABLE,
  });
  await migrator.migrateTo(name);
  return db;
}

describe('webhook migrations', () => {
  it('creates the four tables and the settle function, and records itself in its own migration table', async () => {
    const db = await freshDatabase();

    const results = await migrateWebhookTables(db);

    expect(results.map((r) => [r.migrationName, r.status])).toEqual([
      ['0001_create_webhook_tables', 'Success'],
      ['0002_settle_function', 'Success'],
      ['0003_operating_deliveries', 'Success'],
      ['0004_endpoint_records', 'Success'],
      ['0005_ordering_and_rate_limits', 'Success'],
      ['0006_message_trace_context', 'Success'],
      ['0007_claim_function', 'Success'],
    ]);
    expect(await functionsIn(db, 'public')).toEqual([
      'dramarelay_webhook_claim',
      'dramarelay_webhook_settle',
    ]);
    expect(await tablesIn(db, 'public')).toEqual(ALL_TABLES);
    expect(await migrateWebhookTables(db)).toEqual([]);
  });

  it('keeps the claim index partial: only pending deliveries are in it', async () => {
    const db = await freshDatabase();
    await migrateWebhookTables(db);

    const { rows } = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where indexname = 'webhook_deliveries_due_idx'
    `.execute(db);

    expect(rows[0]?.indexdef).toMatch(/\(next_attempt_at, id\) WHERE \(status = 'pending'::text\)/);
  });

  it("lives beside the application's own migrations without touching their table", async () => {
    const db = await freshDatabase();
    const appMigrator = new Migrator({
      db,
      provider: {
        getMigrations: async () => ({
          '0001_app': {
            async up(app) {
              await sql`create table orders (id text)`.execute(app);
            },
          },
        }),
      },
    });
    await appMigrator.migrateToLatest();

    await migrateWebhookTables(db);

    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    expect(rows.map((row) => row.name)).toEqual(['0001_app']);
    expect(await appMigrator.migrateToLatest()).toEqual({ results: [] });
  });

  it('runs with a plain Migrator and the documented table name, and migrates down again', async () => {
    const db = await freshDatabase();
    const migrator = new Migrator({
      db,
      provider: webhookMigrations,
      migrationTableName: WEBHOOK_MIGRATION_TABLE,
    });

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await tablesIn(db, 'public')).toContain('webhook_deliveries');
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await functionsIn(db, 'public')).toEqual(['dramarelay_webhook_settle']);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await functionsIn(db, 'public')).toEqual(['dramarelay_webhook_settle']);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await functionsIn(db, 'public')).toEqual([]);
    expect((await migrator.migrateDown()).error).toBeUndefined();

    expect((await tablesIn(db, 'public')).filter((name) => name.startsWith('webhook_'))).toEqual(
      [],
    );
  });

  it('creates its tables and bookkeeping in a schema of their own when asked', async () => {
    const db = await freshDatabase();

    await migrateWebhookTables(db, { schema: 'notifier' });

    expect(await tablesIn(db, 'notifier')).toEqual(ALL_TABLES);
    expect(await functionsIn(db, 'notifier')).toEqual([
      'dramarelay_webhook_claim',
      'dramarelay_webhook_settle',
    ]);
    expect(await tablesIn(db, 'public')).toEqual([]);
    expect(await functionsIn(db, 'public')).toEqual([]);
    const provider = createWebhookMigrationProvider({ schema: 'notifier' });
    expect(Object.keys(await provider.getMigrations())).toEqual([
      '0001_create_webhook_tables',
      '0002_settle_function',
      '0003_operating_deliveries',
      '0004_endpoint_records',
      '0005_ordering_and_rate_limits',
      '0006_message_trace_context',
      '0007_claim_function',
    ]);
  });

  it('upgrades a database with history from before 0003: endpoints gain empty health fields, old attempts still count', async () => {
    const db = await migratedTo('0002_settle_function');
    const store = createKyselyStore(db);
    await sql`
      insert into webhook_endpoints (id, url, scheme, secrets)
      values ('ep_old', 'https://old.example.com/hook', 'standard-webhooks', array['whsec_x'])`.execute(
      db,
    );
    await sql`
      insert into webhook_messages (id, event_type, body, created_at)
      values ('msg_old', 'task.completed', '\\x7b7d'::bytea, '2026-01-01T00:00:00Z')`.execute(db);
    await sql`
      insert into webhook_deliveries (id, message_id, endpoint_id, status, next_attempt_at,
        created_at, updated_at)
      values ('dlv_old', 'msg_old', 'ep_old', 'delivered', now(), '2026-01-01T00:00:00Z', now())`.execute(
      db,
    );
    await sql`
      insert into webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code)
      values ('dlv_old', 1, '2026-01-01T00:00:01Z', 25, 200)`.execute(db);

    await migrateWebhookTables(db);

    expect(await store.getEndpoint('ep_old')).toMatchObject({
      disabledCause: null,
      lastSuccessAt: null,
      previousSecrets: [],
      previousSecretsExpireAt: null,
    });
    const stats = await createAdmin({ store }).stats({
      since: new Date('2026-01-01T00:00:00Z'),
      until: new Date('2026-01-02T00:00:00Z'),
    });
    expect(stats.endpoints).toMatchObject([
      { endpointId: 'ep_old', delivered: 1, attempts: 1, latencyMs: { p50: 25 } },
    ]);
  });

  it('upgrades a database from before 0004: inline keys still deduplicate, endpoints are inline, and down keeps one message per key', async () => {
    const db = await freshDatabase();
    const migrator = new Migrator({
      db,
      provider: webhookMigrations,
      migrationTableName: WEBHOOK_MIGRATION_TABLE,
    });
    await migrator.migrateTo('0003_operating_deliveries');
    const store = createKyselyStore(db);
    await sql`
      insert into webhook_endpoints (id, url, scheme, secrets)
      values ('ep_a', 'https://ep-a.example.com/hook', 'standard-webhooks', array['whsec_x'])`.execute(
      db,
    );
    await sql`
      insert into webhook_messages (id, event_type, body, idempotency_key, created_at)
      values ('msg_0001', 'task.completed', '\\x7b7d'::bytea, 'order-42', now())`.execute(db);
    await sql`
      insert into webhook_deliveries (id, message_id, endpoint_id, status, next_attempt_at,
        created_at, updated_at)
      values ('dlv_0001', 'msg_0001', 'ep_a', 'pending', now(), now(), now())`.execute(db);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    const again = await store.enqueue(enqueueInput(2, { key: 'order-42' }));
    expect(again).toMatchObject({ created: false, message: { id: 'msg_0001', tenant: null } });
    expect(await store.getEndpoint('ep_a')).toMatchObject({
      registered: false,
      tenant: null,
      eventTypes: [],
      metadata: {},
    });
    await store.send(sendInput(3, 'task.completed', { key: 'order-42' }));
    await store.send(sendInput(4, 'task.completed', { key: 'order-42', tenant: 'globex' }));

    expect((await migrator.migrateTo('0003_operating_deliveries')).error).toBeUndefined();
    const { rows } = await sql<{ id: string; idempotency_key: string | null }>`
      select id, idempotency_key from webhook_messages order by id`.execute(db);
    expect(rows).toEqual([
      { id: 'msg_0001', idempotency_key: 'order-42' },
      { id: 'msg_s0003', idempotency_key: null },
      { id: 'msg_s0004', idempotency_key: null },
    ]);
  });

  it('upgrades a database with pending deliveries from before 0005: they stay unordered and unlimited, and go', async () => {
    const db = await migratedTo('0004_endpoint_records');
    await sql`
      insert into webhook_endpoints (id, url, scheme, secrets)
      values ('ep_old', 'https://old.example.com/hook', 'standard-webhooks', array['whsec_x'])`.execute(
      db,
    );
    await sql`
      insert into webhook_messages (id, event_type, body, created_at)
      select 'msg_old' || n, 'task.completed', '\\x7b7d'::bytea, '2026-01-01T00:00:00Z'
      from generate_series(1, 2) n`.execute(db);
    await sql`
      insert into webhook_deliveries (id, message_id, endpoint_id, status, next_attempt_at,
        created_at, updated_at)
      select 'dlv_old' || n, 'msg_old' || n, 'ep_old', 'pending', '2026-01-01T00:00:00Z',
        '2026-01-01T00:00:00Z', now()
      from generate_series(1, 2) n`.execute(db);

    await migrateWebhookTables(db);

    const store = createKyselyStore(db);
    expect(await store.getEndpoint('ep_old')).toMatchObject({ rateLimit: null });
    expect(await store.getDelivery('dlv_old1')).toMatchObject({ orderingKey: null });
    const claimed = await store.claimDue({
      now: new Date('2026-01-01T00:00:01Z'),
      limit: 10,
      workerId: 'w',
      leaseMs: 60_000,
    });
    expect(claimed.map((c) => c.delivery.id)).toEqual(['dlv_old1', 'dlv_old2']);
  });

  it('upgrades a database from before 0007: a claim leaves the indexes alone, its lease written beside each row on its page', async () => {
    const db = await migratedTo('0006_message_trace_context');
    await migrateWebhookTables(db);
    await sql`
      insert into webhook_endpoints (id, url, scheme, secrets)
      values ('ep_a', 'https://a.example.com/hook', 'standard-webhooks', array['whsec_x'])`.execute(
      db,
    );
    await sql`
      insert into webhook_messages (id, event_type, body, created_at)
      select 'msg_' || lpad(n::text, 4, '0'), 'task.completed', '\\x7b7d'::bytea, '2026-01-01T00:00:00Z'
      from generate_series(1, 300) n`.execute(db);
    await sql`
      insert into webhook_deliveries (id, message_id, endpoint_id, status, next_attempt_at,
        created_at, updated_at)
      select 'dlv_' || lpad(n::text, 4, '0'), 'msg_' || lpad(n::text, 4, '0'), 'ep_a', 'pending',
        '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
      from generate_series(1, 300) n`.execute(db);
    const pages = async () => {
      const { rows } = await sql<{ id: string; page: string }>`
        select id, (ctid::text::point)[0]::text as page from webhook_deliveries order by id`.execute(
        db,
      );
      return rows;
    };
    const before = await pages();

    const claimed = await createKyselyStore(db).claimDue({
      now: new Date('2026-01-01T00:00:01Z'),
      limit: 300,
      workerId: 'w',
      leaseMs: 60_000,
    });

    expect(claimed).toHaveLength(300);
    // A row rewritten on its own page is a HOT update: no new entry in any index.
    const moved = (await pages()).filter((row, i) => row.page !== before[i]!.page);
    expect(moved.length).toBeLessThan(300 / 10);
  });

  it('never JIT-compiles a claim or a settle: on a large backlog compiling took 1.4 s a claim', async () => {
    const db = await migratedTo('0007_claim_function');
    const { rows } = await sql<{ proname: string; proconfig: string[] | null }>`
      select proname, proconfig from pg_proc
      where proname in ('dramarelay_webhook_claim', 'dramarelay_webhook_settle')
        and pronamespace = current_schema()::regnamespace
      order by proname`.execute(db);
    expect(rows).toEqual([
      { proname: 'dramarelay_webhook_claim', proconfig: ['jit=off'] },
      { proname: 'dramarelay_webhook_settle', proconfig: ['jit=off'] },
    ]);
  });

  it('lets every worker process migrate at start-up at the same time', async () => {
    const url = await database.createDatabase();
    const workers = Array.from({ length: 4 }, () => connect(url));
    open.push(...workers);

    const results = await Promise.all(workers.map((db) => migrateWebhookTables(db)));

    expect(results.flat().filter((r) => r.status === 'Success')).toHaveLength(7);
    expect(await tablesIn(workers[0]!, 'public')).toContain('webhook_attempts');
  });
});
