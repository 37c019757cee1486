import { sql } from 'kysely';
import pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKyselyStore, type ListenClient } from '../../src/kysely/index.js';
import { at, enqueueInput } from '../store-conformance/fixtures.js';
import { truncateWebhookTables, usePostgres } from './support/postgres.js';
import { createSignal } from './support/signal.js';

const postgres = usePostgres();

describe('subscribe (LISTEN/NOTIFY)', () => {
  beforeEach(() => truncateWebhookTables(postgres.db));

  it('has no subscribe without listen options, so the engine polls', () => {
    expect(createKyselyStore(postgres.db).subscribe).toBeUndefined();
  });

  it('uses the connection your factory returns, and ends it on the last unsubscribe', async () => {
    const clients: pg.Client[] = [];
    const store = createKyselyStore(postgres.db, {
      listen: {
        async connect(): Promise<ListenClient> {
          const client = new pg.Client({ connectionString: postgres.database.connectionString });
          await client.connect();
          clients.push(client);
          return client;
        },
      },
    });
    const wakes = createSignal();
    const unsubscribeFirst = await store.subscribe!(wakes.fire);
    const unsubscribeSecond = await store.subscribe!(wakes.fire);

    await store.enqueue(enqueueInput(1));
    await wakes.reached(2);
    expect(clients).toHaveLength(1);
    const ended = new Promise((resolve) => clients[0]!.once('end', resolve));
    await unsubscribeFirst();
    await unsubscribeSecond();
    await ended;
  });

  it('listens on its own channel only', async () => {
    const store = createKyselyStore(postgres.db, {
      notifyChannel: 'orders_webhooks',
      listen: { connectionString: postgres.database.connectionString },
    });
    const wakes = createSignal();
    const unsubscribe = await store.subscribe!(wakes.fire);

    await sql`select pg_notify('dramarelay_webhook', '')`.execute(postgres.db);
    await store.enqueue(enqueueInput(1));
    await wakes.reached(1);

    expect(wakes.count).toBe(1);
    await unsubscribe();
  });

  it('wakes on redeliver and when an endpoint can be claimed again', async () => {
    const store = createKyselyStore(postgres.db, {
      listen: { connectionString: postgres.database.connectionString },
    });
    await store.enqueue(enqueueInput(1));
    await store.updateEndpoint('ep_a', { pausedUntil: at(1000) });
    const wakes = createSignal();
    const unsubscribe = await store.subscribe!(wakes.fire);

    await store.redeliver('dlv_0001', at(2000));
    await wakes.reached(1);
    await store.updateEndpoint('ep_a', { pausedUntil: null });
    await wakes.reached(2);

    expect(wakes.count).toBe(2);
    await unsubscribe();
  });

  it('reconnects after its connection is killed, wakes once to catch up, and keeps waking', async () => {
    const errors: unknown[] = [];
    const store = createKyselyStore(postgres.db, {
      listen: {
        connectionString: postgres.database.connectionString,
        reconnectDelayMs: { min: 5, max: 20 },
        onError: (error) => errors.push(error),
      },
    });
    const wakes = createSignal();
    const unsubscribe = await store.subscribe!(wakes.fire);

    await sql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and query like 'LISTEN%'
    `.execute(postgres.db);
    await wakes.reached(1);
    expect(errors.length).toBeGreaterThan(0);

    await store.enqueue(enqueueInput(1));
    await wakes.reached(2);
    await unsubscribe();
  });

  it('rejects subscribe when the first connection fails', async () => {
    const store = createKyselyStore(postgres.db, {
      listen: { connectionString: 'postgres://postgres@127.0.0.1:1/nowhere' },
    });
    await expect(store.subscribe!(() => {})).rejects.toThrow();
  });
});
