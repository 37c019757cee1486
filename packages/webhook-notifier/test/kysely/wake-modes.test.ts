import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createKyselyStore, DEFAULT_NOTIFY_CHANNEL } from '../../src/kysely/index.js';
import { enqueueInput } from '../store-conformance/fixtures.js';
import { truncateWebhookTables, usePostgres } from './support/postgres.js';

const postgres = usePostgres();

/** A LISTEN connection that records which backend sent each notification. */
async function listen() {
  const client = new pg.Client({ connectionString: postgres.database.connectionString });
  await client.connect();
  const senders: number[] = [];
  const waiters: (() => void)[] = [];
  client.on('notification', (message) => {
    if (message.channel !== DEFAULT_NOTIFY_CHANNEL) return;
    senders.push(message.processId);
    for (const resolve of waiters.splice(0)) resolve();
  });
  await client.query(`LISTEN ${DEFAULT_NOTIFY_CHANNEL}`);
  return {
    senders,
    /** The sender of the first notification, once one has arrived. */
    async first(): Promise<number> {
      while (senders.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
      return senders[0]!;
    },
    /** Whatever a notification could still be on its way: a round trip through the server. */
    async quiet(ms: number) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      await client.query('select 1');
    },
    end: () => client.end(),
  };
}

/** A store on a pool of its own with a single connection, closed after the test. */
function storeOnOneConnection() {
  const storeDb = new Kysely({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: postgres.database.connectionString, max: 1 }),
    }),
  });
  onTestFinished(() => storeDb.destroy());
  return { store: createKyselyStore(storeDb), storeDb };
}

describe('how enqueue wakes listening workers', () => {
  let listener: Awaited<ReturnType<typeof listen>>;
  beforeEach(async () => {
    await truncateWebhookTables(postgres.db);
    listener = await listen();
  });
  afterEach(() => listener.end());

  it('notifies from the store’s pool after the commit, not from the committing transaction', async () => {
    // The store on a pool of its own, the application's transaction on another.
    const { store } = storeOnOneConnection();
    const tx = await postgres.db.startTransaction().execute();
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
    await store.enqueue(enqueueInput(1), tx);
    await tx.commit().execute();

    const sender = await listener.first();
    expect(sender).not.toBe(rows[0]!.pid);
    await listener.quiet(100);
    expect(listener.senders).toHaveLength(1);
  });

  it("leaves the pool's connection committing durably after it sent the wake-up", async () => {
    // One connection: the wake-up's and the next enqueue's. It commits durably whatever the
    // server's default (the embedded test server runs with synchronous_commit off).
    const { store, storeDb } = storeOnOneConnection();
    await sql`set synchronous_commit = on`.execute(storeDb);
    await store.enqueue(enqueueInput(1));
    await listener.first();
    const { rows } = await sql<{ setting: string }>`
      select current_setting('synchronous_commit') as setting`.execute(storeDb);
    expect(rows[0]!.setting).toBe('on');
  });

  it('wakes workers for a transaction that commits long after its enqueue', async () => {
    const store = createKyselyStore(postgres.db);
    const tx = await postgres.db.startTransaction().execute();
    await store.enqueue(enqueueInput(201), tx);
    await listener.quiet(300);
    expect(listener.senders).toHaveLength(0);
    await tx.commit().execute();
    await listener.first();
  });

  it('never notifies for a fan-out or enqueue whose transaction rolled back', async () => {
    const store = createKyselyStore(postgres.db);
    const tx = await postgres.db.startTransaction().execute();
    // An id no other test uses: the store watches for it for 10 s.
    await store.enqueue(enqueueInput(101), tx);
    await tx.rollback().execute();
    await listener.quiet(300);
    expect(listener.senders).toHaveLength(0);
  });

  it('wakes workers once for a whole batch written in a transaction, after its commit', async () => {
    const store = createKyselyStore(postgres.db);
    const tx = await postgres.db.startTransaction().execute();
    const inputs = Array.from({ length: 50 }, (_, i) => enqueueInput(301 + i));
    await store.enqueueMany!(inputs, tx);
    await listener.quiet(100);
    expect(listener.senders).toHaveLength(0);
    await tx.commit().execute();
    await listener.first();
    await listener.quiet(100);
    expect(listener.senders).toHaveLength(1);
  });

  it("puts the notification in the writing transaction with wake 'at-commit'", async () => {
    const store = createKyselyStore(postgres.db, { wake: 'at-commit' });
    const tx = await postgres.db.startTransaction().execute();
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
    await store.enqueue(enqueueInput(1), tx);
    await tx.commit().execute();
    expect(await listener.first()).toBe(rows[0]!.pid);
  });

  it('sends no notification at all with wake false (workers poll)', async () => {
    const store = createKyselyStore(postgres.db, { wake: false });
    await store.enqueue(enqueueInput(1));
    const tx = await postgres.db.startTransaction().execute();
    await store.enqueue(enqueueInput(2), tx);
    await tx.commit().execute();
    await listener.quiet(300);
    expect(listener.senders).toHaveLength(0);
    expect(await store.countPending()).toBe(2);
  });
});

describe('enqueue with an endpoint it wrote a moment ago', () => {
  beforeEach(() => truncateWebhookTables(postgres.db));

  it('still writes new secrets at once, and stores the idempotent repeat once', async () => {
    const store = createKyselyStore(postgres.db);
    await store.enqueue(enqueueInput(1));
    const rotated = enqueueInput(2);
    rotated.endpoint = { ...rotated.endpoint, secrets: ['whsec_rotated'] };
    await store.enqueue(rotated);
    expect((await store.getEndpoint('ep_a'))?.secrets).toEqual(['whsec_rotated']);

    const keyed = enqueueInput(3, { key: 'order-3' });
    keyed.endpoint = rotated.endpoint;
    const first = await store.enqueue(keyed);
    const again = await store.enqueue({ ...keyed, deliveryId: 'dlv_9999' });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, delivery: { id: first.delivery.id } });
    expect(await store.countPending()).toBe(3);
  });

  it('writes the endpoint again when its row went since (tables emptied by hand)', async () => {
    const store = createKyselyStore(postgres.db);
    await store.enqueue(enqueueInput(1));
    await truncateWebhookTables(postgres.db);
    await store.enqueue(enqueueInput(2));
    expect(await store.getEndpoint('ep_a')).toMatchObject({ id: 'ep_a' });
    expect(await store.countPending()).toBe(1);
  });

  it('fails a repeatable-read transaction older than a new endpoint as PostgreSQL fails such writes (40001: retry), never with a foreign-key error', async () => {
    const store = createKyselyStore(postgres.db);
    const tx = await postgres.db.startTransaction().setIsolationLevel('repeatable read').execute();
    await sql`select count(*) from webhook_endpoints`.execute(tx);
    await store.enqueue(enqueueInput(401, { endpointId: 'ep_new' }));
    const result = store.enqueue(enqueueInput(402, { endpointId: 'ep_new' }), tx);
    await expect(result).rejects.toMatchObject({ code: '40001' });
    await tx.rollback().execute();

    // The retry, in a transaction that sees the endpoint, goes through.
    const retry = await postgres.db
      .startTransaction()
      .setIsolationLevel('repeatable read')
      .execute();
    await expect(
      store.enqueue(enqueueInput(402, { endpointId: 'ep_new' }), retry),
    ).resolves.toMatchObject({
      created: true,
    });
    await retry.commit().execute();
    expect(await store.countPending()).toBe(2);
  });
});
