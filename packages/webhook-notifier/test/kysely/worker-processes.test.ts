import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/index.js';
import { createKyselyStore, type KyselyStore } from '../../src/kysely/index.js';
import { truncateWebhookTables, usePostgres } from './support/postgres.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import { assertPackageBuilt, killAllWorkers, startWorker } from './support/worker-processes.js';

const postgres = usePostgres();
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('several worker processes on one PostgreSQL', () => {
  let receiver: Receiver;
  let store: KyselyStore;
  beforeAll(() => assertPackageBuilt());
  beforeEach(async () => {
    await truncateWebhookTables(postgres.db);
    receiver = await startReceiver();
    store = createKyselyStore(postgres.db);
  });
  afterEach(async () => {
    await killAllWorkers();
    await receiver.close();
  });

  /**
   * Enqueues `count` messages from this process, in application transactions of `perCommit`
   * messages, `parallel` transactions at a time; returns their ids in payload order.
   */
  async function enqueueMany(count: number, perCommit = 50, parallel = 4): Promise<string[]> {
    const notifier = createNotifier({ store, ssrf: { allow: ['127.0.0.1'] } });
    const endpoint = { id: 'receiver', url: receiver.url, secrets: SECRET };
    const ids: string[] = new Array(count);
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < count) {
          const first = next;
          next = Math.min(count, next + perCommit);
          const last = next;
          await postgres.db.transaction().execute(async (tx) => {
            for (let seq = first; seq < last; seq++) {
              const payload = { seq };
              const receipt = await notifier.enqueue(
                { endpoint, eventType: 'load.test', payload },
                { tx },
              );
              ids[seq] = receipt.messageId;
            }
          });
        }
      }),
    );
    return ids;
  }

  /** Settling follows the receiver's answer: wait for the store to catch up. */
  async function settled(): Promise<void> {
    while ((await store.countPending()) > 0) await sleep(50);
  }

  it('delivers 5,000 messages across 4 processes, every one exactly once', async () => {
    const workers = ['w1', 'w2', 'w3', 'w4'].map((id) =>
      startWorker(postgres.database.connectionString, id),
    );
    await Promise.all(workers.map((worker) => worker.ready));

    const ids = await enqueueMany(5000);
    await receiver.distinct(5000);
    await settled();
    const deliveredPerWorker = await Promise.all(workers.map((worker) => worker.stop()));

    expect(workers.flatMap((worker) => worker.errors)).toEqual([]);
    expect(receiver.received).toHaveLength(5000);
    expect([...receiver.countsById.keys()].sort()).toEqual([...ids].sort());
    expect(deliveredPerWorker.reduce((sum, n) => sum + n, 0)).toBe(5000);
    expect(deliveredPerWorker.filter((n) => n > 0).length).toBeGreaterThan(1);
    const delivered = await postgres.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', '=', 'delivered')
      .where('attempts', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(delivered.count)).toBe(5000);
  }, 120_000);

  it('loses nothing when a worker is killed mid-batch: another takes over, a repeat keeps its webhook-id', async () => {
    const count = 300;
    const ids = await enqueueMany(count);
    receiver.hold(true);
    const doomed = startWorker(postgres.database.connectionString, 'doomed', {
      leaseMs: 1500,
      timeoutMs: 1000,
    });
    await doomed.ready;

    await receiver.arrivals(10);
    await doomed.kill();
    const inFlightAtKill = new Set(receiver.countsById.keys());
    receiver.hold(false);
    const successor = startWorker(postgres.database.connectionString, 'successor', {
      leaseMs: 1500,
      timeoutMs: 1000,
    });
    await successor.ready;
    await receiver.distinct(count);
    await settled();
    await successor.stop();

    expect(successor.errors).toEqual([]);
    expect([...receiver.countsById.keys()].sort()).toEqual([...ids].sort());
    // What the killed worker had on the wire was never settled, so it went out again...
    for (const id of inFlightAtKill) expect(receiver.countsById.get(id)).toBeGreaterThanOrEqual(2);
    // ...and only that was repeated, always as the same message: same webhook-id, same bytes.
    const repeated = [...receiver.countsById].filter(([, n]) => n > 1).map(([id]) => id);
    expect(repeated.every((id) => inFlightAtKill.has(id))).toBe(true);
    const bodiesById = new Map<string, Set<string>>();
    const idsBySeq = new Map<number, Set<string>>();
    for (const { webhookId, body } of receiver.received) {
      bodiesById.set(webhookId, (bodiesById.get(webhookId) ?? new Set()).add(body.toString('hex')));
      const { seq } = JSON.parse(body.toString('utf8')) as { seq: number };
      idsBySeq.set(seq, (idsBySeq.get(seq) ?? new Set()).add(webhookId));
    }
    expect([...bodiesById.values()].every((bodies) => bodies.size === 1)).toBe(true);
    expect(ids.map((_, seq) => [...(idsBySeq.get(seq) ?? [])])).toEqual(ids.map((id) => [id]));
    expect(await store.countPending()).toBe(0);
  }, 120_000);
});
