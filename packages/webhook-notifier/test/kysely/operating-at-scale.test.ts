import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/admin/create-admin.js';
import { createKyselyStore } from '../../src/kysely/index.js';
import { at, delivered, enqueueInput } from '../store-conformance/fixtures.js';
import { truncateWebhookTables, usePostgres } from './support/postgres.js';
import { seedHistory } from './support/seed-history.js';

const postgres = usePostgres();
const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2026, 0, 31));

describe('operating deliveries on PostgreSQL at realistic sizes', () => {
  beforeEach(async () => {
    await truncateWebhookTables(postgres.db);
  });
  const setUp = () => {
    const store = createKyselyStore(postgres.db);
    return { store, admin: createAdmin({ store, clock: { now: () => NOW.getTime() } }) };
  };
  const count = async (where: string) => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::integer as n from webhook_deliveries where ${sql.raw(where)}`.execute(
      postgres.db,
    );
    return rows[0]!.n;
  };

  it('replays 20,000 failed deliveries exactly once when two replays run at the same time, while a worker claims', async () => {
    await seedHistory(postgres.db, {
      count: 20_000,
      status: 'failed',
      start: new Date(NOW.getTime() - DAY),
    });
    const { store, admin } = setUp();
    expect(await admin.replay({ dryRun: true })).toMatchObject({ matched: 20_000 });

    const claim = store.claimDue({ now: NOW, limit: 100, workerId: 'w', leaseMs: 60_000 });
    const [one, two] = await Promise.all([
      admin.replay({ batchSize: 1000 }),
      admin.replay({ batchSize: 1000 }),
    ]);
    await claim;

    expect(one.replayed + two.replayed).toBe(20_000);
    expect(await count(`status = 'pending'`)).toBe(20_000);
    expect(await count('true')).toBe(20_000);
    expect(await admin.replay({})).toMatchObject({ replayed: 0 });
  }, 60_000);

  it('computes the statistics of a window over 50,000 attempts in SQL', async () => {
    // Messages 1..10,000 one second apart, message 5,000 half a second before NOW.
    const start = new Date(NOW.getTime() - 5_000_500);
    await seedHistory(postgres.db, { count: 10_000, status: 'delivered', start, attemptsEach: 5 });
    const { admin } = setUp();

    const stats = await admin.stats({ since: new Date(NOW.getTime() - 4_000_000), until: NOW });

    // In the window: messages 1,001 to 5,000, with their 5 attempts each (10 to 50 ms).
    expect(stats.overall).toMatchObject({
      messages: 4_000,
      deliveries: 4_000,
      delivered: 4_000,
      attempts: 20_000,
      firstAttemptSuccessRate: 0,
      eventualSuccessRate: 1,
      latencyMs: { p50: 30, p95: 50, p99: 50 },
    });
    expect(stats.endpoints.map((row) => row.attempts)).toEqual(Array(10).fill(2_000));
  });

  it('writes each attempt with its endpoint, so statistics need not look the delivery up', async () => {
    const { store } = setUp();
    await store.enqueue(enqueueInput(1, { endpointId: 'ep_z' }));
    await store.claimDue({ now: at(10), limit: 1, workerId: 'w', leaseMs: 60_000 });
    await store.settle([delivered('dlv_0001', 'w', 1, at(20))]);

    const { rows } = await sql<{ endpoint_id: string }>`
      select endpoint_id from webhook_attempts`.execute(postgres.db);
    expect(rows).toEqual([{ endpoint_id: 'ep_z' }]);
  });

  it('prunes 20,000 old messages in small batches, one process at a time', async () => {
    await seedHistory(postgres.db, {
      count: 20_000,
      status: 'delivered',
      start: new Date(NOW.getTime() - 30 * DAY),
      attemptsEach: 2,
    });
    const { admin } = setUp();
    const policy = { deliveredMaxAgeMs: 7 * DAY, failedMaxAgeMs: 30 * DAY, batchSize: 500 };

    // Another process is pruning: this one returns at once and deletes nothing.
    await postgres.db.connection().execute(async (other) => {
      await sql`select pg_advisory_lock(hashtext('dramarelay_webhook'), hashtext('prune:'))`.execute(
        other,
      );
      expect(await admin.prune(policy)).toEqual({
        ran: false,
        batches: 0,
        messages: 0,
        deliveries: 0,
        attempts: 0,
      });
      await sql`select pg_advisory_unlock(hashtext('dramarelay_webhook'), hashtext('prune:'))`.execute(
        other,
      );
    });

    const result = await admin.prune({ ...policy, maxBatches: 10 });
    expect(result).toEqual({
      ran: true,
      batches: 10,
      messages: 5_000,
      deliveries: 5_000,
      attempts: 10_000,
    });
    expect(await admin.prune(policy)).toMatchObject({ ran: true, batches: 31, messages: 15_000 });
    expect(await count('true')).toBe(0);
  }, 60_000);
});
